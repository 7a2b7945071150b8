// The one query interface of the whole app: the same SQL runs on PostgreSQL (pg) and embedded PGlite.

/** What a query returns, the same shape on both engines. */
export interface QueryResult<T> {
  rows: T[];
  /** Rows changed by INSERT/UPDATE/DELETE, or rows returned by SELECT. */
  rowCount: number;
}

/** Anything that runs SQL: the database itself, or an open transaction. */
export interface Queryable {
  /** One statement with `$1…$n` parameters. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** A script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/**
 * The database. `transaction` runs `fn` in one transaction: COMMIT when it resolves, ROLLBACK when it throws.
 * @example const code = await db.transaction(async (tx) => { await tx.query('…', [a]); return 'ok'; });
 */
export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Resolves when the database answers; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** SQL type ids whose default JavaScript mapping we change on both engines. */
export const TYPE_OIDS = { int8: 20, numeric: 1700, date: 1082 } as const;

/** int8 as a number (money in fen stays far below 2^53), numeric as a number, date as its `YYYY-MM-DD` text. */
export const typeParsers: Record<number, (value: string) => unknown> = {
  [TYPE_OIDS.int8]: (v) => Number(v),
  [TYPE_OIDS.numeric]: (v) => Number(v),
  [TYPE_OIDS.date]: (v) => v,
};
