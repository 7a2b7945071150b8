// Shared pieces of the benchmarks: flags, throwaway databases, latency statistics and the printed tables.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type http from 'node:http';
import { request } from 'node:http';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';

/** The server benches use when neither --database-url nor DATABASE_URL is given. */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Every flag of every bench. Each bench accepts all of them (and ignores the ones it does not use), so
 * `bench/run.ts` can pass the same command line to each; a misspelt flag is still an error.
 */
const OPTIONS = {
  help: { type: 'boolean', short: 'h', default: false },
  seconds: { type: 'string' },
  clients: { type: 'string' },
  warmup: { type: 'string' },
  'database-url': { type: 'string' },
  hotels: { type: 'string' },
  nights: { type: 'string' },
  queries: { type: 'string' },
  'max-seconds': { type: 'string' },
  embedded: { type: 'boolean', default: false },
  explain: { type: 'boolean', default: false },
  'own-seed': { type: 'boolean', default: false },
  'no-analyze': { type: 'boolean', default: false },
  runs: { type: 'string' },
  only: { type: 'string' },
} as const;

export const USAGE = `Flags (every bench accepts all; each uses its own):
  --seconds N        booking: length of each measured phase (default 10)
  --clients C        booking: concurrent clients / pgbench -c / pool size (default 16)
  --warmup N         booking: unmeasured seconds before phases b and c (default 1)
  --database-url U   server the throwaway database is created on (default $DATABASE_URL or ${DEFAULT_DATABASE_URL})
  --hotels N         search: hotels to seed (default 1000); booking: hotels of bench inventory (default 200)
  --nights N         search: nights of inventory from today (default 365)
  --queries N        search: measured queries (default 3000; baseline gets as many)
  --max-seconds N    search: stop the measured loop after N seconds even if queries remain (default 60)
  --embedded         search: run on in-memory PGlite instead of PostgreSQL
  --explain          search: always print EXPLAIN ANALYZE of the slowest query (else only when p95 misses the goal)
  --own-seed         search: build the data with the bench's own SQL instead of db/seed/bulk.ts
  --no-analyze       search: skip ANALYZE after seeding
  --runs N           cold-start: reopen runs after the first (default 3)
  --only LIST        run.ts: comma-separated subset of booking,search,cold-start`;

export type Flags = ReturnType<typeof parseFlags>;

/** Parses the shared flags; prints usage and exits on --help or an unknown flag. */
export function parseFlags(argv: string[] = process.argv.slice(2)) {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const num = (name: keyof typeof OPTIONS, fallback: number, min = 0): number => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) {
      console.error(`--${name} must be a number ≥ ${min} (got "${String(raw)}")`);
      process.exit(2);
    }
    return n;
  };
  return {
    raw: values,
    num,
    databaseUrl: values['database-url'] ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
  };
}

