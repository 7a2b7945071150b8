// Idempotency keys: the first answer to a keyed request is kept (as text) in the same transaction as its write.
import { createHash } from 'node:crypto';
import type { Queryable } from '../../db/index.ts';
import { AppError } from '../errors.ts';

/** A stable hash of a request, independent of key order. */
export function requestHash(value: unknown): string {
  const canon = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canon)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon((v as Record<string, unknown>)[k])]))
        : v;
  return createHash('sha256').update(JSON.stringify(canon(value))).digest('hex');
}

/**
 * Runs `fn` once per (scope, key) inside transaction `tx`: a repeat with the same request returns the stored
 * first answer; a repeat with another request is `idempotency_key_reused`. A concurrent repeat waits on the
 * key's row until the first commits (then replays) or rolls back (then runs itself).
 */
export async function once<T>(
  tx: Queryable,
  scope: string,
  key: string,
  hash: string,
  fn: () => Promise<T>,
): Promise<{ value: T; replayed: boolean }> {
  const claimed = await tx.query(
    `INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response)
     VALUES ($1, $2, $3, 0, '') ON CONFLICT (scope, key) DO NOTHING`,
    [scope, key, hash],
  );
  if (claimed.rowCount === 0) {
    const { rows } = await tx.query<{ request_hash: string; response: string }>(
      'SELECT request_hash, response FROM idempotency_keys WHERE scope = $1 AND key = $2',
      [scope, key],
    );
    const row = rows[0];
    if (!row) throw new AppError('conflict', 'The request with this Idempotency-Key is still being processed.');
    if (row.request_hash !== hash) throw new AppError('idempotency_key_reused');
    return { value: JSON.parse(row.response) as T, replayed: true };
  }
  const value = await fn();
  await tx.query('UPDATE idempotency_keys SET status_code = 201, response = $3 WHERE scope = $1 AND key = $2', [
    scope,
    key,
    JSON.stringify(value),
  ]);
  return { value, replayed: false };
}
