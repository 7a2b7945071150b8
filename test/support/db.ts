// A database of its own for each test file: a fresh PostgreSQL database (DATABASE_URL) or an in-memory PGlite.
import { randomBytes } from 'node:crypto';
import { migrate, openPglite, openPostgres, type Db } from '../../db/index.ts';

/** A migrated, empty database and the function that drops it. */
export interface TestDb {
  db: Db;
  /** The connection string of this test database (PostgreSQL only). */
  url: string | undefined;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Creates and migrates a database for one test file.
 * @example const t = await createTestDb(); afterAll(() => t.drop());
 */
export async function createTestDb(opts: { poolSize?: number } = {}): Promise<TestDb> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const db = await openPglite();
    await migrate(db);
    return { db, url: undefined, drop: () => db.close() };
  }
  const name = `td_test_${randomBytes(6).toString('hex')}`;
  const admin = openPostgres(base, { max: 1 });
  await admin.exec(`CREATE DATABASE ${name}`);
  await admin.close();
  const url = withDatabase(base, name);
  const db = openPostgres(url, { max: opts.poolSize ?? 20 });
  await migrate(db);
  return {
    db,
    url,
    async drop() {
      await db.close();
      const a = openPostgres(base, { max: 1 });
      await a.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.close();
    },
  };
}

/** Which engine the suite runs on, for test names and messages. */
export const engine = process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite';
