// The operator side's heavy operations on benchmark-sized data: the inventory CSV import and export, the dashboard's
// stats and the conversation review, each against a plain-SQL baseline measured in the same run.
import { tmpdir } from 'node:os';
import { migrate, openDb, type Db } from '../db/index.ts';
import { seedBulk } from '../db/seed/bulk.ts';
import { systemClock } from '../src/clock.ts';
import { addDays, todayIn } from '../src/dates.ts';
import { OperatorService, type Staff } from '../src/operators/index.ts';
import { yuanText } from '../src/operators/inventory-csv/index.ts';
import { ReviewService } from '../src/review/index.ts';
import { deriveKeys } from '../src/security/index.ts';
import { createBenchDb, DEFAULT_DATABASE_URL, fmt, latencyStats, ownFlags, parseFlags, printTable, runMain, secs, since, type BenchDb, type LatencyStats } from './lib.ts';

const TIME_ZONE = 'Asia/Shanghai';
/** Rows of the imported CSV (fewer when the seeded calendar is smaller). */
const CSV_ROWS = 100_000;

const USAGE = `bench/operator.ts: the operator side's heavy operations on benchmark-sized data, each against a baseline
measured in the same run, in a throwaway td_bench_<random> database (created and dropped).
Data: seedBulk (--hotels × 4 room types × --nights) and ~20,000 conversations of the last 60 days (messages, turn
traces, quotes, a few handoffs and reservations) for the bench tenant.
  1. inventory CSV import of ${CSV_ROWS.toLocaleString('en-US')} changed nights (OperatorService.importInventory, one transaction)
     vs one UPDATE … FROM unnest(…) of the same changes; then the export of those nights
     (OperatorService.exportInventory) vs one plain SELECT of the same rows
  2. dashboard stats (OperatorService.stats) over 30 and 366 days vs SELECT count(*) FROM reservations WHERE tenant_id = $1
  3. conversation review (ReviewService): first page, outcome=booked, one conversation's detail vs a primary-key SELECT
  --repeat N            calls per measured operation of 2 and 3 (default 20; the baseline gets as many)
  --seed-conversations N  conversations to generate (default 20000)
  --hotels N            hotels to seed (default 1000)
  --nights N            nights of inventory from today (default 365)
  --max-seconds N       stop each measured loop of 2 and 3 after N seconds even if calls remain (default 25)
  --database-url U      server the throwaway database is created on (default $DATABASE_URL or ${DEFAULT_DATABASE_URL})
Every flag of bench/lib.ts is accepted too (bench/run.ts passes the same command line to each bench).`;

/** This bench's own flags (each takes a value); bench/run.ts routes them here. */
const own = ownFlags(process.argv.slice(2), ['repeat', 'seed-conversations'], USAGE);
const flags = parseFlags(own.shared);
const REPEAT = own.int('repeat', 20, 1);
const CONVERSATIONS = own.int('seed-conversations', 20_000, 1);
const HOTELS = flags.num('hotels', 1000, 1);
const NIGHTS = flags.num('nights', 365, 5);
const MAX_SECONDS = flags.num('max-seconds', 25, 1);

let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
  console.error('\nSIGINT: stopping and cleaning up…');
});

const n0 = (n: number) => n.toLocaleString('en-US');
const median = (xs: number[]) => latencyStats(xs).p50;

/**
 * The conversations of the last 60 days, by bulk SQL in one transaction: travellers (web and app ones of the
 * tenant, WeChat ones of the platform), messages (a traveller's message and the bot's reply per turn), a trace per
 * turn, quotes for about 40%, reservations for about 8% (made just after the last message, one in seven cancelled,
 * the booked nights counted in inventory), handoffs for about 4% (closed, the last hour's still queued).
 */
