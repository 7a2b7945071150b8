// `npm run seed`: the demo data, or with --hotels benchmark-sized data, into the configured database.
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfig } from '../../src/config.ts';
import { runCli, UsageError } from '../../src/cli/run.ts';
import { isIsoDate, todayIn } from '../../src/dates.ts';
import { migrate, openDb } from '../index.ts';
import { BULK_LIMITS, demoCredentialsPath, seedBulk, seedDemo, type DemoLogin, type SeedCounts } from '../seed/index.ts';

const USAGE = `Usage: npm run seed [-- options]

  (no options)            the demo: two hotel groups in six cities, staff logins, 180 nights of rooms
  --hotels N              benchmark data instead: N hotels of the tenant "Bench Hotels" (1…${BULK_LIMITS.hotels})
  --room-types N          room types per bench hotel (1…${BULK_LIMITS.roomTypes}, default 4)
  --nights N              nights of inventory from today (1…${BULK_LIMITS.nights}; demo default 180, bench 365)
  --today YYYY-MM-DD      the first night (default: today in TZ_HOTELS)
  --beijing-limit N       demo only: seed N of the 1,133 Beijing hotels
  -h, --help              this text

Environment: DATABASE_URL (else embedded PGlite under DATA_DIR), DATA_DIR, TZ_HOTELS. Seeding is idempotent.`;

/** A bad command line: reported with the usage and exit code 2. */

interface Args {
  hotels?: number;
  roomTypes?: number;
  nights?: number;
  today?: string;
  beijingLimit?: number;
  help: boolean;
}

function whole(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw new UsageError(`--${flag} must be a whole number, got "${value}"`);
  if (n < min || n > max) throw new UsageError(`--${flag} must be ${min}…${max}, got ${n}`);
  return n;
}

function parse(argv: string[]): Args {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        hotels: { type: 'string' },
        'room-types': { type: 'string' },
        nights: { type: 'string' },
        today: { type: 'string' },
        'beijing-limit': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.today !== undefined && !isIsoDate(values.today)) {
    throw new UsageError(`--today must be a date as YYYY-MM-DD, got "${values.today}"`);
  }
  const args: Args = {
    hotels: whole('hotels', values.hotels, 1, BULK_LIMITS.hotels),
    roomTypes: whole('room-types', values['room-types'], 1, BULK_LIMITS.roomTypes),
    nights: whole('nights', values.nights, 1, BULK_LIMITS.nights),
    today: values.today,
    beijingLimit: whole('beijing-limit', values['beijing-limit'], 0, 1133),
    help: values.help ?? false,
  };
  if (args.hotels === undefined && args.roomTypes !== undefined) throw new UsageError('--room-types needs --hotels');
  if (args.hotels !== undefined && args.beijingLimit !== undefined) throw new UsageError('--beijing-limit is for the demo, not with --hotels');
  return args;
}

const fmt = (n: number) => n.toLocaleString('en-US');
const counts = (c: SeedCounts) => `${fmt(c.hotels)} hotels, ${fmt(c.roomTypes)} room types, ${fmt(c.inventoryRows)} nights of inventory`;

function printLogins(logins: DemoLogin[], file: string): void {
  console.log('\nDemo logins:');
  for (const l of logins) {
    const who = l.tenant ? `${l.role} of ${l.tenant}` : l.role;
    console.log(`  ${l.email.padEnd(24)} ${(l.password ?? '(not known here)').padEnd(14)} ${who}`);
  }
  if (logins.some((l) => !l.password)) console.log(`  Passwords are shown while ${file} has them; it is written when the users are created.`);
  else console.log(`  Kept in ${file} (readable only by you).`);
}

async function main(argv: string[]): Promise<number> {
  const args = parse(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig(process.env);
  const today = args.today ?? todayIn(config.hotelTimeZone, new Date());
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, max: 4, applicationName: 'tourdesk-seed' });
  const bar = new cliProgress.SingleBar(
    { format: '  {bar} {percentage}% | {value}/{total} hotels | {duration}s', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  try {
    const applied = await migrate(db);
    if (applied.length) console.log(`Migrated: ${applied.join(', ')}`);
    const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}/pg`;
    const started = performance.now();
    let begun = false;
    const onProgress = (done: number, total: number) => {
      if (!begun) bar.start(total, 0);
      begun = true;
      bar.update(done);
    };
    if (args.hotels !== undefined) {
      const nights = args.nights ?? 365;
      console.log(`Seeding ${fmt(args.hotels)} bench hotels × ${nights} nights from ${today} into ${where}…`);
      const r = await seedBulk(db, { hotels: args.hotels, nights, roomTypes: args.roomTypes, today, onProgress });
      bar.stop();
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`Bench Hotels: ${counts(r)}; this run added ${counts(r.added)} in ${seconds} s.`);
    } else {
      const nights = args.nights ?? 180;
      const file = demoCredentialsPath(config.dataDir);
      console.log(`Seeding the demo (${nights} nights from ${today}) into ${where}…`);
      const r = await seedDemo(db, {
        timeZone: config.hotelTimeZone,
        today,
        nights,
        credentialsFile: file,
        beijingLimit: args.beijingLimit,
        onProgress,
      });
      bar.stop();
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`Demo: ${counts(r)}; this run added ${counts(r.added)} in ${seconds} s.`);
      printLogins(r.logins, file);
    }
    return 0;
  } finally {
    bar.stop();
    await db.close();
  }
}

runCli('seed', USAGE, () => main(process.argv.slice(2)));
