// `npm run migrate`: brings the configured database's schema up to date and lists its versions.
import { loadConfigOrExit } from '../../src/config.ts';
import { migrate, openDb } from '../index.ts';

async function main(): Promise<number> {
  const config = loadConfigOrExit(process.env, 2);
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, max: 1, applicationName: 'tourdesk-migrate' });
  try {
    const applied = await migrate(db);
    const { rows } = await db.query<{ version: string; name: string; applied_at: Date | string }>(
      'SELECT version, name, applied_at FROM schema_migrations ORDER BY version',
    );
    const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}/pg`;
    console.log(applied.length ? `Applied ${applied.join(', ')} to ${where}.` : `${where} is up to date.`);
    for (const r of rows) console.log(`  ${r.version}  ${r.name}  ${new Date(r.applied_at).toISOString()}`);
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`migrate failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
