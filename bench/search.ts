// Search latency: BookingService.search over 1,000 hotels × 4 room types × 365 nights, against a primary-key lookup.
import { migrate, openPglite, openPostgres, type Db } from '../db/index.ts';
import { BookingService, type SearchInput, type Tier } from '../src/booking/index.ts';
import { systemClock } from '../src/clock.ts';
import { addDays, todayIn } from '../src/dates.ts';
import { deriveKeys } from '../src/security/index.ts';
import { buildBenchData } from './data.ts';
import {
  between, createBenchDb, fmt, latencyStats, parseFlags, pick, printTable, prng, runMain, secs, since, verdict,
  type BenchDb, type LatencyStats,
} from './lib.ts';

const GOAL_P95_MS = 15;
const TIME_ZONE = 'Asia/Shanghai';

const flags = parseFlags();
const HOTELS = flags.num('hotels', 1000, 1);
const NIGHTS = flags.num('nights', 365, 5);
const QUERIES = flags.num('queries', 3000, 1);
const MAX_SECONDS = flags.num('max-seconds', 60, 1);
const WARMUP = flags.num('warmup', 2, 0);
const EMBEDDED = flags.raw.embedded === true;

let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
  console.error('\nSIGINT: stopping and cleaning up…');
});

type SeedBulk = typeof import('../db/seed/bulk.ts').seedBulk;

/** seedBulk, or why it could not be loaded (the bench then builds its own data). */
async function loadSeedBulk(): Promise<SeedBulk | string> {
  try {
    return (await import('../db/seed/bulk.ts')).seedBulk;
  } catch (err) {
    return `db/seed/bulk.ts did not load (${(err as Error).message.split('\n')[0]})`;
  }
}

/** The Db with its last query remembered, so the slowest search can be shown under EXPLAIN. */
function recording(db: Db): { db: Db; last: () => { sql: string; params: readonly unknown[] } | undefined } {
  let last: { sql: string; params: readonly unknown[] } | undefined;
  return {
    db: { ...db, query: (sql, params) => ((last = { sql, params: params ?? [] }), db.query(sql, params)) },
    last: () => last,
  };
}

/** Runs `op` sequentially: `warmupS` seconds unmeasured, then `n` measured calls (or until `maxS` seconds). */
async function sequential(n: number, warmupS: number, maxS: number, op: () => Promise<void>, onSlowest?: () => void): Promise<LatencyStats & { qps: number }> {
  const w = performance.now() + warmupS * 1000;
  while (!interrupted && performance.now() < w) await op();
  const samples: number[] = [];
  const t0 = performance.now();
  const stop = t0 + maxS * 1000;
  let slowest = -1;
  for (let i = 0; i < n && !interrupted && performance.now() < stop; i++) {
    const s = performance.now();
    await op();
    const ms = performance.now() - s;
    samples.push(ms);
    if (ms > slowest) {
      slowest = ms;
      onSlowest?.();
    }
  }
  return { ...latencyStats(samples), qps: samples.length / (since(t0) / 1000) };
}

