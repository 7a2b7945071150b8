// The list of kept reservation codes: newest first, each once, bounded.

/** How many codes the phone keeps. */
export const MAX_KEPT_CODES = 50;

/**
 * `codes` with `code` (upper-cased) moved or added to the front, at most {@link MAX_KEPT_CODES}.
 * @example rememberCode(['AB12'], 'cd34') // ['CD34', 'AB12']
 */
export function rememberCode(codes: readonly string[], code: string): string[] {
  const c = code.trim().toUpperCase();
  if (!/^[A-Z0-9]{4,16}$/.test(c)) return codes.slice(0, MAX_KEPT_CODES);
  return [c, ...codes.filter((x) => x !== c)].slice(0, MAX_KEPT_CODES);
}
