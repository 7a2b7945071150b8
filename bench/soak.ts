// Soak: mixed traffic for minutes on two app instances sharing one PostgreSQL and Redis, as a deployment runs.
//
// Two (or, with --split, two web and one worker) `tsx src/main.ts` processes on a throwaway database, the demo data,
// the offline model and a fake WeChat API in this process. Closed-loop clients alternate between the instances:
// travellers chatting in Chinese and English through the app channel (a search turn, then a follow-up), bookers
// booking and cancelling through POST /v1/reservations, and an open-loop stream of signed WeChat pushes. Every
// `--sample` seconds it records each process's resident memory. At the end: throughput and p50/p99 per kind,
// errors, memory over time, the overbooking invariant, and that every accepted push got exactly one turn and a
// reply. Baseline in the same run: the same clients on GET /healthz of the same instances.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';
import { aesKeyOf, encryptMessage } from '../channels/wechat/crypto.ts';
import { wechatSignature } from '../channels/wechat/signature.ts';
import { startFakeWechat, type FakeWechat } from '../test/support/fake-wechat.ts';
import { createBenchDb, DEFAULT_DATABASE_URL, fmt, latencyStats, pick, printTable, prng, runMain, secs, type BenchDb } from './lib.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const USAGE = `bench/soak.ts: mixed traffic on two instances over one PostgreSQL and Redis (needs REDIS_URL).
  --seconds N     length of the soak (default 300)
  --travellers C  chatting travellers, closed loop (default 6)
  --bookers C     booking/cancelling clients, closed loop (default 4)
  --pushes R      WeChat pushes per second, open loop (default 4)
  --sample N      seconds between memory samples (default 30)
  --split         run two web instances (--web) and one worker (--worker) instead of two full instances`;

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '300' }, travellers: { type: 'string', default: '6' }, bookers: { type: 'string', default: '4' },
    pushes: { type: 'string', default: '4' }, sample: { type: 'string', default: '30' }, split: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false }, 'database-url': { type: 'string' },
  },
  strict: true,
});
if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}
const num = (name: keyof typeof flags): number => {
  const n = Number(flags[name]);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name} must be a number ≥ 0\n\n${USAGE}`);
    process.exit(2);
  }
  return n;
};
const SECONDS = num('seconds');
const TRAVELLERS = num('travellers');
const BOOKERS = num('bookers');
const PUSH_RATE = num('pushes');
const SAMPLE_S = Math.max(1, num('sample'));
const REDIS_URL = process.env.REDIS_URL;
const SERVER_URL = flags['database-url'] ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;

const WECHAT = { appId: 'wxsoak0000000001', secret: 'soak-secret', token: 'soaktoken', aesKey: randomBytes(32).toString('base64').replace(/[^A-Za-z0-9]/g, 'A').slice(0, 43) };
const APP_KEY = `soak-app-key-${randomBytes(8).toString('hex')}`;

// ---------------------------------------------------------------------------------------------------------------
// The instances.

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface Instance {
  name: string;
  child: ChildProcess;
  url: string | null;
  log: string[];
}

function spawnInstance(name: string, env: Record<string, string>, args: string[]): Instance {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const inst: Instance = { name, child, url: env.PORT ? `http://127.0.0.1:${env.PORT}` : null, log: [] };
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) inst.log.push(line.slice(0, 400));
    if (inst.log.length > 200) inst.log.splice(0, inst.log.length - 200);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return inst;
}

async function waitReady(inst: Instance, timeoutMs: number, probe: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (inst.child.exitCode !== null) throw new Error(`${inst.name} exited with ${inst.child.exitCode}:\n${inst.log.slice(-20).join('\n')}`);
    if (await probe().catch(() => false)) return;
    await sleep(200);
  }
  throw new Error(`${inst.name} not ready after ${timeoutMs} ms:\n${inst.log.slice(-20).join('\n')}`);
}

