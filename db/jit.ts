// Queries without PostgreSQL's JIT: the review's and the dashboard's correlated subqueries make the planner's cost
// estimate huge, so JIT compiles for seconds a query that runs in milliseconds (measured: 3.3 s of JIT for a 10 ms page).

/** What can run a read in a transaction. */
interface Transactional<Q> {
  transaction<T>(fn: (tx: Q) => Promise<T>): Promise<T>;
}

/**
 * Runs `fn` in a transaction with JIT off for it alone (`SET LOCAL`), on PostgreSQL and PGlite alike.
 * @example const rows = await withoutJit(db, (tx) => tx.query(sql, params));
 */
export function withoutJit<Q extends { exec(sql: string): Promise<void> }, T>(db: Transactional<Q>, fn: (tx: Q) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.exec('SET LOCAL jit = off');
    return fn(tx);
  });
}
