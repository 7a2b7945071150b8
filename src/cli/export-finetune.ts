// `npm run export:finetune -- --out FILE`: conversations as OpenAI chat fine-tuning JSONL, with a count of what was
// left out and why.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { migrate, openDb, type Db } from '../../db/index.ts';
import { createTools } from '../../flows/index.ts';
import { BookingService } from '../booking/index.ts';
import { toolSpecs } from '../bot/index.ts';
import { systemClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { runCli, UsageError } from './run.ts';
import { isIsoDate } from '../dates.ts';
import { KnowledgeService } from '../knowledge/index.ts';
import { exportFinetune, LEAVE_OUT_REASONS, type ExportSelection, type FinetuneExportReport } from '../review/index.ts';
import { deriveKeys } from '../security/index.ts';

const USAGE = `Usage: npm run export:finetune -- --out FILE [options]

  --out FILE              where to write the JSONL (one conversation a line); written whole or not at all
  --from YYYY-MM-DD       conversations started on or after this day (TZ_HOTELS)
  --to YYYY-MM-DD         conversations started on or before this day (TZ_HOTELS)
  --only booked|corrected|all
                          booked: ended in a booking the bot made without a person; corrected: an answer was
                          corrected; all: every conversation the bot answered. Default: booked plus corrected.
  --tenant ID             only this tenant's conversations (as its review list shows them)
  -h, --help              this text

Environment: DATABASE_URL (else embedded PGlite under DATA_DIR), DATA_DIR, TZ_HOTELS.
Guest names and phone numbers are replaced by placeholders (<NAME_1>, <PHONE_1>); corrections replace the bot's words.`;

interface Args {
  out?: string;
  from?: string;
  to?: string;
  only: ExportSelection;
  tenant?: string;
  help: boolean;
}

function parse(argv: string[]): Args {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        out: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        only: { type: 'string' },
        tenant: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) return { only: 'default', help: true };
  if (!values.out) throw new UsageError('--out FILE is required');
  for (const flag of ['from', 'to'] as const) {
    const v = values[flag];
    if (v !== undefined && !isIsoDate(v)) throw new UsageError(`--${flag} must be a date as YYYY-MM-DD, got "${v}"`);
  }
  if (values.from && values.to && values.from > values.to) throw new UsageError('--from must not be after --to');
  const only = values.only ?? 'default';
  if (!['booked', 'corrected', 'all', 'default'].includes(only)) throw new UsageError(`--only must be booked, corrected or all, got "${only}"`);
  if (values.tenant !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(values.tenant)) {
    throw new UsageError(`--tenant must be a tenant id (a UUID), got "${values.tenant}"`);
  }
  return { out: values.out, from: values.from, to: values.to, only: only as ExportSelection, tenant: values.tenant?.toLowerCase(), help: false };
}

/** The model's tool specs. The tools are only listed, never run, so their services get a throwaway key. */
function modelTools(db: Db, timeZone: string) {
  const keys = deriveKeys(randomBytes(32).toString('base64'));
  const booking = new BookingService({ db, clock: systemClock, keys, timeZone });
  return toolSpecs(createTools({ db, booking, knowledge: new KnowledgeService(db), keys, clock: systemClock, timeZone, publicUrl: () => '' }));
}

/** The lines printed at the end: what was written and what was left out, by reason. */
function summary(report: FinetuneExportReport, file: string): string {
  const lines = [`Wrote ${report.written} conversation${report.written === 1 ? '' : 's'} to ${file} (of ${report.considered} considered).`];
  const left = Object.entries(report.leftOut).filter(([, n]) => n > 0);
  const total = left.reduce((a, [, n]) => a + n, 0);
  lines.push(total ? `Left out ${total}:` : 'Left out none.');
  for (const [reason, n] of left) lines.push(`  ${String(n).padStart(6)}  ${LEAVE_OUT_REASONS[reason as keyof typeof LEAVE_OUT_REASONS]}`);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const args = parse(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig(process.env);
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, max: 4, applicationName: 'tourdesk-export' });
  const file = args.out!;
  const partial = `${file}.partial-${process.pid}`;
  const bar = new cliProgress.SingleBar(
    { format: '  {bar} {percentage}% | {value}/{total} conversations | {duration}s', hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  const out = createWriteStream(partial, { encoding: 'utf8' });
  let done = false;
  try {
    await migrate(db);
    let begun = false;
    const report = await exportFinetune(
      db,
      async (line) => {
        if (!out.write(line)) await once(out, 'drain');
      },
      {
        from: args.from, to: args.to, only: args.only, tenantId: args.tenant ?? null, tools: modelTools(db, config.hotelTimeZone),
        timeZone: config.hotelTimeZone,
        onProgress: (n, total) => {
          if (!begun) bar.start(total, 0);
          begun = true;
          bar.update(n);
        },
      },
    );
    bar.stop();
    out.end();
    await once(out, 'finish');
    await rename(partial, file);
    done = true;
    console.log(summary(report, file));
    return 0;
  } finally {
    bar.stop();
    if (!done) {
      out.destroy();
      await rm(partial, { force: true });
    }
    await db.close();
  }
}

runCli('export:finetune', USAGE, () => main(process.argv.slice(2)));
