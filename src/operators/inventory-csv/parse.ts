// Reading an inventory CSV: csv-parse for the format, then each row's cells checked on their own (no database).
import { CsvError, parse } from 'csv-parse/sync';
import { isIsoDate } from '../../dates.ts';
import { MAX_ALLOTMENT, MAX_FEN } from '../schemas.ts';
import { IMPORT_COLUMNS, type ImportRow, type RejectedRow } from './rows.ts';
import { fenFromYuan } from './yuan.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TRUE = new Set(['true', '1', 'yes', 'y', '是']);
const FALSE = new Set(['false', '0', 'no', 'n', '否']);

/** What the cells of a file say: rows good so far, rows already rejected, and a problem with the whole file. */
export interface ParsedCsv {
  rows: ImportRow[];
  rejected: RejectedRow[];
  /** Rows read, good or not. */
  total: number;
  /** The file itself cannot be read (not CSV, a required column missing). */
  fileError?: string;
}

function cellsOf(text: string): { records: Array<{ record: string[]; info: { lines: number } }>; error?: string } {
  try {
    const records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as unknown as Array<{
      record: string[];
      info: { lines: number };
    }>;
    return { records };
  } catch (err) {
    if (err instanceof CsvError) return { records: [], error: `line ${(err as unknown as { lines?: number }).lines ?? '?'}: ${err.message}` };
    throw err;
  }
}

/**
 * Reads the file and checks every row's cells: a room type id, a real date, whole non-negative allotments, prices in
 * yuan, true/false for stop-sell, and each room type and night at most once. Empty cells mean "leave unchanged".
 * @example const { rows, rejected } = parseInventoryCsv('room_type_id,night,allotment,price,stop_sell\n…');
 */
export function parseInventoryCsv(text: string): ParsedCsv {
  const { records, error } = cellsOf(text);
  if (error) return { rows: [], rejected: [], total: 0, fileError: `The file is not valid CSV (${error}).` };
  const [header, ...body] = records;
  if (!header) return { rows: [], rejected: [], total: 0, fileError: 'The file is empty: it needs a header line and rows.' };
  const names = header.record.map((h) => h.trim().toLowerCase());
  const missing = IMPORT_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length) {
    return { rows: [], rejected: [], total: body.length, fileError: `The header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.` };
  }
  const at = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<(typeof IMPORT_COLUMNS)[number], number>;
  const rows: ImportRow[] = [];
  const rejected: RejectedRow[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of body) {
    const line = info.lines;
    const cell = (c: keyof typeof at) => (record[at[c]] ?? '').trim();
    const roomTypeId = cell('room_type_id').toLowerCase();
    const night = cell('night');
    const reasons: string[] = [];
    if (!UUID.test(roomTypeId)) reasons.push('room_type_id is not a room type id');
    if (!isIsoDate(night)) reasons.push('night is not a date as YYYY-MM-DD');
    const row: ImportRow = { line, roomTypeId, night };
    const a = cell('allotment');
    if (a !== '') {
      if (!/^\d+$/.test(a) || Number(a) > MAX_ALLOTMENT) reasons.push(`allotment must be a whole number 0…${MAX_ALLOTMENT}`);
      else row.allotment = Number(a);
    }
    const p = cell('price');
    if (p !== '') {
      const fen = fenFromYuan(p);
      if (fen === undefined || fen > MAX_FEN) reasons.push('price must be a non-negative amount in yuan with at most two decimals');
      else row.price = fen;
    }
    const s = cell('stop_sell').toLowerCase();
    if (s !== '') {
      if (TRUE.has(s)) row.stopSell = true;
      else if (FALSE.has(s)) row.stopSell = false;
      else reasons.push('stop_sell must be true or false');
    }
    const key = `${roomTypeId}|${night}`;
    const first = seen.get(key);
    if (first !== undefined && !reasons.length) reasons.push(`duplicate of line ${first} (same room type and night)`);
    else if (!reasons.length) seen.set(key, line);
    if (reasons.length) {
      rejected.push({ line, roomTypeId: roomTypeId || null, night: night || null, reason: reasons.join('; ') });
    } else rows.push(row);
  }
  return { rows, rejected, total: body.length };
}
