// Says once, before the suite, what runs on which engine and what is left out without real services.
export default function setup(): void {
  const left: string[] = [];
  if (!process.env.DATABASE_URL) left.push('DATABASE_URL is unset: database tests run on embedded PGlite, not PostgreSQL.');
  if (!process.env.REDIS_URL) left.push('REDIS_URL is unset: the BullMQ and Redis tests are skipped; in-process jobs are tested instead.');
  if (left.length) console.log(`\nLeft out in this run:\n${left.map((l) => `  - ${l}`).join('\n')}\n`);
  else console.log('\nRunning against PostgreSQL (DATABASE_URL) and Redis (REDIS_URL).\n');
}