async function seedConversations(db: Db, tenantId: string, today: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/.test(tenantId)) throw new Error(`unexpected tenant id ${tenantId}`);
  const m = (await db.query<{ m: number }>('SELECT count(*)::int AS m FROM room_types WHERE tenant_id = $1', [tenantId])).rows[0]!.m;
  const span = Math.max(1, Math.min(60, NIGHTS) - 3);
  const T = `'${tenantId}'::uuid`;
  await db.transaction(async (tx) => {
    await tx.exec(`
      SELECT setseed(0.42);
      CREATE TEMP TABLE brt ON COMMIT DROP AS
        SELECT row_number() OVER (ORDER BY id)::int AS k, id, hotel_id, base_price FROM room_types WHERE tenant_id = ${T};
      CREATE TEMP TABLE bc ON COMMIT DROP AS
        SELECT g AS n, gen_random_uuid() AS id, ch AS channel, ch || ':bench-' || g AS traveller_id,
               CASE WHEN ch = 'wechat' THEN NULL ELSE ${T} END AS tenant_id,
               CASE WHEN random() < 0.8 THEN 'zh-CN' ELSE 'en' END AS locale,
               now() - random() * interval '60 days' AS started, 2 + floor(random() * 7)::int AS turns,
               random() AS r_book, random() AS r_hand, random() AS r_quote, random() AS r_rt
        FROM generate_series(1, ${CONVERSATIONS}) g, LATERAL (SELECT (ARRAY['web', 'app', 'app', 'wechat'])[1 + g % 4] AS ch) x;
      CREATE TEMP TABLE bt ON COMMIT DROP AS
        SELECT c.id AS conversation_id, c.channel, t, gen_random_uuid() AS in_id, gen_random_uuid() AS out_id,
               c.started + t * interval '45 seconds' AS at, random() AS r
        FROM bc c CROSS JOIN LATERAL generate_series(0, c.turns - 1) t;
      INSERT INTO travellers (id, channel, tenant_id, locale, created_at) SELECT traveller_id, channel, tenant_id, locale, started FROM bc;
      INSERT INTO conversations (id, traveller_id, channel, tenant_id, locale, created_at)
        SELECT id, traveller_id, channel, tenant_id, locale, started FROM bc ORDER BY started;
      INSERT INTO messages (id, conversation_id, direction, author, channel, source_id, reply_to, text, payload, created_at, handled_at)
        SELECT * FROM (
          SELECT in_id, conversation_id, 'in', 'traveller', channel, 'bench-' || in_id, NULL::uuid,
                 CASE WHEN t = 0 THEN '想订北京的酒店，下周五入住两晚，两个人，预算每晚600以内' ELSE '含早餐吗？可以停车吗？' END,
                 NULL::jsonb, at, at + interval '3 seconds'
          FROM bt
          UNION ALL
          SELECT out_id, conversation_id, 'out', 'bot', channel, NULL, in_id,
                 '为您找到以下酒店：1. 基准酒店000001号(北京) 经济型 ¥388/晚，共¥776；2. 基准酒店000002号(北京) 舒适型 ¥588/晚，共¥1176；3. 基准酒店000003号(北京) 高档型 ¥988/晚，共¥1976。需要为您预订哪一家？',
                 '{"type":"message","cards":[],"actions":[]}'::jsonb, at + interval '3 seconds', NULL
          FROM bt) m
        ORDER BY 10;
      INSERT INTO turn_traces (conversation_id, message_id, model, input, steps, reply, confidence, signals, guard_hits, outcome,
                               latency_ms, model_ms, prompt_tokens, completion_tokens, created_at)
        SELECT conversation_id, in_id, 'bench-model',
               '{"messages":[{"role":"user","content":"想订北京的酒店，下周五入住两晚，两个人"}]}'::jsonb,
               CASE WHEN t = 0 THEN '[{"tool":"search_hotels","arguments":"{\\"city\\":\\"北京\\",\\"checkIn\\":\\"2026-12-04\\",\\"checkOut\\":\\"2026-12-06\\",\\"guests\\":2}","result":{"counts":{"budget":3,"comfort":3,"luxury":3}},"ms":12}]'::jsonb
                    WHEN r < 0.3 THEN '[{"tool":"get_hotel_details","arguments":"{\\"hotel\\":1}","result":{"breakfast":"included"},"ms":4}]'::jsonb
                    ELSE '[]'::jsonb END,
               '为您找到以下酒店：…', (0.35 + 0.65 * r)::real, '{}'::jsonb,
               CASE WHEN r < 0.05 THEN '[{"kind":"price","value":"688"}]'::jsonb ELSE '[]'::jsonb END,
               'answered', 800 + (r * 2000)::int, 700 + (r * 1800)::int, 1500, 120, at + interval '3 seconds'
        FROM bt ORDER BY at;
      INSERT INTO quotes (token, tenant_id, hotel_id, room_type_id, traveller_id, check_in, check_out, rooms, guests, nightly, total, expires_at, created_at)
        SELECT 'bench-q-' || c.n, ${T}, rt.hotel_id, rt.id, c.traveller_id, d.ci, d.ci + d.nights, 1, 2,
               array_fill(rt.base_price, ARRAY[d.nights]), rt.base_price * d.nights, c.started + interval '31 minutes', c.started + interval '50 seconds'
        FROM bc c JOIN brt rt ON rt.k = 1 + floor(c.r_rt * ${m})::int
        CROSS JOIN LATERAL (SELECT '${today}'::date + c.n % ${span} AS ci, 1 + c.n % 3 AS nights) d
        WHERE c.r_quote < 0.4 OR c.r_book < 0.08;
      INSERT INTO reservations (code, tenant_id, hotel_id, room_type_id, traveller_id, channel, booked_by, check_in, check_out, rooms, guests,
                                guest_name, guest_phone_enc, guest_phone_hash, guest_phone_last4, nightly, total, status, created_at, confirmed_at, cancelled_at)
        SELECT 'TDBN' || lpad(c.n::text, 7, '0'), ${T}, rt.hotel_id, rt.id, c.traveller_id, c.channel, 'bot', d.ci, d.ci + d.nights, 1, 2,
               '张三', 'bench', 'bench-' || c.n, '0000', array_fill(rt.base_price, ARRAY[d.nights]), rt.base_price * d.nights,
               CASE WHEN c.n % 7 = 0 THEN 'cancelled' ELSE 'confirmed' END, d.at, d.at,
               CASE WHEN c.n % 7 = 0 THEN LEAST(now(), d.at + interval '1 day') END
        FROM bc c JOIN brt rt ON rt.k = 1 + floor(c.r_rt * ${m})::int
        CROSS JOIN LATERAL (SELECT '${today}'::date + c.n % ${span} AS ci, 1 + c.n % 3 AS nights,
                                   c.started + (c.turns - 1) * interval '45 seconds' + interval '1 minute' AS at) d
        WHERE c.r_book < 0.08;
      UPDATE inventory i SET booked = LEAST(i.allotment, i.booked + x.n)
        FROM (SELECT r.room_type_id, n.night::date AS night, count(*)::int AS n FROM reservations r
              CROSS JOIN LATERAL generate_series(r.check_in, r.check_out - 1, interval '1 day') n(night)
              WHERE r.status = 'confirmed' GROUP BY 1, 2) x
        WHERE i.room_type_id = x.room_type_id AND i.night = x.night;
      INSERT INTO handoffs (conversation_id, tenant_id, channel, status, reason, confidence, created_at, queued_at, ended_at)
        SELECT c.id, ${T}, c.channel, CASE WHEN d.at > now() - interval '1 hour' THEN 'queued' ELSE 'closed' END,
               (ARRAY['traveller_request', 'low_confidence', 'negative_sentiment', 'repeated_misunderstanding'])[1 + c.n % 4], 0.4,
               d.at, d.at, CASE WHEN d.at > now() - interval '1 hour' THEN NULL ELSE d.at + interval '10 minutes' END
        FROM bc c CROSS JOIN LATERAL (SELECT c.started + (c.turns - 1) * interval '45 seconds' + interval '5 seconds' AS at) d
        WHERE c.r_hand < 0.04;
      INSERT INTO handoff_events (handoff_id, conversation_id, kind, from_status, to_status, actor, reason, created_at)
        SELECT id, conversation_id, 'open', NULL, 'queued', 'bot', reason, created_at FROM handoffs
        UNION ALL
        SELECT id, conversation_id, 'close', 'queued', 'closed', 'system', 'stale', ended_at FROM handoffs WHERE status = 'closed'
        ORDER BY 8;
    `);
  });
}

