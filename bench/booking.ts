// Booking throughput: pgbench tpcb-like baseline, then BookingService.book in-process, then POST /v1/reservations over HTTP.
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openPostgres, type Db } from '../db/index.ts';
import { BookingService, type Actor, type ReservationInput } from '../src/booking/index.ts';
import { systemClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { addDays, todayIn } from '../src/dates.ts';
import { deriveKeys } from '../src/security/index.ts';
import { buildBenchData, type BenchRoomType } from './data.ts';
import {
  between, createBenchDb, fmt, latencyStats, parseFlags, pick, printTable, prng, runMain, secs, since, verdict,
  type BenchDb, type LatencyStats,
  machineTimes,
  postJson,
} from './lib.ts';

const GOAL_B = 0.7;
const GOAL_C = 0.3;
/** Nights of bench inventory from today: a year, as sold. */
const WINDOW = 365;
/** Rooms per room type and night: nothing sells out however long the run. */
const ALLOTMENT = 1_000_000;

const flags = parseFlags();
const SECONDS = flags.num('seconds', 10, 1);
const CLIENTS = flags.num('clients', 16, 1);
const WARMUP = flags.num('warmup', 1, 0);
const HOTELS = flags.num('hotels', 200, 1);

let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
  console.error('\nSIGINT: stopping the current phase and cleaning up…');
});

/** One phase's outcome. */
interface PhaseResult {
  ok: number;
  /** Successful operations including warm-up (to reconcile with the reservation count). */
  okTotal: number;
  errors: Map<string, number>;
  perSecond: number;
  lat: LatencyStats;
  /** CPU of this process in the measured window, in % of one core. */
  procCpu: number;
  /** CPU of the whole machine in the measured window, in % of all cores. */
  machineCpu: number;
}


/**
 * Runs `op` in `clients` closed loops: `warmupS` seconds unmeasured, then `seconds` measured. Counts the operations
 * that finish inside the measured window; an operation resolving to a string is an error of that kind.
 */
async function closedLoop(clients: number, warmupS: number, seconds: number, op: (worker: number) => Promise<string | void>): Promise<PhaseResult> {
  const t0 = performance.now();
  const mStart = t0 + warmupS * 1000;
  const mEnd = mStart + seconds * 1000;
  const samples: number[] = [];
  const errors = new Map<string, number>();
  let okTotal = 0;
  let cpu0: { proc: NodeJS.CpuUsage; machine: ReturnType<typeof machineTimes> } | undefined;
  const cpuStart = setTimeout(() => (cpu0 = { proc: process.cpuUsage(), machine: machineTimes() }), warmupS * 1000);
  const worker = async (w: number) => {
    while (!interrupted && performance.now() < mEnd) {
      const s = performance.now();
      let err: string | void;
      try {
        err = await op(w);
      } catch (e) {
        err = (e as { code?: string }).code ?? (e as Error).message ?? String(e);
      }
      const f = performance.now();
      if (err) {
        errors.set(err, (errors.get(err) ?? 0) + 1);
        continue;
      }
      okTotal++;
      if (f >= mStart && f <= mEnd) samples.push(f - s);
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, w) => worker(w)));
  clearTimeout(cpuStart);
  const window = Math.min(performance.now(), mEnd) - mStart;
  const proc = process.cpuUsage(cpu0?.proc);
  const m1 = machineTimes();
  const procCpu = cpu0 ? ((proc.user + proc.system) / 1000 / window) * 100 : NaN;
  const machineCpu = cpu0 ? ((m1.busy - cpu0.machine.busy) / (m1.total - cpu0.machine.total)) * 100 : NaN;
  return { ok: samples.length, okTotal, errors, perSecond: samples.length / (window / 1000), lat: latencyStats(samples), procCpu, machineCpu };
}

function run(cmd: string, args: string[], opts: { cwd?: string } = {}): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd: opts.cwd, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(err, { stdout, stderr }));
      else resolve({ stdout, stderr });
    });
  });
}

