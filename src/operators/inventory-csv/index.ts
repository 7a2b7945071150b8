// Inventory as CSV: export the calendar, import it back (all or nothing), and the rows both speak of.
export { exportInventoryCsv, type InventoryExportQuery } from './export.ts';
export { importInventory } from './import.ts';
export { parseInventoryCsv, type ParsedCsv } from './parse.ts';
export { spreadsheetSafe } from './cells.ts';
export { EXPORT_COLUMNS, IMPORT_COLUMNS, MAX_REJECTED, type ImportProgress, type ImportReport, type ImportRow, type RejectedRow } from './rows.ts';
export { fenFromYuan, yuanText } from './yuan.ts';
