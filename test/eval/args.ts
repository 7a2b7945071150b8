// The command line of `npm run eval`: flags, checked, or a usage error with exit code 2.
import { parseArgs } from 'node:util';

export const USAGE = `Usage: npm run eval [-- options]
       npm run eval -- --compare A.json B.json [--html diff.html]

Runs the traveller scenarios of test/eval/scenarios against the concierge (the offline model, or the
OpenAI-compatible model of LLM_BASE_URL) on a fresh database with the demo hotels, and judges each trial by the
end state of the database.

  --k N                 trials per scenario (default 4); pass^k needs all k to succeed
  --only LIST           scenario ids or globs, comma-separated (e.g. zh-book-*,en-my-bookings)
  --lang zh|en          only the scenarios in this language
  --min-pass X          exit 1 when the overall pass^k is below X (0..1)
  --min-pass1 X         exit 1 when the overall pass^1 is below X (0..1)
  --out FILE            write the report as JSON
  --html FILE           write the report as one self-contained HTML page with plots
  --compare A B         compare two JSON reports side by side (no run); with --html, as a page
  --traveller KIND      scripted (default) or model: a model plays the traveller from each goal
                        (EVAL_TRAVELLER_BASE_URL or LLM_BASE_URL, EVAL_TRAVELLER_MODEL or LLM_MODEL)
  --concurrency N       scenarios run side by side (default 4)
  --seed N              seed of the first trial's paraphrases (default 0)
  --beijing-limit N     seed only N of the 1,133 Beijing hotels (faster)
  --nights N            nights of inventory seeded (default 180)
  --list                list the scenarios and exit
  -h, --help            this text

Environment: DATABASE_URL (a new database is created there and dropped afterwards; else embedded PGlite in a
temporary directory), LLM_BASE_URL / LLM_API_KEY / LLM_MODEL (the concierge; else the offline model).
Exit codes: 0 passed, 1 below a --min-pass threshold, 2 bad usage or a crash.`;

/** A bad command line: reported with the usage and exit code 2. */
export class UsageError extends Error {}

/** The checked flags. */
export interface EvalArgs {
  k: number;
  only?: string;
  lang?: 'zh' | 'en';
  minPass?: number;
  minPass1?: number;
  out?: string;
  html?: string;
  compare?: [string, string];
  traveller: 'scripted' | 'model';
  concurrency: number;
  seed: number;
  beijingLimit?: number;
  nights?: number;
  list: boolean;
  help: boolean;
}

function whole(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`--${flag} must be a whole number ${min}…${max}, got "${value}"`);
  return n;
}

function share(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d*\.?\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!(n >= 0 && n <= 1)) throw new UsageError(`--${flag} must be a number from 0 to 1, got "${value}"`);
  return n;
}

/**
 * Parses the flags of `npm run eval`.
 * @example parseEvalArgs(['--k', '2', '--only', 'zh-*']).k // 2
 */
export function parseEvalArgs(argv: string[]): EvalArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: {
        k: { type: 'string' }, only: { type: 'string' }, lang: { type: 'string' }, 'min-pass': { type: 'string' },
        'min-pass1': { type: 'string' }, out: { type: 'string' }, html: { type: 'string' }, compare: { type: 'boolean' },
        traveller: { type: 'string' }, concurrency: { type: 'string' }, seed: { type: 'string' },
        'beijing-limit': { type: 'string' }, nights: { type: 'string' }, list: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values: v, positionals } = parsed;
  if (v.compare) {
    if (positionals.length !== 2) throw new UsageError(`--compare takes two report files, got ${positionals.length}`);
  } else if (positionals.length) {
    throw new UsageError(`unexpected argument "${positionals[0]}"`);
  }
  if (v.lang !== undefined && v.lang !== 'zh' && v.lang !== 'en') throw new UsageError(`--lang must be zh or en, got "${v.lang}"`);
  if (v.traveller !== undefined && v.traveller !== 'scripted' && v.traveller !== 'model') {
    throw new UsageError(`--traveller must be scripted or model, got "${v.traveller}"`);
  }
  return {
    k: whole('k', v.k, 1, 100) ?? 4,
    only: v.only,
    lang: v.lang as EvalArgs['lang'],
    minPass: share('min-pass', v['min-pass']),
    minPass1: share('min-pass1', v['min-pass1']),
    out: v.out,
    html: v.html,
    compare: v.compare ? [positionals[0]!, positionals[1]!] : undefined,
    traveller: (v.traveller as EvalArgs['traveller']) ?? 'scripted',
    concurrency: whole('concurrency', v.concurrency, 1, 64) ?? 4,
    seed: whole('seed', v.seed, 0, 1_000_000) ?? 0,
    beijingLimit: whole('beijing-limit', v['beijing-limit'], 0, 1133),
    nights: whole('nights', v.nights, 1, 1096),
    list: v.list ?? false,
    help: v.help ?? false,
  };
}