/** `url` pointing at database `name` instead. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A database created for one bench run, and how to drop it. */
export interface BenchDb {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty `td_bench_<random>` database on the server of `serverUrl`. */
export async function createBenchDb(serverUrl: string): Promise<BenchDb> {
  const name = `td_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  let dropped = false;
  return {
    name,
    url: withDatabase(serverUrl, name),
    async drop() {
      if (dropped) return;
      dropped = true;
      const a = new pg.Client({ connectionString: serverUrl });
      await a.connect();
      try {
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}

/** Latency figures in milliseconds. */
export interface LatencyStats {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of `samples` (milliseconds); sorts a copy. */
export function latencyStats(samples: readonly number[]): LatencyStats {
  const s = Float64Array.from(samples).sort();
  const at = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]! : NaN);
  let sum = 0;
  for (const v of s) sum += v;
  return { n: s.length, mean: s.length ? sum / s.length : NaN, p50: at(50), p95: at(95), p99: at(99), max: s.length ? s[s.length - 1]! : NaN };
}

/** A number for a table cell. */
export function fmt(n: number | undefined, digits = 2): string {
  if (n === undefined || Number.isNaN(n)) return '—';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Prints rows as an aligned table (first row is the header; numbers right-aligned). */
export function printTable(rows: ReadonlyArray<ReadonlyArray<string>>): void {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  const line = (r: ReadonlyArray<string>) =>
    r.map((c, i) => (i > 0 && /^[-+]?[\d,.]+( ?[a-z%×/]+)?$|^—$/.test(c) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  console.log(line(rows[0] ?? []));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
}

/** "ok" / "MISSED" against a goal. */
export const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');

/** Small seeded PRNG (mulberry32), so runs draw comparable workloads. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [lo, hi]. */
export const between = (rnd: () => number, lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));

/** One element of a non-empty array. */
export const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

/** Milliseconds since `t0` (performance.now()). */
export const since = (t0: number) => performance.now() - t0;

/** Seconds as "12.3 s". */
export const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Runs a bench's main and lets the process end by itself once everything is closed. If something is still open
 * 5 s later, says what (a leak worth fixing) and exits anyway.
 */
export function runMain(name: string, main: () => Promise<void>): void {
  main().then(
    () => {
      setTimeout(() => {
        console.error(`${name}: still open 5 s after finishing: ${process.getActiveResourcesInfo().join(', ')}; exiting.`);
        process.exit(process.exitCode ?? 0);
      }, 5000).unref();
    },
    (err) => {
      console.error(`${name} failed:`, err);
      process.exit(1);
    },
  );
}

/**
 * CPU seconds used so far by the processes called `postgres` on this machine (a local server: the backends, and
 * through the postmaster's children counters the ones that exited); NaN without /proc.
 */
export function postgresCpuSeconds(): number {
  try {
    let ticks = 0;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue;
      }
      const close = stat.lastIndexOf(')');
      if (!stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres')) continue;
      const f = stat.slice(close + 2).split(' ');
      // fields 14–17 of stat (utime, stime, cutime, cstime) are 11–14 after the comm
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    }
    return ticks / 100;
  } catch {
    return NaN;
  }
}

/** CPU time of the whole machine so far (busy and total, in ms). */
export function machineTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const c of os.cpus()) {
    const t = c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle;
    total += t;
    busy += t - c.times.idle;
  }
  return { busy, total };
}

/** POSTs JSON over a keep-alive agent; resolves with the status and the body text (never rejects on a 4xx/5xx). */
export function postJson(agent: http.Agent, base: URL, path: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; body: string }> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent, host: base.hostname, port: base.port, path, method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(data)), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** A bench's own flags (beyond the shared ones of {@link parseFlags}), taken out of the command line. */
export interface OwnFlags {
  /** The rest of the command line, for {@link parseFlags}. */
  shared: string[];
  /** Own flag `name` as a whole number ≥ `min`, or `fallback` when absent; prints `usage` and exits on anything else. */
  int(name: string, fallback: number, min: number): number;
}

/**
 * Takes a bench's own value flags (`--name V` or `--name=V`, names in `names`) out of `argv`, leaving the shared ones;
 * prints `usage` and exits on -h/--help.
 * @example
 * const own = ownFlags(process.argv.slice(2), ['repeat'], USAGE);
 * const flags = parseFlags(own.shared);
 * const repeat = own.int('repeat', 20, 1);
 */
export function ownFlags(argv: string[], names: readonly string[], usage: string): OwnFlags {
  const own: Record<string, string> = {};
  const shared: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (arg === '-h' || arg === '--help') {
      console.log(usage);
      process.exit(0);
    } else if (m && names.includes(m[1]!)) own[m[1]!] = m[2] ?? argv[++i] ?? '';
    else shared.push(arg);
  }
  return {
    shared,
    int(name, fallback, min) {
      const raw = own[name];
      if (raw === undefined) return fallback;
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isInteger(n) || n < min) {
        console.error(`--${name} must be a whole number ≥ ${min} (got "${raw}")\n\n${usage}`);
        process.exit(2);
      }
      return n;
    },
  };
}
