// What no JSON body may hold, refused at the edge: NUL characters, unpaired surrogates, and nesting past a sane depth.
import type { RequestHandler } from 'express';
import { AppError } from '../errors.ts';
import { LONE_SURROGATE, MAX_JSON_DEPTH, walkJson } from '../json-limits.ts';

/** U+0000 (PostgreSQL's text and jsonb refuse it) and UTF-16 halves without their other half (jsonb refuses those). */
const UNSTORABLE = new RegExp(`\\u0000|${LONE_SURROGATE.source}`);

/**
 * The first reason `value` cannot be taken, or undefined.
 * @example badJson({ text: 'a\u0000' }) // 'a string holds a NUL character or an unpaired surrogate'
 */
export function badJson(value: unknown): string | undefined {
  const found = walkJson(value, (text, isKey) => (UNSTORABLE.test(text) ? (isKey ? 'key' : 'string') : undefined));
  if (found === 'too_deep') return `the body is nested deeper than ${MAX_JSON_DEPTH} levels`;
  return found ? `a ${found} holds a NUL character or an unpaired surrogate` : undefined;
}

/**
 * Middleware after the JSON parser: 400 `invalid_request` for a body {@link badJson} refuses, before any route reads it.
 * @example app.use(express.json(), bodyGuard);
 */
export const bodyGuard: RequestHandler = (req, _res, next) => {
  const problem = req.body === undefined ? undefined : badJson(req.body);
  next(problem ? new AppError('invalid_request', `Invalid body: ${problem}.`) : undefined);
};
