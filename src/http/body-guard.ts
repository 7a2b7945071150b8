// What no JSON body may hold, refused at the edge: NUL characters, unpaired surrogates, and nesting past a sane depth.
import type { RequestHandler } from 'express';
import { AppError } from '../errors.ts';

/** Deepest nesting of arrays and objects any body may have; no schema here goes past a handful. */
export const MAX_BODY_DEPTH = 32;

/** U+0000 (PostgreSQL's text and jsonb refuse it) and UTF-16 halves without their other half (jsonb refuses those). */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The first reason `value` cannot be taken, or undefined. Walks with its own stack, so a deep body cannot overflow ours.
 * @example badJson({ text: 'a\u0000' }) // 'a string holds a NUL character or an unpaired surrogate'
 */
export function badJson(value: unknown): string | undefined {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (UNSTORABLE.test(v)) return 'a string holds a NUL character or an unpaired surrogate';
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_BODY_DEPTH) return `the body is nested deeper than ${MAX_BODY_DEPTH} levels`;
      if (Array.isArray(v)) for (const x of v) stack.push([x, depth + 1]);
      else {
        for (const [k, x] of Object.entries(v)) {
          if (UNSTORABLE.test(k)) return 'a key holds a NUL character or an unpaired surrogate';
          stack.push([x, depth + 1]);
        }
      }
    }
  }
  return undefined;
}

/**
 * Middleware after the JSON parser: 400 `invalid_request` for a body {@link badJson} refuses, before any route reads it.
 * @example app.use(express.json(), bodyGuard);
 */
export const bodyGuard: RequestHandler = (req, _res, next) => {
  const problem = req.body === undefined ? undefined : badJson(req.body);
  next(problem ? new AppError('invalid_request', `Invalid body: ${problem}.`) : undefined);
};
