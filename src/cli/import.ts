// `npm run import -- inventory.csv [--tenant <id>] [--dry-run]`: the operator console's CSV import, from a shell.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { migrate, openDb } from '../../db/index.ts';
import { loadConfig } from '../config.ts';
import { runCli, UsageError } from './run.ts';
import { AppError } from '../errors.ts';
import { systemClock } from '../clock.ts';
import { OperatorService, type ImportReport, type RejectedRow, type Staff } from '../operators/index.ts';
import { deriveKeys } from '../security/index.ts';

const USAGE = `Usage: npm run import -- FILE.csv [--tenant <id>] [--dry-run]

  FILE.csv          columns room_type_id,night,allotment,price,stop_sell (by name; others are ignored, so an
                    export from the operator console can be edited and imported back); an empty cell leaves
                    that value as it is; price in yuan (688.00); stop_sell true or false
  --tenant <id>     only this tenant's room types (others are rejected as unknown); default: every tenant
  --dry-run         check every row and report what would change; change nothing
  -h, --help        this text

All or nothing: when any row is rejected, nothing is changed; the rejected rows are listed with their line and
reason, and the exit code is 1. Environment: DATABASE_URL (else embedded PGlite under DATA_DIR), DATA_DIR.
The embedded database takes one process at a time: stop the app before importing into it.`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The command acts for no account: an id that names nobody. */
const NOBODY = '00000000-0000-0000-0000-000000000000';

interface Args {
  file?: string;
  tenant?: string;
  dryRun: boolean;
  help: boolean;
}

function parse(argv: string[]): Args {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: { tenant: { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help) return { dryRun: false, help: true };
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'give one file' : 'which file? give the CSV to import');
  if (values.tenant !== undefined && !UUID.test(values.tenant)) throw new UsageError(`--tenant must be a tenant id, got "${values.tenant}"`);
  return { file: positionals[0], tenant: values.tenant?.toLowerCase(), dryRun: values['dry-run'] ?? false, help: false };
}

function printRejected(rejected: RejectedRow[], count: number): void {
  console.error(`\nRejected row${count === 1 ? '' : 's'} (line, reason):`);
  for (const r of rejected) {
    const what = [r.roomTypeId, r.night].filter(Boolean).join(' ');
    console.error(`  line ${String(r.line).padStart(6)}  ${r.reason}${what ? `  (${what})` : ''}`);
  }
  if (count > rejected.length) console.error(`  … and ${count - rejected.length} more`);
}

function printReport(r: ImportReport, seconds: string): void {
  const verb = r.dryRun ? 'Dry run: would apply' : 'Applied';
  console.log(`${verb} ${r.applied} of ${r.rows} rows (${r.created} nights created, ${r.updated} updated, ${r.unchanged} unchanged) in ${seconds} s.`);
}

async function main(argv: string[]): Promise<number> {
  const args = parse(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig(process.env);
  let text: string;
  try {
    text = await readFile(args.file!, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${args.file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, max: 2, applicationName: 'tourdesk-import' });
  const bars = new cliProgress.MultiBar(
    { format: '  {phase} {bar} {percentage}% | {value}/{total} rows', hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  const shown = new Map<string, cliProgress.SingleBar>();
  try {
    await migrate(db);
    if (args.tenant) {
      const { rows } = await db.query('SELECT 1 FROM tenants WHERE id = $1', [args.tenant]);
      if (!rows.length) throw new UsageError(`no tenant ${args.tenant}`);
    }
    const staff: Staff = args.tenant ? { userId: NOBODY, role: 'operator', tenantId: args.tenant } : { userId: NOBODY, role: 'admin', tenantId: null };
    // Inventory holds no personal data: the keys are never used here, so a throwaway pair will do.
    const keys = deriveKeys(config.dataKey ?? randomBytes(32).toString('base64'));
    const operators = new OperatorService({ db, clock: systemClock, keys, timeZone: config.hotelTimeZone });
    const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}/pg`;
    console.log(`${args.dryRun ? 'Checking' : 'Importing'} ${args.file} into ${where}…`);
    const started = performance.now();
    try {
      const report = await operators.importInventory(staff, text, {
        dryRun: args.dryRun,
        onProgress: (phase, done, total) => {
          let bar = shown.get(phase);
          if (!bar) shown.set(phase, (bar = bars.create(total, 0, { phase: phase.padEnd(10) })));
          bar.setTotal(total);
          bar.update(done, { phase: phase.padEnd(10) });
        },
      });
      bars.stop();
      printReport(report, ((performance.now() - started) / 1000).toFixed(1));
      return 0;
    } catch (err) {
      bars.stop();
      if (err instanceof AppError && err.code === 'invalid_csv') {
        const d = err.details as { rejected: RejectedRow[]; rejectedCount: number };
        console.error(err.message);
        if (d.rejectedCount) printRejected(d.rejected, d.rejectedCount);
        return 1;
      }
      if (err instanceof AppError) {
        console.error(`import refused: ${err.message}`);
        return 1;
      }
      throw err;
    }
  } finally {
    bars.stop();
    await db.close();
  }
}

runCli('import', USAGE, () => main(process.argv.slice(2)));