async function stopInstance(inst: Instance): Promise<void> {
  if (inst.child.exitCode !== null || inst.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => inst.child.once('exit', () => resolve()));
  inst.child.kill('SIGTERM');
  const t = setTimeout(() => inst.child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(t);
}

/** Resident memory of a process in MB, from /proc; NaN when it is gone. */
function rssMb(pid: number | undefined): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The clients.

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function call(base: string, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; text: string }> {
  const u = new URL(base);
  const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent, host: u.hostname, port: u.port, path, method,
        headers: { ...(data !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(data)) } : {}), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(60_000, () => req.destroy(new Error('timeout after 60 s')));
    req.on('error', reject);
    req.end(data);
  });
}

type Kind = 'chat-search' | 'chat-follow-up' | 'booking' | 'cancellation' | 'push-ack' | 'baseline';

interface Tally {
  lat: Map<Kind, number[]>;
  errors: Map<string, number>;
  examples: string[];
  outcomes: Map<string, number>;
}

const tally = (): Tally => ({ lat: new Map(), errors: new Map(), examples: [], outcomes: new Map() });

function record(t: Tally, kind: Kind, ms: number): void {
  let xs = t.lat.get(kind);
  if (!xs) t.lat.set(kind, (xs = []));
  xs.push(ms);
}

function fail(t: Tally, kind: Kind, what: string): void {
  const key = `${kind}: ${what.slice(0, 60)}`;
  t.errors.set(key, (t.errors.get(key) ?? 0) + 1);
  if (t.examples.length < 10) t.examples.push(`${kind}: ${what.slice(0, 300)}`);
}

function count(t: Tally, what: string): void {
  t.outcomes.set(what, (t.outcomes.get(what) ?? 0) + 1);
}

const CITIES = [
  { zh: '北京', en: 'Beijing' }, { zh: '上海', en: 'Shanghai' }, { zh: '杭州', en: 'Hangzhou' },
  { zh: '成都', en: 'Chengdu' }, { zh: '西安', en: "Xi'an" }, { zh: '三亚', en: 'Sanya' },
];

/** A traveller: a search turn, then a follow-up about the results, then a new conversation; alternating instances. */
async function traveller(i: number, bases: string[], until: number, t: Tally): Promise<void> {
  const rnd = prng(1000 + i);
  let n = 0;
  while (Date.now() < until) {
    const base = bases[n++ % bases.length]!;
    const en = rnd() < 0.5;
    const city = pick(rnd, CITIES);
    const day = 3 + Math.floor(rnd() * 60);
    const nights = 1 + Math.floor(rnd() * 3);
    const userId = `soak-${i}-${n}`;
    const search = en
      ? `A hotel in ${city.en} in ${day} days for ${nights} nights, 2 guests`
      : `${city.zh}，${day}天后入住，住${nights}晚，两个人`;
    const headers = { authorization: `Bearer ${APP_KEY}` };
    let t0 = performance.now();
    try {
      const r = await call(base, 'POST', '/v1/app/messages', headers, { userId, text: search, locale: en ? 'en' : 'zh-CN' });
      if (r.status !== 200) {
        fail(t, 'chat-search', `${r.status} ${r.text}`);
        continue;
      }
      record(t, 'chat-search', performance.now() - t0);
      const body = JSON.parse(r.text) as { conversationId: string; replies: Array<{ cards?: unknown[] }> };
      count(t, body.replies.some((x) => x.cards?.length) ? 'search with cards' : 'search without cards');
      const follow = en ? pick(rnd, ['Does the second one have breakfast?', 'Something cheaper?', 'Is there parking at the first one?'])
        : pick(rnd, ['第二家有早餐吗？', '有便宜一点的吗', '第一家能停车吗']);
      t0 = performance.now();
      const f = await call(base, 'POST', '/v1/app/messages', headers, { userId, text: follow, conversationId: body.conversationId });
      if (f.status !== 200) fail(t, 'chat-follow-up', `${f.status} ${f.text}`);
      else record(t, 'chat-follow-up', performance.now() - t0);
    } catch (err) {
      fail(t, 'chat-search', String(err));
    }
  }
}

