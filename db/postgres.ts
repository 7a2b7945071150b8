// The Db interface over a pg Pool (DATABASE_URL).
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Db, QueryResult, Queryable } from './types.ts';
import { typeParsers } from './types.ts';

const INT8_ARRAY = 1016;
const parseTextArray = pg.types.getTypeParser(INT8_ARRAY as 1016 as never);
const parsers: Record<number, (value: string) => unknown> = {
  ...typeParsers,
  [INT8_ARRAY]: (v) => (parseTextArray(v) as (string | null)[]).map((x) => (x === null ? null : Number(x))),
};
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    parsers[oid] ?? pg.types.getTypeParser(oid as never, format as 'text')) as typeof pg.types.getTypeParser,
};

/** SQLSTATEs after which the whole transaction may simply be run again. */
const RETRYABLE = new Set(['40001', '40P01']);

// Parameterised statements are prepared once per connection (by a name derived from their text), so PostgreSQL
// parses and plans each of the app's few dozen statements once instead of on every call.
const statementNames = new Map<string, string>();
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `td_${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
    if (statementNames.size < 2000) statementNames.set(sql, name);
  }
  return name;
}

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      const r = params?.length
        ? await client.query({ name: statementName(sql), text: sql, values: params as unknown[] })
        : await client.query(sql);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

/** Options of {@link openPostgres}. */
export interface PostgresOptions {
  /** Pool size; default 20. */
  max?: number;
  applicationName?: string;
}

/**
 * Opens a pool on `url`. Transactions that fail on a serialization failure or deadlock are retried (3 tries).
 * @example const db = openPostgres(process.env.DATABASE_URL!);
 */
export function openPostgres(url: string, options: PostgresOptions = {}): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 20,
    types,
    application_name: options.applicationName ?? 'tourdesk',
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const face = wrap(pool);
  return {
    kind: 'postgres',
    query: face.query,
    exec: face.exec,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        let broken = false;
        // A connection lost while checked out (the server restarted mid-transaction) emits 'error' on its client:
        // without a listener that would end the process. The transaction's next query fails; the client is dropped.
        const lost = () => {
          broken = true;
        };
        client.on('error', lost);
        try {
          await client.query('BEGIN');
          const result = await fn(wrap(client));
          await client.query('COMMIT');
          return result;
        } catch (err) {
          try {
            await client.query('ROLLBACK');
          } catch {
            broken = true;
          }
          const code = (err as { code?: string }).code;
          if (attempt < 3 && code && RETRYABLE.has(code)) continue;
          throw err;
        } finally {
          client.off('error', lost);
          client.release(broken);
        }
      }
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      await pool.end();
    },
  };
}