async function main(): Promise<void> {
  let bdb: BenchDb | undefined;
  let db: Db | undefined;
  try {
    const today = todayIn(TIME_ZONE, new Date());
    if (EMBEDDED) {
      console.log(`search bench on embedded PGlite (in memory): ${HOTELS} hotels × 4 room types × ${NIGHTS} nights from ${today}`);
      db = await openPglite();
    } else {
      bdb = await createBenchDb(flags.databaseUrl);
      console.log(`search bench on PostgreSQL ${new URL(flags.databaseUrl).host}, database ${bdb.name}: ${HOTELS} hotels × 4 room types × ${NIGHTS} nights from ${today}`);
      db = openPostgres(bdb.url, { max: 4, applicationName: 'td-bench' });
    }
    await migrate(db);

    // seed
    const seedBulk = flags.raw['own-seed'] ? 'the bench was told to (--own-seed)' : await loadSeedBulk();
    let t0 = performance.now();
    let seededBy: string;
    if (typeof seedBulk === 'function') {
      let lastPrint = performance.now();
      await seedBulk(db, {
        hotels: HOTELS, nights: NIGHTS, roomTypes: 4, today,
        onProgress: (done: number, total: number) => {
          if (performance.now() - lastPrint < 3000) return;
          lastPrint = performance.now();
          console.log(`    seeding… ${done}/${total} hotels (${secs(since(t0))})`);
        },
      });
      seededBy = 'seedBulk (db/seed/bulk.ts)';
    } else {
      console.log(`    not using seedBulk: ${seedBulk}; building the data with bench/data.ts instead`);
      await buildBenchData(db, { hotels: HOTELS, nights: NIGHTS, today, allotment: 20 });
      seededBy = 'bench/data.ts (bulk SQL)';
    }
    const seedMs = since(t0);
    const counts = (await db.query<{ hotels: number; room_types: number; inventory: number }>(
      `SELECT (SELECT count(*) FROM hotels)::int AS hotels, (SELECT count(*) FROM room_types)::int AS room_types,
              (SELECT count(*) FROM inventory)::int AS inventory`,
    )).rows[0]!;
    console.log(`    seeded by ${seededBy} in ${secs(seedMs)}: ${counts.hotels.toLocaleString('en-US')} hotels, ${counts.room_types.toLocaleString('en-US')} room types, ${counts.inventory.toLocaleString('en-US')} inventory rows`);
    let analyzeMs = NaN;
    if (!flags.raw['no-analyze']) {
      t0 = performance.now();
      await db.exec('VACUUM ANALYZE');
      analyzeMs = since(t0);
      console.log(`    VACUUM ANALYZE ${secs(analyzeMs)}`);
    }

    // the workload
    const cities = (await db.query<{ city: string; city_en: string | null; n: number }>(
      'SELECT min(city) AS city, min(city_en) AS city_en, count(*)::int AS n FROM hotels GROUP BY city_key ORDER BY n DESC',
    )).rows;
    const rts = (await db.query<{ id: string }>('SELECT id FROM room_types')).rows.map((r) => r.id);
    if (!cities.length || !rts.length) throw new Error('the seed made no hotels or room types');
    console.log(`    ${cities.length} cities, ${cities[0]!.n}–${cities[cities.length - 1]!.n} hotels each`);
    const rec = recording(db);
    const booking = new BookingService({ db: rec.db, clock: systemClock, keys: deriveKeys(Buffer.alloc(32, 7).toString('base64')), timeZone: TIME_ZONE });
    const rnd = prng(42);
    const tiers: Tier[] = ['budget', 'comfort', 'luxury'];
    const amenities = ['wifi', 'parking', 'breakfast', 'pool', 'gym', '停车', '含早'];
    let hits = 0;
    let empty = 0;
    let calls = 0;
    const nextQuery = (): SearchInput => {
      const c = pick(rnd, cities);
      const nights = between(rnd, 1, 4);
      const checkIn = addDays(today, between(rnd, 0, NIGHTS - nights));
      const q: SearchInput = {
        city: rnd() < 0.8 || !c.city_en ? c.city : c.city_en,
        checkIn, checkOut: addDays(checkIn, nights), guests: between(rnd, 1, 4),
      };
      const f = rnd();
      if (f < 0.15) q.budgetMax = between(rnd, 15, 150) * 10;
      else if (f < 0.3) q.tier = pick(rnd, tiers);
      else if (f < 0.4) q.amenities = [pick(rnd, amenities)];
      else if (f < 0.45) q.minRating = 4;
      return q;
    };
    let slowestQuery: { sql: string; params: readonly unknown[]; input: SearchInput } | undefined;
    let current: SearchInput | undefined;
    const searchOnce = async () => {
      current = nextQuery();
      const r = await booking.search(current);
      const n = r.counts.budget + r.counts.comfort + r.counts.luxury;
      calls++;
      hits += n;
      if (n === 0) empty++;
    };

    console.log(`search: ${WARMUP} s warm-up, then ${QUERIES} sequential queries (at most ${MAX_SECONDS} s) …`);
    const search = await sequential(QUERIES, WARMUP, MAX_SECONDS, searchOnce, () => {
      const l = rec.last();
      if (l && current) slowestQuery = { ...l, input: current };
    });
    console.log(`    p95 ${fmt(search.p95)} ms; on average ${fmt(hits / calls, 1)} fitting hotels per search, ${fmt((100 * empty) / calls, 1)}% found none`);

    console.log(`baseline: ${WARMUP} s warm-up, then ${search.n} primary-key SELECTs on inventory …`);
    const brnd = prng(7);
    const baseline = await sequential(search.n, WARMUP, MAX_SECONDS, async () => {
      await db!.query('SELECT allotment, booked, price, stop_sell FROM inventory WHERE room_type_id = $1 AND night = $2', [
        pick(brnd, rts), addDays(today, between(brnd, 0, NIGHTS - 1)),
      ]);
    });

    const ratio = search.p95 / baseline.p95;
    console.log(`\nSearch latency on ${EMBEDDED ? 'embedded PGlite' : 'PostgreSQL'}: ${counts.hotels.toLocaleString('en-US')} hotels, ${counts.inventory.toLocaleString('en-US')} inventory rows; sequential, after warm-up`);
    printTable([
      ['query', 'p50 ms', 'p95 ms', 'p99 ms', 'mean ms', 'max ms', 'queries', 'per second'],
      ['BookingService.search', fmt(search.p50), fmt(search.p95), fmt(search.p99), fmt(search.mean), fmt(search.max), search.n.toLocaleString('en-US'), fmt(search.qps, 0)],
      ['baseline: inventory PK SELECT', fmt(baseline.p50, 3), fmt(baseline.p95, 3), fmt(baseline.p99, 3), fmt(baseline.mean, 3), fmt(baseline.max), baseline.n.toLocaleString('en-US'), fmt(baseline.qps, 0)],
    ]);
    console.log(`seed ${secs(seedMs)} (${seededBy})${Number.isNaN(analyzeMs) ? ', no ANALYZE' : `, VACUUM ANALYZE ${secs(analyzeMs)}`}`);
    console.log(`search p95 / baseline p95 = ${fmt(ratio, 1)}×`);
    console.log(`goal: search p95 < ${GOAL_P95_MS} ms → ${fmt(search.p95)} ms: ${verdict(search.p95 < GOAL_P95_MS)}`);

    if (slowestQuery && (flags.raw.explain || search.p95 >= GOAL_P95_MS)) {
      console.log(`\nThe slowest search (${fmt(search.max)} ms): ${JSON.stringify(slowestQuery.input)}`);
      const plan = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${slowestQuery.sql}`, slowestQuery.params);
      console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
    }
  } finally {
    await db?.close().catch(() => undefined);
    await bdb?.drop().catch((err) => console.error(`could not drop ${bdb!.name}: ${(err as Error).message}`));
  }
}

runMain('search bench', main);