/** (a) pgbench tpcb-like on the bench database; latency percentiles come from its per-transaction log. */
async function pgbenchBaseline(bdb: BenchDb): Promise<{ tps: number; latAvg: number; lat: LatencyStats; initMs: number; failed: number; machineCpu: number }> {
  const t0 = performance.now();
  await run('pgbench', ['-i', '-s', '10', '-q', bdb.url]);
  const initMs = since(t0);
  const logDir = await mkdtemp(join(tmpdir(), 'td-pgbench-'));
  try {
    const m0 = machineTimes();
    const { stdout } = await run(
      'pgbench',
      ['-b', 'tpcb-like', '-c', String(CLIENTS), '-j', '2', '-T', String(SECONDS), '-l', `--log-prefix=${join(logDir, 'tx')}`, bdb.url],
    );
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1] ?? /tps = ([\d.]+)/.exec(stdout)?.[1]);
    const m1 = machineTimes();
    const machineCpu = ((m1.busy - m0.busy) / (m1.total - m0.total)) * 100;
    const latAvg = Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1]);
    const failed = Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0);
    // Log lines: client_id transaction_no time(µs) script_no time_epoch time_us
    const samples: number[] = [];
    for (const f of await readdir(logDir)) {
      for (const line of (await readFile(join(logDir, f), 'utf8')).split('\n')) {
        const us = Number(line.split(' ')[2]);
        if (line && Number.isFinite(us)) samples.push(us / 1000);
      }
    }
    if (!Number.isFinite(tps)) throw new Error(`could not read pgbench's TPS from:\n${stdout}`);
    return { tps, latAvg, lat: latencyStats(samples), initMs, failed, machineCpu };
  } finally {
    await rm(logDir, { recursive: true, force: true });
  }
}

/** A random 1–3 night stay of a random room type, inside the inventory window and the booking horizon. */
function stayMaker(roomTypes: BenchRoomType[], today: string, seed: number) {
  const rnd = prng(seed);
  return (): ReservationInput => {
    const rt = pick(rnd, roomTypes);
    const nights = between(rnd, 1, 3);
    const checkIn = addDays(today, between(rnd, 0, WINDOW - 1 - nights));
    return {
      hotelId: rt.hotelId,
      roomTypeId: rt.roomTypeId,
      checkIn,
      checkOut: addDays(checkIn, nights),
      rooms: 1,
      guests: between(rnd, 1, rt.capacity),
      guest: { name: '压测旅客', phone: `+86 138 ${between(rnd, 1000, 9999)} ${between(rnd, 1000, 9999)}` },
    };
  };
}


const errorList = (m: Map<string, number>) => [...m].map(([k, v]) => `${k}×${v}`).join(', ') || 'none';

