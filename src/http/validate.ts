// zod at the edge: a body, query or header that fails its schema is a 400 with the zod issues under `details`.
import type { z } from 'zod';
import { AppError } from '../errors.ts';

/**
 * Parses `input` with `schema` or throws a 400 `invalid_request` carrying the issues.
 * @example const body = parse(createHotelBody, req.body);
 */
export function parse<S extends z.ZodType>(schema: S, input: unknown, what = 'body'): z.output<S> {
  const r = schema.safeParse(input ?? (what === 'body' ? undefined : {}));
  if (r.success) return r.data;
  const first = r.error.issues[0];
  const where = first && first.path.length ? `${what}.${first.path.join('.')}` : what;
  throw new AppError('invalid_request', `Invalid ${where}: ${first?.message ?? 'invalid'}`, r.error.issues);
}

/** Route params that must be UUIDs: anything else is simply not found. */
export function uuidParam(value: unknown): string {
  if (typeof value !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) {
    throw new AppError('not_found');
  }
  return value.toLowerCase();
}
