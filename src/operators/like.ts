// Text typed into a search box, made safe for SQL `LIKE` / `ILIKE`.

/**
 * `s` with `LIKE`'s wildcards (`%`, `_`) and its escape character (`\`) taken literally.
 * @example `%${likeLiteral('50%_off')}%` // '%50\%\_off%'
 */
export function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
