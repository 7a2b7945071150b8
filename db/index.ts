// The database's face: open it from the configuration, migrate it, and the query interface.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openPglite } from './pglite.ts';
import { openPostgres, type PostgresOptions } from './postgres.ts';
import type { Db } from './types.ts';

export type { Db, Queryable, QueryResult } from './types.ts';
export { migrate, loadMigrations } from './migrate.ts';
export { openPglite } from './pglite.ts';
export { openPostgres } from './postgres.ts';
export { withoutJit } from './jit.ts';

/**
 * PostgreSQL when `databaseUrl` is set, else embedded PGlite under `dataDir/pg`.
 * @example const db = await openDb({ databaseUrl: process.env.DATABASE_URL, dataDir: './.data' });
 */
export async function openDb(opts: { databaseUrl?: string; dataDir: string } & PostgresOptions): Promise<Db> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts);
  const dir = join(opts.dataDir, 'pg');
  await mkdir(dir, { recursive: true });
  return openPglite(dir);
}
