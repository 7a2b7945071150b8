// The Db interface over embedded PGlite: one database session, so one transaction at a time.
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { Db, QueryResult, Queryable } from './types.ts';
import { typeParsers } from './types.ts';

/** Runs tasks one after another. */
class Mutex {
  #tail: Promise<unknown> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.#tail.then(task, task);
    this.#tail = next.catch(() => undefined);
    return next;
  }
}

function wrap(target: PGlite | Transaction): Queryable {
  return {
    async query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      const r = await target.query<T>(sql, params as unknown[] | undefined);
      // PGlite reports affectedRows 0 for a SELECT; pg's rowCount counts its rows.
      return { rows: r.rows, rowCount: r.rows.length > 0 ? r.rows.length : (r.affectedRows ?? 0) };
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  };
}

/**
 * Opens (or creates) an embedded database in `dataDir`, or in memory when `dataDir` is undefined.
 * @example const db = await openPglite('./.data/pg');
 */
export async function openPglite(dataDir?: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const pg = await PGlite.create(dataDir ?? 'memory://', { parsers: typeParsers });
  const mutex = new Mutex();
  const face = wrap(pg);
  let closed = false;
  return {
    kind: 'pglite',
    query: (sql, params) => mutex.run(() => face.query(sql, params)),
    exec: (sql) => mutex.run(() => face.exec(sql)),
    transaction: (fn) => mutex.run(() => pg.transaction((tx) => fn(wrap(tx)))),
    ping: () => mutex.run(async () => void (await pg.query('SELECT 1'))),
    async close() {
      if (closed) return;
      closed = true;
      await mutex.run(() => pg.close());
    },
  };
}
