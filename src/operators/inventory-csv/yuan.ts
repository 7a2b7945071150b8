// Prices in CSV files are yuan with two decimals (688.00), as people edit them in a spreadsheet; inside, fen.

/**
 * Fen as yuan with two decimals.
 * @example yuanText(68800) // '688.00'
 */
export function yuanText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Yuan as written in a cell (`688`, `688.5`, `688.00`, `¥1,288.00`) to whole fen; undefined when it is not a price.
 * More than two decimals is refused rather than rounded: a price is never changed silently.
 * @example fenFromYuan('688.00') // 68800
 */
export function fenFromYuan(cell: string): number | undefined {
  const t = cell.trim().replace(/^[¥￥]/, '').replace(/,(?=\d{3}(\D|$))/g, '');
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