interface Stay {
  hotelId: string;
  roomTypeId: string;
}

function isoDay(offset: number): string {
  const d = new Date(Date.now() + offset * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** A booker: books one of a small hot set of rooms (sold-out answers are expected), cancels every other booking. */
async function booker(i: number, bases: string[], stays: Stay[], until: number, t: Tally): Promise<void> {
  const rnd = prng(5000 + i);
  let n = 0;
  const sessions: Array<{ token: string }> = [];
  for (const base of bases) {
    const r = await call(base, 'POST', '/v1/web/sessions', {}, {});
    sessions.push(JSON.parse(r.text) as { token: string });
  }
  while (Date.now() < until) {
    const k = n++ % bases.length;
    const base = bases[k]!;
    const auth = { authorization: `Bearer ${sessions[k]!.token}` };
    const stay = pick(rnd, stays);
    const from = 5 + Math.floor(rnd() * 90);
    const nights = 1 + Math.floor(rnd() * 2);
    const key = `soak-${i}-${n}-${randomBytes(4).toString('hex')}`;
    const body = {
      hotelId: stay.hotelId, roomTypeId: stay.roomTypeId, checkIn: isoDay(from), checkOut: isoDay(from + nights), rooms: 1, guests: 1,
      guest: { name: '测试旅客', phone: `1380013${String(randomInt(10_000)).padStart(4, '0')}` },
    };
    let t0 = performance.now();
    try {
      const r = await call(base, 'POST', '/v1/reservations', { ...auth, 'idempotency-key': key }, body);
      if (r.status === 409) {
        record(t, 'booking', performance.now() - t0);
        count(t, `booking ${JSON.parse(r.text).error as string}`);
        continue;
      }
      if (r.status !== 201) {
        fail(t, 'booking', `${r.status} ${r.text}`);
        continue;
      }
      record(t, 'booking', performance.now() - t0);
      count(t, 'booking made');
      if (n % 2 === 0) {
        const { code } = JSON.parse(r.text) as { code: string };
        t0 = performance.now();
        const c = await call(base, 'POST', `/v1/reservations/${code}/cancel`, auth, {});
        if (c.status === 200) {
          record(t, 'cancellation', performance.now() - t0);
          count(t, 'cancellation made');
        } else if (c.status === 409) {
          record(t, 'cancellation', performance.now() - t0);
          count(t, `cancellation ${JSON.parse(c.text).error as string}`);
        } else fail(t, 'cancellation', `${c.status} ${c.text}`);
      }
    } catch (err) {
      fail(t, 'booking', String(err));
    }
  }
}

/** Signed, encrypted JSON pushes at a fixed rate, each from its own openid; returns the MsgIds acknowledged `success`. */
async function pusher(bases: string[], rate: number, until: number, t: Tally): Promise<Map<string, string>> {
  const accepted = new Map<string, string>(); // MsgId → openid
  if (rate <= 0) return accepted;
  const key = { aesKey: aesKeyOf(WECHAT.aesKey), appId: WECHAT.appId };
  let seq = BigInt(Date.now()) * 1_000_000n;
  const inflight: Array<Promise<void>> = [];
  const t0 = Date.now();
  let sent = 0;
  while (Date.now() < until) {
    const due = t0 + (sent * 1000) / rate;
    if (due > Date.now()) await sleep(due - Date.now());
    const msgId = String(++seq);
    const openid = `osoak${msgId.slice(-8)}`;
    const base = bases[sent++ % bases.length]!;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = String(randomInt(1e9));
    const text = pick(Math.random, ['北京下周五住两晚，两个人', '你好，想订杭州的酒店', 'Hotels in Shanghai next weekend for 2']);
    const inner = JSON.stringify({ ToUserName: 'gh_soak', FromUserName: openid, CreateTime: Number(timestamp), MsgType: 'text', Content: text }).replace(/}$/, `,"MsgId":${msgId}}`);
    const encrypt = encryptMessage(inner, key);
    const q = new URLSearchParams({
      signature: wechatSignature(WECHAT.token, timestamp, nonce), timestamp, nonce, openid, encrypt_type: 'aes',
      msg_signature: wechatSignature(WECHAT.token, timestamp, nonce, encrypt),
    });
    const started = performance.now();
    inflight.push(
      call(base, 'POST', `/v1/wechat/callback?${q}`, {}, JSON.stringify({ ToUserName: 'gh_soak', Encrypt: encrypt })).then(
        (r) => {
          if (r.status === 200 && r.text === 'success') {
            record(t, 'push-ack', performance.now() - started);
            accepted.set(msgId, openid);
          } else fail(t, 'push-ack', `${r.status} ${r.text}`);
        },
        (err) => fail(t, 'push-ack', String(err)),
      ),
    );
    if (inflight.length > 500) await Promise.all(inflight.splice(0));
  }
  await Promise.all(inflight);
  return accepted;
}

/** The same clients on /healthz for `ms`: what this machine and client do with no work behind the route. */
async function baseline(bases: string[], clients: number, ms: number, t: Tally): Promise<number> {
  const until = Date.now() + ms;
  let done = 0;
  await Promise.all(Array.from({ length: clients }, async (_, i) => {
    let n = i;
    while (Date.now() < until) {
      const t0 = performance.now();
      const r = await call(bases[n++ % bases.length]!, 'GET', '/healthz', {});
      if (r.status === 200) {
        record(t, 'baseline', performance.now() - t0);
        done++;
      } else fail(t, 'baseline', `${r.status}`);
    }
  }));
  return done / (ms / 1000);
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (!REDIS_URL) {
    console.error('bench/soak.ts needs REDIS_URL: the instances share jobs, events and locks through Redis.');
    process.exit(2);
  }
  let db: BenchDb | undefined;
  let fake: FakeWechat | undefined;
  const instances: Instance[] = [];
  const prefix = `td-soak-${randomBytes(4).toString('hex')}`;
  try {
    db = await createBenchDb(SERVER_URL);
    fake = await startFakeWechat({ appId: WECHAT.appId, secret: WECHAT.secret });
    const common: Record<string, string> = {
      DATABASE_URL: db.url, REDIS_URL, DATA_KEY: randomBytes(32).toString('base64'), APP_API_KEY: APP_KEY,
      WECHAT_APPID: WECHAT.appId, WECHAT_SECRET: WECHAT.secret, WECHAT_TOKEN: WECHAT.token, WECHAT_AES_KEY: WECHAT.aesKey,
      WECHAT_API_BASE: fake.url, LOG_LEVEL: 'warn', REDIS_PREFIX: prefix,
      RATE_LIMIT_IP_PER_MINUTE: '0', RATE_LIMIT_TRAVELLER_PER_MINUTE: '0',
    };
    const ports = [await freePort(), await freePort()];
    const webArgs = flags.split ? ['--web'] : [];
    console.log(`database ${db.name}; seeding the demo data through instance A…`);
    const t0 = performance.now();
    const a = spawnInstance('A', { ...common, PORT: String(ports[0]), SEED_DEMO: '1' }, webArgs);
    instances.push(a);
    await waitReady(a, 180_000, async () => (await call(a.url!, 'GET', '/readyz', {})).status === 200);
    const b = spawnInstance('B', { ...common, PORT: String(ports[1]), SEED_DEMO: '0' }, webArgs);
    instances.push(b);
    await waitReady(b, 60_000, async () => (await call(b.url!, 'GET', '/readyz', {})).status === 200);
    if (flags.split) {
      const w = spawnInstance('worker', { ...common, SEED_DEMO: '0' }, ['--worker']);
      instances.push(w);
      await sleep(3000);
      if (w.child.exitCode !== null) throw new Error(`worker exited with ${w.child.exitCode}:\n${w.log.slice(-20).join('\n')}`);
    }
    console.log(`instances up in ${secs(performance.now() - t0)}: ${instances.map((i) => `${i.name} pid ${i.child.pid}`).join(', ')}`);
    const bases = [a.url!, b.url!];

    const sql = new pg.Pool({ connectionString: db.url, max: 2 });
    const { rows: stayRows } = await sql.query<{ hotel_id: string; room_type_id: string }>(
      `SELECT h.id AS hotel_id, rt.id AS room_type_id FROM hotels h JOIN room_types rt ON rt.hotel_id = h.id
       WHERE h.city_key = 'beijing' ORDER BY h.id, rt.id LIMIT 60`);
    const stays = stayRows.map((r) => ({ hotelId: r.hotel_id, roomTypeId: r.room_type_id }));

    const base = tally();
    const clients = TRAVELLERS + BOOKERS;
    const baselineRps = await baseline(bases, clients, 5000, base);
    console.log(`baseline: GET /healthz with ${clients} clients: ${fmt(baselineRps, 0)} req/s`);

    const t = tally();
    const memory: Array<[number, ...number[]]> = [];
    const soakStart = Date.now();
    const until = soakStart + SECONDS * 1000;
    const sampler = setInterval(() => {
      memory.push([Math.round((Date.now() - soakStart) / 1000), ...instances.map((i) => rssMb(i.child.pid))]);
    }, SAMPLE_S * 1000);
    memory.push([0, ...instances.map((i) => rssMb(i.child.pid))]);
    console.log(`soak: ${SECONDS} s, ${TRAVELLERS} travellers, ${BOOKERS} bookers, ${PUSH_RATE} pushes/s…`);
    const [accepted] = await Promise.all([
      pusher(bases, PUSH_RATE, until, t),
      ...Array.from({ length: TRAVELLERS }, (_, i) => traveller(i, bases, until, t)),
      ...Array.from({ length: BOOKERS }, (_, i) => booker(i, bases, stays, until, t)),
    ]);
    const elapsed = (Date.now() - soakStart) / 1000;
    clearInterval(sampler);
    memory.push([Math.round(elapsed), ...instances.map((i) => rssMb(i.child.pid))]);

    // Every accepted push: one inbound message, one turn, and a reply at the fake WeChat (waiting for the queue to drain).
    const drainUntil = Date.now() + 120_000;
    const repliedOpenids = () => new Set(fake!.delivered().map((m: { touser: string }) => m.touser));
    let waiting = [...accepted.values()].filter((o) => !repliedOpenids().has(o)).length;
    while (waiting > 0 && Date.now() < drainUntil) {
      await sleep(1000);
      waiting = [...accepted.values()].filter((o) => !repliedOpenids().has(o)).length;
    }
    const drained = (Date.now() - (drainUntil - 120_000)) / 1000;
    const ids = [...accepted].map(([msgId, openid]) => `msg:${openid}:${msgId}`);
    const { rows: turnRows } = await sql.query<{ source_id: string; inbound: string; turns: string }>(
      `SELECT m.source_id, count(DISTINCT m.id) AS inbound, count(tt.id) AS turns
       FROM messages m LEFT JOIN turn_traces tt ON tt.message_id = m.id
       WHERE m.channel = 'wechat' AND m.direction = 'in' AND m.source_id = ANY($1::text[]) GROUP BY m.source_id`, [ids]);
    const doubled = turnRows.filter((r) => Number(r.inbound) !== 1 || Number(r.turns) > 1).length;
    const noTurn = ids.length - turnRows.length;

    const { rows: inv } = await sql.query<{ mismatches: string; reservations: string; nights: string }>(
      `WITH live AS (
         SELECT r.room_type_id, n.night::date AS night, sum(r.rooms) AS rooms
         FROM reservations r, generate_series(r.check_in, r.check_out - 1, interval '1 day') AS n(night)
         WHERE r.status IN ('held', 'confirmed') GROUP BY 1, 2)
       SELECT (SELECT count(*) FROM inventory i LEFT JOIN live l ON l.room_type_id = i.room_type_id AND l.night = i.night
               WHERE i.booked <> coalesce(l.rooms, 0)) AS mismatches,
              (SELECT count(*) FROM reservations) AS reservations,
              (SELECT coalesce(sum(rooms * (check_out - check_in)), 0) FROM reservations WHERE status IN ('held', 'confirmed')) AS nights`);
    await sql.end();

    console.log(`\nSoak of ${fmt(elapsed, 0)} s on ${instances.length} processes (${flags.split ? 'two web + one worker' : 'two full instances'}), PostgreSQL + Redis:`);
    const rows: string[][] = [['kind', 'done', 'per s', 'p50 ms', 'p99 ms', 'max ms', 'errors']];
    const errorsOf = (k: Kind) => [...t.errors].filter(([key]) => key.startsWith(`${k}:`)).reduce((s, [, n]) => s + n, 0);
    let all = 0;
    for (const kind of ['chat-search', 'chat-follow-up', 'booking', 'cancellation', 'push-ack'] as Kind[]) {
      const s = latencyStats(t.lat.get(kind) ?? []);
      all += s.n;
      rows.push([kind, String(s.n), fmt(s.n / elapsed, 1), fmt(s.p50, 1), fmt(s.p99, 1), fmt(s.max, 0), String(errorsOf(kind))]);
    }
    const bs = latencyStats(base.lat.get('baseline') ?? []);
    rows.push(['baseline /healthz (5 s)', String(bs.n), fmt(baselineRps, 0), fmt(bs.p50, 2), fmt(bs.p99, 2), fmt(bs.max, 0), String(base.errors.size)]);
    printTable(rows);
    console.log(`all kinds: ${fmt(all / elapsed, 1)} requests/s = ${fmt(all / elapsed / baselineRps, 3)} of the /healthz baseline`);
    console.log(`outcomes: ${[...t.outcomes].map(([k, v]) => `${k} ${v}`).join(', ')}`);
    if (t.examples.length) console.log(`errors: ${[...t.errors].map(([k, v]) => `${k} ×${v}`).join('; ')}\n  e.g. ${t.examples.slice(0, 5).join('\n  e.g. ')}`);
    else console.log('errors: none');

    console.log('\nresident memory (MB):');
    printTable([['t (s)', ...instances.map((i) => i.name)], ...memory.map(([s, ...mb]) => [String(s), ...mb.map((m) => fmt(m, 0))])]);
    const growth = instances.map((inst, k) => {
      const mid = memory[Math.floor(memory.length / 2)]![k + 1]!;
      const last = memory.at(-1)![k + 1]!;
      return `${inst.name} ${fmt(last - mid, 0)} MB over the second half`;
    });
    console.log(`memory growth: ${growth.join(', ')}`);

    console.log(`\nWeChat: ${accepted.size} pushes accepted; ${accepted.size - waiting} answered at the fake API within ${fmt(drained, 0)} s of the end` +
      `; ${waiting} unanswered; ${noTurn} without an inbound message; ${doubled} with more than one message or turn`);
    const m = Number(inv[0]!.mismatches);
    console.log(`overbooking invariant: ${inv[0]!.reservations} reservations, ${inv[0]!.nights} live room-nights; nights whose booked ≠ live reservations: ${m} (${m === 0 ? 'ok' : 'BROKEN'})`);
    if (m !== 0 || waiting > 0 || doubled > 0 || noTurn > 0) process.exitCode = 1;
  } finally {
    await Promise.all(instances.map(stopInstance));
    for (const inst of instances) if (inst.child.exitCode && inst.child.exitCode !== 0) console.log(`${inst.name} exited ${inst.child.exitCode}: ${inst.log.slice(-5).join(' | ')}`);
    agent.destroy();
    // Only this run's keys (the instances' queues, locks and limits live under its prefix).
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
    await fake?.close();
    await db?.drop();
  }
}

runMain('bench/soak.ts', main);