/** Runs `op` once unmeasured, then `n` times (or until MAX_SECONDS), returning the latencies. */
async function measure(n: number, op: (i: number) => Promise<unknown>): Promise<LatencyStats> {
  await op(-1);
  const samples: number[] = [];
  const stop = performance.now() + MAX_SECONDS * 1000;
  for (let i = 0; i < n && !interrupted && performance.now() < stop; i++) {
    const t = performance.now();
    await op(i);
    samples.push(since(t));
  }
  return latencyStats(samples);
}

/** Table rows of measured operations against a baseline: p50/p95 and the ratio of the p50s. */
function latencyRows(ops: Array<[string, LatencyStats]>, baseline: [string, LatencyStats]): string[][] {
  const row = ([name, s]: [string, LatencyStats], base: boolean) => [
    name, fmt(s.p50, base ? 3 : 2), fmt(s.p95, base ? 3 : 2), fmt(s.max), String(s.n), base ? '1.0×' : `${fmt(s.p50 / baseline[1].p50, 1)}×`,
  ];
  return [['operation', 'p50 ms', 'p95 ms', 'max ms', 'calls', 'p50 / baseline p50'], ...ops.map((o) => row(o, false)), row(baseline, true)];
}

async function main(): Promise<void> {
  let bdb: BenchDb | undefined;
  let db: Db | undefined;
  try {
    const today = todayIn(TIME_ZONE, new Date());
    bdb = await createBenchDb(flags.databaseUrl);
    console.log(`operator bench on PostgreSQL ${new URL(flags.databaseUrl).host}, database ${bdb.name}: ${n0(HOTELS)} hotels × 4 room types × ${NIGHTS} nights from ${today}, ${n0(CONVERSATIONS)} conversations`);
    db = await openDb({ databaseUrl: bdb.url, dataDir: tmpdir(), max: 6, applicationName: 'td-bench' });
    await migrate(db);

    // data
    let t0 = performance.now();
    let lastPrint = t0;
    const seeded = await seedBulk(db, {
      hotels: HOTELS, nights: NIGHTS, roomTypes: 4, today,
      onProgress: (done, total) => {
        if (performance.now() - lastPrint < 5000) return;
        lastPrint = performance.now();
        console.log(`    seeding… ${done}/${total} hotels (${secs(since(t0))})`);
      },
    });
    const seedMs = since(t0);
    const tenantId = seeded.tenantId;
    t0 = performance.now();
    await seedConversations(db, tenantId, today);
    const convoMs = since(t0);
    t0 = performance.now();
    await db.exec('VACUUM ANALYZE');
    const analyzeMs = since(t0);
    const counts = (await db.query<Record<string, number>>(
      `SELECT (SELECT count(*) FROM hotels)::int AS hotels, (SELECT count(*) FROM room_types)::int AS room_types,
              (SELECT count(*) FROM inventory)::int AS inventory, (SELECT count(*) FROM conversations)::int AS conversations,
              (SELECT count(*) FROM messages)::int AS messages, (SELECT count(*) FROM turn_traces)::int AS turn_traces,
              (SELECT count(*) FROM quotes)::int AS quotes, (SELECT count(*) FROM reservations)::int AS reservations,
              (SELECT count(*) FROM handoffs)::int AS handoffs`,
    )).rows[0]!;
    console.log(`    seedBulk ${secs(seedMs)}, conversations ${secs(convoMs)}, VACUUM ANALYZE ${secs(analyzeMs)}: ${Object.entries(counts).map(([k, v]) => `${n0(v)} ${k}`).join(', ')}`);

    const keys = deriveKeys(Buffer.alloc(32, 7).toString('base64'));
    const operators = new OperatorService({ db, clock: systemClock, keys, timeZone: TIME_ZONE });
    const review = new ReviewService({ db, clock: systemClock, timeZone: TIME_ZONE });
    const staff: Staff = { userId: '00000000-0000-4000-8000-000000000001', role: 'operator', tenantId };
    const q = db;

    // 1. inventory CSV import and export
    if (!interrupted) {
      const roomTypes = counts.room_types!;
      const k = Math.min(NIGHTS, Math.ceil(CSV_ROWS / roomTypes));
      const to = addDays(today, k);
      const { rows: nights } = await q.query<{ room_type_id: string; night: string; allotment: number; price: number; stop_sell: boolean }>(
        `SELECT i.room_type_id, i.night, i.allotment, i.price, i.stop_sell
         FROM inventory i JOIN room_types rt ON rt.id = i.room_type_id JOIN hotels h ON h.id = rt.hotel_id
         WHERE h.tenant_id = $1 AND i.night >= $2 AND i.night < $3
         ORDER BY h.created_at, h.id, rt.created_at, rt.id, i.night LIMIT ${CSV_ROWS}`,
        [tenantId, today, to],
      );
      const rows = nights.length;
      const ids = nights.map((r) => r.room_type_id);
      const days = nights.map((r) => r.night);
      const stopSell = nights.map((r) => r.stop_sell);
      const before = { allotment: nights.map((r) => r.allotment), price: nights.map((r) => r.price) };
      const after = { allotment: nights.map((r, i) => r.allotment + 1 + (i % 3)), price: nights.map((r, i) => r.price + 500 * (1 + (i % 4))) };
      const csv = ['room_type_id,night,allotment,price,stop_sell', ...nights.map((r, i) => `${r.room_type_id},${r.night},${after.allotment[i]},${yuanText(after.price[i]!)},${r.stop_sell}`)].join('\n') + '\n';
      console.log(`inventory CSV: ${n0(rows)} nights (${n0(roomTypes)} room types × ${k} nights from ${today}, ${(Buffer.byteLength(csv) / 1e6).toFixed(1)} MB) …`);
      const plainUpdate = async (v: { allotment: number[]; price: number[] }) => {
        const t = performance.now();
        await q.transaction((tx) => tx.query(
          `UPDATE inventory i SET allotment = u.allotment, price = u.price, stop_sell = u.stop_sell
           FROM unnest($1::uuid[], $2::date[], $3::int[], $4::int[], $5::bool[]) AS u(rt, night, allotment, price, stop_sell)
           WHERE i.room_type_id = u.rt AND i.night = u.night`,
          [ids, days, v.allotment, v.price, stopSell],
        ));
        return since(t);
      };
      // The baseline applies the changes and takes them back, before and after the import (which needs the old values).
      const baseline = [await plainUpdate(after), await plainUpdate(before)];
      const phases: Record<string, number> = {};
      t0 = performance.now();
      const report = await operators.importInventory(staff, csv, {
        onProgress: (phase, done) => {
          if (done === 0 && !(phase in phases)) phases[phase] = since(t0);
        },
      });
      const importMs = since(t0);
      baseline.push(await plainUpdate(before));
      if (report.updated !== rows) console.log(`    ANOMALY: the import updated ${report.updated} of ${rows} nights: ${JSON.stringify(report)}`);
      const baseMs = median(baseline);
      console.log(`\nInventory CSV import: ${n0(rows)} changed nights, one transaction`);
      printTable([
        ['operation', 'time ms', 'rows/s', '× baseline'],
        ['importInventory (service)', fmt(importMs, 0), fmt(rows / (importMs / 1000), 0), `${fmt(importMs / baseMs, 1)}×`],
        ['  parse + room types (until validating)', fmt(phases.validating ?? NaN, 0), '—', '—'],
        ['  validate: read + lock nights', fmt((phases.applying ?? NaN) - (phases.validating ?? NaN), 0), '—', '—'],
        ['  apply + commit', fmt(importMs - (phases.applying ?? NaN), 0), '—', '—'],
        [`baseline: one UPDATE … FROM unnest (median of ${baseline.length})`, fmt(baseMs, 0), fmt(rows / (baseMs / 1000), 0), '1.0×'],
      ]);
      console.log(`import report: ${JSON.stringify(report)}; baseline runs ${baseline.map((b) => fmt(b, 0)).join(', ')} ms`);

      // export of the same nights (the tenant's calendar over [today, to))
      const exportTimes: number[] = [];
      const selectTimes: number[] = [];
      let lines = 0;
      let bytes = 0;
      let selected = 0;
      for (let i = 0; i < 3 && !interrupted; i++) {
        t0 = performance.now();
        const run = await operators.exportInventory(staff, { from: today, to });
        bytes = 0;
        lines = await run((chunk) => void (bytes += Buffer.byteLength(chunk)));
        exportTimes.push(since(t0));
        t0 = performance.now();
        selected = (await q.query(
          `SELECT h.id AS hotel_id, h.name AS hotel_name, rt.id AS room_type_id, rt.name AS room_name, i.night, i.allotment, i.booked, i.price, i.stop_sell
           FROM inventory i JOIN room_types rt ON rt.id = i.room_type_id JOIN hotels h ON h.id = rt.hotel_id
           WHERE h.tenant_id = $1 AND i.night >= $2 AND i.night < $3`,
          [tenantId, today, to],
        )).rowCount;
        selectTimes.push(since(t0));
      }
      const ex = median(exportTimes);
      const sel = median(selectTimes);
      console.log(`\nInventory CSV export: [${today}, ${to}) of the tenant, ${n0(lines)} lines, ${(bytes / 1e6).toFixed(1)} MB (median of ${exportTimes.length})`);
      printTable([
        ['operation', 'time ms', 'rows/s', '× baseline'],
        ['exportInventory (service)', fmt(ex, 0), fmt(lines / (ex / 1000), 0), `${fmt(ex / sel, 1)}×`],
        [`baseline: one plain SELECT of the same ${n0(selected)} rows`, fmt(sel, 0), fmt(selected / (sel / 1000), 0), '1.0×'],
      ]);
    }

    // 2. dashboard stats
    if (!interrupted) {
      const ranges: Array<[string, string, string]> = [
        ['stats, 30 days (the console\'s default: the last 30)', addDays(today, -29), addDays(today, 1)],
        ['stats, 366 days (the last 366)', addDays(today, -365), addDays(today, 1)],
        ['stats, 366 days ahead (a year of inventory)', today, addDays(today, 366)],
      ];
      const ops: Array<[string, LatencyStats]> = [];
      let conversations = 0;
      for (const [name, from, to] of ranges) {
        if (interrupted) break;
        ops.push([name, await measure(REPEAT, async () => {
          const s = await operators.stats(staff, { from, to });
          conversations = Math.max(conversations, s.conversations.total);
        })]);
      }
      const base = await measure(Math.max(...ops.map(([, s]) => s.n), 1), () => q.query('SELECT count(*) FROM reservations WHERE tenant_id = $1', [tenantId]));
      console.log(`\nDashboard stats (OperatorService.stats, an operator of the bench tenant; ${n0(conversations)} conversations in the longest range)`);
      printTable(latencyRows(ops, ['baseline: SELECT count(*) FROM reservations WHERE tenant_id = $1', base]));
    }

    // 3. conversation review
    if (!interrupted) {
      const detailId = (await q.query<{ id: string }>(
        `SELECT c.id FROM conversations c JOIN reservations r ON r.traveller_id = c.traveller_id
         WHERE c.tenant_id = $1 ORDER BY (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id) DESC, c.id LIMIT 1`,
        [tenantId],
      )).rows[0]?.id;
      const sample = (await q.query<{ id: string }>('SELECT id FROM conversations ORDER BY id LIMIT 1000')).rows.map((r) => r.id);
      const ops: Array<[string, LatencyStats]> = [];
      let firstPage = 0;
      let booked = 0;
      let messages = 0;
      ops.push(['review list, first page (20)', await measure(REPEAT, async () => {
        firstPage = (await review.list(staff, { limit: 20 })).items.length;
      })]);
      if (!interrupted) ops.push(['review list, outcome=booked (20)', await measure(REPEAT, async () => {
        booked = (await review.list(staff, { limit: 20, outcome: 'booked' })).items.length;
      })]);
      if (!interrupted && detailId) ops.push(['review detail of one booked conversation', await measure(REPEAT, async () => {
        messages = (await review.get(staff, detailId)).messages.length;
      })]);
      const base = await measure(Math.max(...ops.map(([, s]) => s.n), 1), (i) =>
        q.query('SELECT id, traveller_id, channel, tenant_id, locale, created_at FROM conversations WHERE id = $1', [sample[Math.max(0, i) % sample.length]]));
      console.log(`\nConversation review (ReviewService; pages of ${firstPage} and ${booked} conversations, a detail of ${messages} messages)`);
      printTable(latencyRows(ops, ['baseline: conversations primary-key SELECT', base]));
    }
    console.log('\nno goal set; figures for the closing note');
  } finally {
    await db?.close().catch(() => undefined);
    await bdb?.drop().catch((err) => console.error(`could not drop ${bdb!.name}: ${(err as Error).message}`));
  }
}

runMain('operator bench', main);
