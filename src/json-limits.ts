// What no stored JSON may hold: UTF-16 halves without their other half (jsonb refuses them), and nesting past a sane
// depth (walking it recursively would overflow the stack). Shared by the HTTP edge and the turn's own schema.

/** Deepest nesting of arrays and objects any body or payload may have; no schema here goes past a handful. */
export const MAX_JSON_DEPTH = 32;

/** A UTF-16 surrogate without its other half. */
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Walks `value` with its own stack (a deep value cannot overflow ours) and returns the first reason it cannot be
 * taken that `check` finds in a string or key, or 'too_deep', or undefined when it is fine.
 * @example walkJson({ a: [1] }, (s) => (s.includes('\u0000') ? 'nul' : undefined)) // undefined
 */
export function walkJson<R extends string>(value: unknown, check?: (text: string, isKey: boolean) => R | undefined): R | 'too_deep' | undefined {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v === 'string') {
      const bad = check?.(v, false);
      if (bad) return bad;
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_JSON_DEPTH) return 'too_deep';
      if (Array.isArray(v)) for (const x of v) stack.push([x, depth + 1]);
      else {
        for (const [k, x] of Object.entries(v)) {
          const bad = check?.(k, true);
          if (bad) return bad;
          stack.push([x, depth + 1]);
        }
      }
    }
  }
  return undefined;
}