async function main(): Promise<void> {
  console.log(`booking bench: ${CLIENTS} clients, ${SECONDS} s per phase (+${WARMUP} s warm-up for b and c), server ${new URL(flags.databaseUrl).host}`);
  const bdb = await createBenchDb(flags.databaseUrl);
  console.log(`database ${bdb.name}`);
  const dataKey = randomBytes(32).toString('base64');
  const config = loadConfig({ DATABASE_URL: bdb.url, DATA_KEY: dataKey, PORT: '0', SEED_DEMO: '0', LOG_LEVEL: 'silent',
    // Every request comes from one address at thousands a second: the rate limits are off, as they are for a load test.
    RATE_LIMIT_IP_PER_MINUTE: '0', RATE_LIMIT_TRAVELLER_PER_MINUTE: '0' });
  const rows: string[][] = [];
  let a: Awaited<ReturnType<typeof pgbenchBaseline>> | undefined;
  let b: PhaseResult | undefined;
  let c: PhaseResult | undefined;
  let cSkipped: string | undefined;
  let db: Db | undefined;
  try {
    // (a) baseline
    console.log(`(a) pgbench -i -s 10, then tpcb-like -c ${CLIENTS} -j 2 -T ${SECONDS} …`);
    a = await pgbenchBaseline(bdb);
    console.log(`    init ${secs(a.initMs)}; ${fmt(a.tps, 0)} TPS, latency average ${fmt(a.latAvg)} ms, ${a.failed} failed; machine CPU ${fmt(a.machineCpu, 0)}%`);
    db = openPostgres(bdb.url, { max: CLIENTS, applicationName: 'td-bench' });
    await db.exec('DROP TABLE pgbench_accounts, pgbench_branches, pgbench_history, pgbench_tellers');

    // data
    await migrate(db);
    const today = todayIn(config.hotelTimeZone, new Date());
    let t0 = performance.now();
    const data = await buildBenchData(db, { hotels: HOTELS, nights: WINDOW, today, allotment: ALLOTMENT });
    await db.exec('ANALYZE');
    console.log(`    data: ${HOTELS} hotels, ${data.roomTypes.length} room types, ${data.inventoryRows.toLocaleString('en-US')} inventory rows from ${today}, allotment ${ALLOTMENT.toLocaleString('en-US')} (${secs(since(t0))})`);

    // (b) in-process
    console.log(`(b) BookingService.book in-process, pool of ${CLIENTS} …`);
    const booking = new BookingService({ db, clock: systemClock, keys: deriveKeys(dataKey), timeZone: config.hotelTimeZone });
    const makersB = Array.from({ length: CLIENTS }, (_, w) => stayMaker(data.roomTypes, today, 1000 + w));
    const actors: Actor[] = Array.from({ length: CLIENTS }, (_, w) => ({ kind: 'traveller', travellerId: `web:bench-${w}`, channel: 'web', tenantId: null }));
    b = await closedLoop(CLIENTS, WARMUP, SECONDS, async (w) => {
      await booking.book(makersB[w]!(), actors[w]!, { idempotencyKey: `b-${randomUUID()}` });
    });
    console.log(`    ${fmt(b.perSecond, 0)} bookings/s, errors: ${errorList(b.errors)}; CPU: bench process ${fmt(b.procCpu, 0)}% of a core, machine ${fmt(b.machineCpu, 0)}% of ${os.cpus().length} cores`);
    await db.close();
    db = undefined;

    // (c) HTTP
    if (!interrupted) {
      console.log(`(c) POST /v1/reservations over HTTP (startApp, keep-alive agent of ${CLIENTS} sockets) …`);
      let startApp: typeof import('../src/app.ts').startApp | undefined;
      try {
        ({ startApp } = await import('../src/app.ts'));
      } catch (err) {
        cSkipped = `src/app.ts did not load: ${(err as Error).message.split('\n')[0]}`;
        console.log(`    skipped: ${cSkipped}`);
      }
      if (startApp) {
        const app = await startApp(config);
        const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
        try {
          const base = new URL(app.url.replace('localhost', '127.0.0.1'));
          const tokens: string[] = [];
          for (let w = 0; w < CLIENTS; w++) {
            const r = await postJson(agent, base, '/v1/web/sessions', {}, {});
            if (r.status !== 200) throw new Error(`POST /v1/web/sessions answered ${r.status}: ${r.body}`);
            tokens.push((JSON.parse(r.body) as { token: string }).token);
          }
          const makersC = Array.from({ length: CLIENTS }, (_, w) => stayMaker(data.roomTypes, today, 2000 + w));
          c = await closedLoop(CLIENTS, WARMUP, SECONDS, async (w) => {
            const r = await postJson(agent, base, '/v1/reservations', { authorization: `Bearer ${tokens[w]}`, 'idempotency-key': `c-${randomUUID()}` }, makersC[w]!());
            if (r.status !== 201) return `${r.status} ${(/"error":"([^"]+)"/.exec(r.body)?.[1] ?? r.body.slice(0, 60))}`;
          });
          console.log(`    ${fmt(c.perSecond, 0)} bookings/s, errors: ${errorList(c.errors)}; CPU: app+client process ${fmt(c.procCpu, 0)}% of a core, machine ${fmt(c.machineCpu, 0)}% of ${os.cpus().length} cores`);
        } finally {
          agent.destroy();
          await app.stop();
        }
      }
    }

    // the overbooking invariant
    db = openPostgres(bdb.url, { max: 2, applicationName: 'td-bench' });
    t0 = performance.now();
    const mismatches = await new BookingService({ db, clock: systemClock, keys: deriveKeys(dataKey), timeZone: config.hotelTimeZone }).mismatches();
    const mmMs = since(t0);
    const counts = await db.query<{ reservations: number; nights: number; booked: number }>(
      `SELECT (SELECT count(*) FROM reservations)::int AS reservations,
              (SELECT coalesce(sum((check_out - check_in) * rooms), 0) FROM reservations WHERE status IN ('held', 'confirmed'))::int AS nights,
              (SELECT coalesce(sum(booked), 0) FROM inventory)::int AS booked`,
    );
    const k = counts.rows[0]!;
    const expected = (b?.okTotal ?? 0) + (c?.okTotal ?? 0);

    // the table
    const ratio = (x: PhaseResult | undefined) => (x && a ? x.perSecond / a.tps : NaN);
    rows.push(['phase', 'per second', 'p50 ms', 'p99 ms', 'mean ms', 'measured', 'errors', 'ratio to a', 'goal', 'verdict']);
    rows.push(['a pgbench tpcb-like', fmt(a.tps, 0), fmt(a.lat.p50), fmt(a.lat.p99), fmt(a.latAvg), a.lat.n.toLocaleString('en-US'), String(a.failed), '1.00', '', '']);
    if (b) rows.push(['b book() in-process', fmt(b.perSecond, 0), fmt(b.lat.p50), fmt(b.lat.p99), fmt(b.lat.mean), b.ok.toLocaleString('en-US'), String([...b.errors.values()].reduce((x, y) => x + y, 0)), fmt(ratio(b)), `≥ ${GOAL_B}`, verdict(ratio(b) >= GOAL_B)]);
    if (c) rows.push(['c POST /v1/reservations', fmt(c.perSecond, 0), fmt(c.lat.p50), fmt(c.lat.p99), fmt(c.lat.mean), c.ok.toLocaleString('en-US'), String([...c.errors.values()].reduce((x, y) => x + y, 0)), fmt(ratio(c)), `≥ ${GOAL_C}`, verdict(ratio(c) >= GOAL_C)]);
    else rows.push(['c POST /v1/reservations', '—', '—', '—', '—', '—', '—', '—', `≥ ${GOAL_C}`, `skipped${cSkipped ? ` (${cSkipped})` : ''}`]);
    console.log(`\nBooking throughput, ${CLIENTS} clients, ${SECONDS} s per phase (2-core machine; ratios are against a measured in this run)`);
    printTable(rows);
    console.log(`\nOverbooking invariant: mismatches() = ${JSON.stringify(mismatches.slice(0, 10))}${mismatches.length > 10 ? ` … (${mismatches.length} in all)` : ''} (${mismatches.length === 0 ? 'empty: ok' : 'NOT EMPTY'}; ${fmt(mmMs, 0)} ms)`);
    console.log(`Reconciliation: ${k.reservations.toLocaleString('en-US')} reservations (bench counted ${expected.toLocaleString('en-US')} successful bookings incl. warm-up); ${k.nights.toLocaleString('en-US')} reserved room-nights = sum(inventory.booked) ${k.booked.toLocaleString('en-US')}: ${k.nights === k.booked && k.reservations === expected ? 'ok' : 'DIFFERS'}`);
  } finally {
    await db?.close().catch(() => undefined);
    await bdb.drop().catch((err) => console.error(`could not drop ${bdb.name}: ${(err as Error).message}`));
  }
}

runMain('booking bench', main);
