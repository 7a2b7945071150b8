// Bot turn overhead: the bot's own time per turn beyond a fake model's, N conversations at once, over POST /v1/app/messages.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import express from 'express';
import { appChannelRouter } from '../channels/app/index.ts';
import { migrate, openPglite, openPostgres, type Db, type Queryable, type QueryResult } from '../db/index.ts';
import type { Reply } from '../src/bot/index.ts';
import { createEventBus } from '../src/bot/events/index.ts';
import { createConversationLock } from '../src/bot/lock/index.ts';
import { systemClock } from '../src/clock.ts';
import { buildServices } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { addDays, todayIn } from '../src/dates.ts';
import { createHttpApp } from '../src/http/app.ts';
import { createJobQueue } from '../src/jobs/index.ts';
import { createLogger } from '../src/logger.ts';
import type { ChatMessage, ChatModel, ChatRequest, ChatResponse, ToolCall } from '../src/model/index.ts';
import { deriveKeys } from '../src/security/index.ts';
import type { Services } from '../src/services.ts';
import { aHotel, aRoomType, aTenant } from '../test/support/builders.ts';
import {
  between, createBenchDb, fmt, latencyStats, parseFlags, pick, printTable, prng, runMain, secs, since, USAGE, verdict,
  type BenchDb, type LatencyStats,
  postgresCpuSeconds,
  machineTimes,
  postJson,
} from './lib.ts';

const GOAL_P50_MS = 10;
const GOAL_P99_MS = 50;
const APP_KEY = `bench-app-key-${randomBytes(8).toString('hex')}`;

// ---------------------------------------------------------------------------------------------------------------
// Flags: this bench's own ones are taken out of argv first; the rest go through the shared parser of lib.ts.

/** The flags only this bench knows (bench/run.ts passes them to this bench alone). */
const OWN_OPTIONS = {
  conversations: { type: 'string' },
  turns: { type: 'string' },
  'model-delay': { type: 'string' },
  via: { type: 'string' },
  pool: { type: 'string' },
  profile: { type: 'boolean', default: false },
  'cpu-profile': { type: 'string' },
} as const;

const OWN_USAGE = `bench/bot-turn.ts flags (besides --database-url and --embedded below):
  --conversations N  conversations at once (default 50)
  --turns K          turns per conversation (default 6)
  --model-delay MS   the fake model's delay per call (default 50)
  --via MODE         http (POST /v1/app/messages), service (bot.handle in-process, no HTTP), or both (default both)
  --pool N           PostgreSQL pool size of the app (default 20, as startApp opens it)
  --profile          always print where the time goes (SQL per pipeline step, agent part); else only when a goal is missed
  --cpu-profile DIR  write a V8 CPU profile of each measured turn phase to DIR/bot-turn-<mode>.cpuprofile`;

function splitOwnFlags(argv: string[]): { own: string[]; rest: string[] } {
  const own: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const name = /^--([^=]+)/.exec(a)?.[1];
    const opt = name ? (OWN_OPTIONS as Record<string, { type: string }>)[name] : undefined;
    if (!opt) {
      rest.push(a);
      continue;
    }
    own.push(a);
    if (opt.type === 'string' && !a.includes('=') && i + 1 < argv.length) own.push(argv[++i]!);
  }
  return { own, rest };
}

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  console.log(`${OWN_USAGE}\n\n${USAGE}`);
  process.exit(0);
}
const split = splitOwnFlags(argv);
const flags = parseFlags(split.rest);
let ownValues: { [K in keyof typeof OWN_OPTIONS]?: string | boolean };
try {
  ({ values: ownValues } = parseArgs({ args: split.own, options: OWN_OPTIONS, strict: true, allowPositionals: false }));
} catch (err) {
  console.error(`${(err as Error).message}\n\n${OWN_USAGE}`);
  process.exit(2);
}
const ownNum = (name: keyof typeof OWN_OPTIONS, fallback: number, min: number): number => {
  const raw = ownValues[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) {
    console.error(`--${name} must be a number ≥ ${min} (got "${String(raw)}")`);
    process.exit(2);
  }
  return n;
};
const CONVERSATIONS = Math.floor(ownNum('conversations', 50, 1));
const TURNS = Math.floor(ownNum('turns', 6, 1));
const MODEL_DELAY = ownNum('model-delay', 50, 0);
const POOL = Math.floor(ownNum('pool', 20, 1));
const VIA = String(ownValues.via ?? 'both');
if (!['http', 'service', 'both'].includes(VIA)) {
  console.error(`--via must be http, service or both (got "${VIA}")`);
  process.exit(2);
}
const PROFILE = ownValues.profile === true;
const CPU_PROFILE_DIR = typeof ownValues['cpu-profile'] === 'string' ? ownValues['cpu-profile'] : undefined;
const EMBEDDED = flags.raw.embedded === true;

let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
  console.error('\nSIGINT: stopping after the current turns and cleaning up…');
});

// ---------------------------------------------------------------------------------------------------------------
// Seeded data: a few cities × three tiers × two hotels, two room types each, inventory from today.

const CITIES = ['北京', '上海', '杭州', '成都'] as const;
const TIER_ZH = { budget: '经济', comfort: '舒适', luxury: '豪华' } as const;
const TIER_PRICE = { budget: 28_000, comfort: 56_000, luxury: 128_000 } as const;
const HOTELS_PER_TIER = 2;
const INVENTORY_NIGHTS = 60;

async function seed(db: Queryable, today: string): Promise<number> {
  const tenantId = await aTenant(db, '压测酒店集团');
  let hotels = 0;
  for (const city of CITIES) {
    for (const tier of ['budget', 'comfort', 'luxury'] as const) {
      for (let i = 1; i <= HOTELS_PER_TIER; i++) {
        const hotelId = await aHotel(db, {
          tenantId, city, tier, name: `${city}${TIER_ZH[tier]}${i}号酒店`, rating: 4 + i / 10,
          amenities: i % 2 ? ['wifi', 'breakfast'] : ['wifi', 'parking'],
        });
        const base = TIER_PRICE[tier] + i * 2_000;
        await aRoomType(db, { hotelId, name: '大床房', capacity: 2, price: base, allotment: 100_000, from: today, nights: INVENTORY_NIGHTS });
        await aRoomType(db, { hotelId, name: '家庭房', capacity: 4, price: Math.round(base * 1.6), allotment: 100_000, from: today, nights: INVENTORY_NIGHTS });
        hotels++;
      }
    }
  }
  return hotels;
}

// ---------------------------------------------------------------------------------------------------------------
// The fake model: in-process, answers after a fixed delay with a script per turn, and keeps the time spent in it
// per conversation.

/** What the traveller says in each turn, and what kind of turn the script makes of it. */
type TurnKind = 'search' | 'plain' | 'details';
interface Line {
  kind: TurnKind;
  text: string;
  tier?: 'budget' | 'comfort';
  answer?: string;
}
/**
 * Turns 2… alternate plain answers with a hotel-details question: three plain answers in a row would count as
 * repeated clarification (no tool progress) and hand the conversation to a person at turn 4, after which the bot
 * stays silent (the handoff gate), which is not the turn this bench is about.
 */
const LATER: Line[] = [
  { kind: 'plain', text: '谢谢，我再考虑一下', answer: '不客气，有需要随时告诉我。' },
  { kind: 'details', text: '经济型那家有早餐吗？', tier: 'budget' },
  { kind: 'plain', text: '好的，明白了', answer: '好的，还有什么可以帮您？' },
  { kind: 'details', text: '舒适型那家可以停车吗？', tier: 'comfort' },
  { kind: 'plain', text: '好的，谢谢', answer: '不客气，祝您旅途愉快！' },
];
const LINES_BY_TEXT = new Map(LATER.map((l) => [l.text, l]));

type Money = { amount: number; currency: string };
type SearchData = { tiers: Record<string, Array<{ hotelId: string; name: string; pricePerNight: Money; total: Money }>> };

/** Time spent inside the fake for one conversation's current turn. */
interface ModelSpent {
  /** Measured, from entering complete() to its answer (timer lateness included). */
  ms: number;
  /** The delays asked for. */
  nominal: number;
  calls: number;
}

class FakeModel implements ChatModel {
  readonly name = 'bench-fake-model';
  readonly #spent = new Map<string, ModelSpent>();
  #ids = 0;
  constructor(private readonly delayMs: number) {}

  async complete(req: ChatRequest): Promise<ChatResponse> {
    const t0 = performance.now();
    try {
      if (this.delayMs > 0) await sleep(this.delayMs, undefined, req.signal ? { signal: req.signal } : undefined);
      return this.#answer(req.messages);
    } finally {
      const key = req.conversationId ?? '?';
      const s = this.#spent.get(key) ?? { ms: 0, nominal: 0, calls: 0 };
      s.ms += performance.now() - t0;
      s.nominal += this.delayMs;
      s.calls++;
      this.#spent.set(key, s);
    }
  }

  /** The time spent for `conversationId` since the last take, and forgets it. */
  take(conversationId: string): ModelSpent {
    const s = this.#spent.get(conversationId) ?? { ms: 0, nominal: 0, calls: 0 };
    this.#spent.delete(conversationId);
    return s;
  }

  clear(): void {
    this.#spent.clear();
  }

  #answer(messages: ChatMessage[]): ChatResponse {
    const last = messages.at(-1);
    const lastUser = [...messages].reverse().find((m) => m.role === 'user');
    const userText = lastUser?.role === 'user' ? lastUser.content : '';
    const line = LINES_BY_TEXT.get(userText) ?? { kind: 'search' as const, text: userText };
    const text = (content: string): ChatResponse => ({ content, toolCalls: [], finishReason: 'stop', model: this.name, usage: { promptTokens: 900, completionTokens: 40 } });
    const call = (name: string, args: unknown): ChatResponse => ({
      content: null, toolCalls: [{ id: `call_${++this.#ids}`, name, arguments: JSON.stringify(args) } satisfies ToolCall],
      finishReason: 'tool_calls', model: this.name, usage: { promptTokens: 900, completionTokens: 30 },
    });
    const toolResult = <T>(name: string): T | undefined => {
      const ids = new Set(messages.flatMap((m) => (m.role === 'assistant' ? (m.toolCalls ?? []).filter((c) => c.name === name).map((c) => c.id) : [])));
      const r = [...messages].reverse().find((m) => m.role === 'tool' && ids.has(m.toolCallId));
      if (r?.role !== 'tool') return undefined;
      try {
        return JSON.parse(r.content) as T;
      } catch {
        return undefined;
      }
    };

    if (line.kind === 'plain') return text(line.answer!);
    if (line.kind === 'search') {
      if (last?.role !== 'tool') {
        const m = FIRST_RE.exec(userText);
        return call('search_hotels', m ? { city: m[2], checkIn: m[1], checkOut: addDays(m[1]!, Number(m[3])), guests: Number(m[4]) } : {});
      }
      const r = toolResult<SearchData>('search_hotels');
      const row = (tier: 'budget' | 'comfort' | 'luxury') => {
        const h = r?.tiers[tier]?.[0];
        return h ? `${TIER_ZH[tier]}：${h.name} ¥${h.pricePerNight.amount / 100}/晚，共¥${h.total.amount / 100}` : `${TIER_ZH[tier]}：暂无合适的房间`;
      };
      return text(`为您找到：\n${row('budget')}\n${row('comfort')}\n${row('luxury')}\n点击卡片即可预订。`);
    }
    // details
    if (last?.role !== 'tool') {
      const hotel = toolResult<SearchData>('search_hotels')?.tiers[line.tier!]?.[0];
      return call('get_hotel_details', { hotelId: hotel?.hotelId ?? '00000000-0000-4000-8000-000000000000' });
    }
    const d = toolResult<{ amenities?: string[] }>('get_hotel_details');
    const has = (word: string) => (d?.amenities ?? []).some((a) => a.includes(word));
    return line.tier === 'budget'
      ? text(has('早餐') ? '这家酒店提供早餐。' : '这家酒店不含早餐。')
      : text(has('停车') ? '这家酒店可以停车。' : '这家酒店没有停车场。');
  }
}

/** The traveller's first message: a stay in a seeded city, which the fake model turns into search_hotels arguments. */
function firstMessage(rnd: () => number, today: string): string {
  const checkIn = addDays(today, between(rnd, 3, 30));
  return `我想${checkIn}入住${pick(rnd, CITIES)}，住${between(rnd, 1, 3)}晚，${between(rnd, 1, 2)}个人，帮我推荐一下酒店`;
}
const FIRST_RE = /^我想(\d{4}-\d{2}-\d{2})入住(\p{Script=Han}+)，住(\d+)晚，(\d+)个人/u;

// ---------------------------------------------------------------------------------------------------------------
// Timing the database: every query by statement, to say where the time goes.

/** Which step of the pipeline a statement belongs to. */
const STEPS: Array<[RegExp, string]> = [
  [/^INSERT INTO travellers/, 'startSession: upsert traveller (tx)'],
  [/^SELECT id FROM conversations WHERE id = \$1 AND traveller_id/, 'startSession: own conversation (tx)'],
  [/^INSERT INTO conversations/, 'startSession: new conversation (tx)'],
  [/^SELECT traveller_id\b.* FROM conversations WHERE id = \$1$/, 'mw conversationCheck'],
  [/^SELECT conversation_id FROM messages WHERE channel/, 'route: conversation of this messageId (1st turn)'],
  [/^INSERT INTO messages .*'in', 'traveller'/s, 'mw dedupe: inbound transcript insert'],
  [/^SELECT id, status FROM handoffs/, 'mw handoff gate'],
  [/^SELECT key, value, etag FROM bot_state/, 'state read'],
  [/^(UPDATE bot_state|INSERT INTO bot_state)/, 'state write'],
  [/^INSERT INTO turn_traces/, 'trace insert'],
  [/^INSERT INTO messages .*'out'/s, 'mw transcript out: reply insert'],
  [/INSERT INTO quotes/, 'tool search_hotels: quote insert (tx)'],
  [/^SELECT name FROM tenants/, 'system prompt: tenant name'],
  [/^WITH fitting AS/, 'tool search_hotels: search'],
  [/^SELECT h\.tenant_id, h\.name AS hotel_name/, 'tool search_hotels: quote target (tx)'],
  [/^SELECT price FROM inventory/, 'tool search_hotels: quote prices (tx)'],
  [/^SELECT h\.\*, COALESCE/, 'tool get_hotel_details'],
  [/^SELECT 1$/, 'baseline SELECT 1'],
];

interface SqlStat {
  calls: number;
  ms: number;
  samples: number[];
}

function stepOf(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim();
  for (const [re, name] of STEPS) if (re.test(s)) return name;
  return `other: ${s.slice(0, 70)}`;
}

/** `db` with every statement and transaction timed into `stats` (two performance.now() calls per query). */
function timedDb(db: Db, stats: Map<string, SqlStat>): Db {
  const labels = new Map<string, string>();
  const record = (label: string, ms: number) => {
    const s = stats.get(label) ?? { calls: 0, ms: 0, samples: [] };
    s.calls++;
    s.ms += ms;
    s.samples.push(ms);
    stats.set(label, s);
  };
  const label = (sql: string, inTx: boolean) => {
    let l = labels.get(sql);
    if (!l) labels.set(sql, (l = stepOf(sql)));
    return inTx && !l.endsWith('(tx)') ? `${l} (tx)` : l;
  };
  const wrapQ = (q: Queryable, inTx: boolean): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      const t0 = performance.now();
      try {
        return await q.query<T>(sql, params);
      } finally {
        record(label(sql, inTx), performance.now() - t0);
      }
    },
    exec: (sql) => q.exec(sql),
  });
  const top = wrapQ(db, false);
  return {
    kind: db.kind,
    query: top.query,
    exec: top.exec,
    ping: () => db.ping(),
    close: () => db.close(),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const t0 = performance.now();
      let first = '';
      try {
        return await db.transaction((tx) => {
          const w = wrapQ(tx, true);
          return fn({ exec: w.exec, query: (sql, params) => ((first ||= stepOf(sql)), w.query(sql, params)) });
        });
      } finally {
        record(`transaction whole (BEGIN…COMMIT, incl. pool wait), first: ${first.replace(/ \(tx\)$/, '') || '?'}`, performance.now() - t0);
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The phases.


/** One phase's figures. */
interface PhaseResult {
  label: string;
  turns: number;
  wallMs: number;
  /** The bot's own time: the turn's wall time minus the time inside the fake model. */
  own: number[];
  /** Own time counting the model's nominal delays instead (timer lateness under load charged to the bot). */
  ownNominal: number[];
  whole: number[];
  /** Own time of the part that is bot.handle alone (service mode). */
  handleOwn: number[];
  modelCalls: number;
  timerLate: number[];
  errors: Map<string, number>;
  anomalies: Map<string, number>;
  loopDelay: { p50: number; p99: number; max: number };
  /** CPU of this process (app, HTTP client and fake model), in % of one core. */
  cpu: number;
  /** CPU milliseconds of this process per turn. */
  cpuPerTurn: number;
  /** CPU of the whole machine (PostgreSQL included), in % of all cores. */
  machineCpu: number;
  /** CPU of the local PostgreSQL server's processes, in % of one core (NaN when it cannot be read). */
  pgCpu: number;
}



/** Measures CPU and event-loop delay from now until the returned function is called. */
function meter(p: PhaseResult): () => void {
  const h = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  h.enable();
  const cpu0 = process.cpuUsage();
  const m0 = machineTimes();
  const pg0 = postgresCpuSeconds();
  const t0 = performance.now();
  return () => {
    p.wallMs = since(t0);
    h.disable();
    const cpu = process.cpuUsage(cpu0);
    const m1 = machineTimes();
    p.cpu = ((cpu.user + cpu.system) / 1000 / p.wallMs) * 100;
    p.cpuPerTurn = (cpu.user + cpu.system) / 1000 / Math.max(1, p.turns);
    p.machineCpu = ((m1.busy - m0.busy) / Math.max(1, m1.total - m0.total)) * 100;
    p.pgCpu = ((postgresCpuSeconds() - pg0) * 1000 / p.wallMs) * 100;
    p.loopDelay = loopDelayOf(h);
  };
}

function newPhase(label: string): PhaseResult {
  return {
    label, turns: 0, wallMs: 0, own: [], ownNominal: [], whole: [], handleOwn: [], modelCalls: 0, timerLate: [],
    errors: new Map(), anomalies: new Map(), loopDelay: { p50: NaN, p99: NaN, max: NaN }, cpu: NaN, cpuPerTurn: NaN, machineCpu: NaN, pgCpu: NaN,
  };
}

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const list = (m: Map<string, number>) => [...m].map(([k, v]) => `${k}×${v}`).join(', ') || 'none';

/** Checks the replies of a turn look like what the script should produce. */
function checkReplies(p: PhaseResult, kind: TurnKind, replies: Reply[]): void {
  const r = replies[0];
  if (!r) return void bump(p.anomalies, 'no reply');
  if (r.handoff) bump(p.anomalies, 'handoff');
  if (r.text.startsWith('抱歉')) bump(p.anomalies, 'safe reply');
  if (kind === 'search' && (r.cards?.length ?? 0) !== 3) bump(p.anomalies, `search with ${r.cards?.length ?? 0} cards`);
}

/** How a phase sends one turn: resolves to the conversation id and replies, or an error string. */
type SendTurn = (userId: string, conversationId: string | undefined, text: string, p: PhaseResult) => Promise<{ conversationId: string; replies: Reply[]; sessionMs?: number } | string>;

/** N conversations at once, each K turns in a row (the warm-up too, its figures thrown away). */
async function conversations(fake: FakeModel, today: string, label: string, n: number, k: number, send: SendTurn, seed: number): Promise<PhaseResult> {
  const p = newPhase(label);
  const rnd = prng(seed);
  const done = meter(p);
  const one = async (c: number) => {
    const userId = `bench-${label.replace(/\W+/g, '-')}-${seed}-${c}`;
    let conversationId: string | undefined;
    for (let turn = 0; turn < k && !interrupted; turn++) {
      // Every sixth turn is a new search, so the earlier results the details questions refer to stay in the window.
      const at = turn % (LATER.length + 1);
      const line: Line = at === 0 ? { kind: 'search', text: firstMessage(rnd, today) } : LATER[at - 1]!;
      if (turn === 0) await sleep(rnd() * MODEL_DELAY); // spread the starts a little, as real traffic would be
      const s = performance.now();
      let r: Awaited<ReturnType<SendTurn>>;
      try {
        r = await send(userId, conversationId, line.text, p);
      } catch (err) {
        r = (err as { code?: string }).code ?? (err as Error).message ?? String(err);
      }
      const wall = performance.now() - s;
      if (typeof r === 'string') {
        bump(p.errors, r);
        if (!conversationId) return;
        fake.take(conversationId);
        continue;
      }
      conversationId = r.conversationId;
      const m = fake.take(conversationId);
      p.turns++;
      p.modelCalls += m.calls;
      p.whole.push(wall);
      p.own.push(wall - m.ms);
      p.ownNominal.push(wall - m.nominal);
      if (r.sessionMs !== undefined) p.handleOwn.push(wall - r.sessionMs - m.ms);
      if (m.calls) p.timerLate.push((m.ms - m.nominal) / m.calls);
      checkReplies(p, line.kind, r.replies);
    }
  };
  await Promise.all(Array.from({ length: n }, (_, c) => one(c)));
  done();
  return p;
}

const LOOP_RESOLUTION_MS = 5;
/** Event-loop delay beyond the sampling timer's own interval, in ms. */
function loopDelayOf(h: ReturnType<typeof monitorEventLoopDelay>): PhaseResult['loopDelay'] {
  const ms = (ns: number) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS);
  return { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) };
}

/** Baseline: N clients, each `k` requests to an authenticated `SELECT 1` route with the model's delay between them. */
async function baseline(agent: http.Agent, base: URL, n: number, k: number, thinkMs: number): Promise<PhaseResult> {
  const p = newPhase('baseline');
  const done = meter(p);
  const rnd = prng(7);
  await Promise.all(Array.from({ length: n }, async () => {
    await sleep(rnd() * thinkMs);
    for (let i = 0; i < k && !interrupted; i++) {
      const s = performance.now();
      try {
        const r = await post(agent, base, '/bench/select1', {});
        const wall = performance.now() - s;
        if (r.status !== 200) bump(p.errors, `${r.status}`);
        else {
          p.turns++;
          p.whole.push(wall);
          p.own.push(wall);
          p.ownNominal.push(wall);
        }
      } catch (err) {
        bump(p.errors, (err as { code?: string }).code ?? String(err));
      }
      await sleep(thinkMs);
    }
  }));
  done();
  return p;
}

/** The baseline route: the app channel's kind of key check, then one `SELECT 1`. */
function baselineRouter(db: Queryable): express.Router {
  const r = express.Router();
  r.post('/select1', async (req, res) => {
    if (req.headers.authorization !== `Bearer ${APP_KEY}`) {
      res.status(401).json({ error: 'unauthorized' });
      return;
    }
    await db.query('SELECT 1');
    res.json({ ok: true });
  });
  return r;
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const where = EMBEDDED ? 'embedded PGlite (in memory)' : `PostgreSQL ${new URL(flags.databaseUrl).host}, pool ${POOL}`;
  console.log(`bot-turn bench: ${CONVERSATIONS} conversations at once × ${TURNS} turns, fake model ${MODEL_DELAY} ms per call, via ${VIA}; ${where}`);
  let bdb: BenchDb | undefined;
  let rawDb: Db | undefined;
  let server: http.Server | undefined;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONVERSATIONS });
  const closers: Array<() => Promise<void>> = [];
  const sql = new Map<string, SqlStat>();
  const phases: PhaseResult[] = [];
  try {
    if (EMBEDDED) rawDb = await openPglite();
    else {
      bdb = await createBenchDb(flags.databaseUrl);
      console.log(`database ${bdb.name}`);
      rawDb = openPostgres(bdb.url, { max: POOL, applicationName: 'td-bench-bot-turn' });
    }
    await migrate(rawDb);
    const config = loadConfig({
      ...(bdb ? { DATABASE_URL: bdb.url } : {}), DATA_KEY: randomBytes(32).toString('base64'), PORT: '0', SEED_DEMO: '0',
      LOG_LEVEL: 'silent', APP_API_KEY: APP_KEY, PUBLIC_URL: 'http://127.0.0.1',
      // One address and a few travellers at full speed: the rate limits are off, as they are for a load test.
      RATE_LIMIT_IP_PER_MINUTE: '0', RATE_LIMIT_TRAVELLER_PER_MINUTE: '0',
    });
    const today = todayIn(config.hotelTimeZone, systemClock.now());
    let t0 = performance.now();
    const hotels = await seed(rawDb, today);
    if (!EMBEDDED) await rawDb.exec('ANALYZE');
    console.log(`seeded ${hotels} hotels (${CITIES.join(', ')} × 3 tiers × ${HOTELS_PER_TIER}), 2 room types each, ${INVENTORY_NIGHTS} nights from ${today} (${secs(since(t0))})`);

    // The app as startApp wires it, with the fake model in place of createChatModel and the statements timed.
    const fake = new FakeModel(MODEL_DELAY);
    const db = timedDb(rawDb, sql);
    const logger = createLogger('silent');
    const jobs = createJobQueue({});
    const events = createEventBus({});
    const lock = createConversationLock({});
    closers.push(() => jobs.close(), () => lock.close(), () => events.close());
    let url = 'http://127.0.0.1';
    const services: Services = buildServices({
      config, db, clock: systemClock, keys: deriveKeys(config.dataKey!), logger, jobs, events, lock, model: fake, publicUrl: () => url,
    });
    const app = createHttpApp(services, [['/v1/app', appChannelRouter(services)], ['/bench', baselineRouter(db)]]);
    server = await new Promise<http.Server>((resolve, reject) => {
      const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const base = new URL(url);

    const viaHttp: SendTurn = async (userId, conversationId, text) => {
      const r = await post(agent, base, '/v1/app/messages', { userId, text, messageId: randomUUID(), ...(conversationId && { conversationId }) });
      if (r.status !== 200) return `${r.status} ${(/"error":"([^"]+)"/.exec(r.body)?.[1] ?? r.body.slice(0, 60))}`;
      return JSON.parse(r.body) as { conversationId: string; replies: Reply[] };
    };
    // Without HTTP: a new conversation through travellers.startSession (as the app channel starts one), then
    // bot.handle, the core every channel calls.
    const viaService: SendTurn = async (userId, conversationId, text) => {
      const s0 = performance.now();
      const id = conversationId ?? (await services.travellers.startSession({ channel: 'app', subject: userId, tenantId: null })).conversationId;
      const sessionMs = performance.now() - s0;
      const travellerId = `app:${userId}`;
      const replies = await services.bot.handle({
        channel: 'app', conversationId: id, traveller: { id: travellerId, tenantId: null },
        text, receivedAt: services.clock.now(), sourceId: `${travellerId}:${randomUUID()}`,
      });
      return { conversationId: id, replies, sessionMs };
    };

    // Other work on the machine skews every figure here: say how busy it was before the bench put load on it.
    const m0 = machineTimes();
    await sleep(1000);
    const m1 = machineTimes();
    const idleBusy = ((m1.busy - m0.busy) / Math.max(1, m1.total - m0.total)) * 100;
    console.log(`machine busy before the run (1 s, this bench idle): ${fmt(idleBusy, 0)}% of ${os.cpus().length} cores${idleBusy > 15 ? ' — other work is running; the figures below will be worse than on a quiet machine' : ''}`);

    // Warm-up (not measured): JIT, prepared statements on the pool's connections, sockets.
    t0 = performance.now();
    const warm = Math.min(CONVERSATIONS, 20);
    await baseline(agent, base, CONVERSATIONS, 5, 5);
    if (VIA !== 'service') await conversations(fake, today, 'warm-up http', warm, 3, viaHttp, 1);
    if (VIA !== 'http') await conversations(fake, today, 'warm-up service', warm, 3, viaService, 2);
    fake.clear();
    sql.clear();
    console.log(`warm-up: ${warm} conversations × 3 turns per mode, ${CONVERSATIONS} × 5 baseline requests (${secs(since(t0))})`);

    if (!interrupted) {
      console.log(`baseline: ${CONVERSATIONS} clients × ${TURNS * 3} requests to POST /bench/select1 (key check + SELECT 1), ${MODEL_DELAY} ms apart …`);
      phases.push(await baseline(agent, base, CONVERSATIONS, TURNS * 3, MODEL_DELAY));
    }
    const sqlBaseline = new Map(sql);
    sql.clear();
    let sqlTurns: Map<string, SqlStat> | undefined;
    for (const [mode, send, seedNo] of [['http', viaHttp, 101], ['service', viaService, 202]] as const) {
      if (interrupted || (VIA !== 'both' && VIA !== mode)) continue;
      console.log(`${mode}: ${CONVERSATIONS} conversations × ${TURNS} turns${mode === 'http' ? ' through POST /v1/app/messages' : ' calling bot.handle in-process (travellers.startSession for a new conversation)'} …`);
      const stopProfile = CPU_PROFILE_DIR ? await startCpuProfile() : undefined;
      const p = await conversations(fake, today, mode, CONVERSATIONS, TURNS, send, seedNo);
      if (stopProfile) console.log(`    CPU profile: ${await stopProfile(join(CPU_PROFILE_DIR!, `bot-turn-${mode}.cpuprofile`))}`);
      phases.push(p);
      console.log(`    ${p.turns} turns in ${secs(p.wallMs)}, errors: ${list(p.errors)}, anomalies: ${list(p.anomalies)}`);
      console.log(`    CPU: this process ${fmt(p.cpu, 0)}% of a core (${fmt(p.cpuPerTurn)} ms per turn, HTTP client and fake model included), ${EMBEDDED ? '' : `PostgreSQL server (all its clients) ${fmt(p.pgCpu, 0)}% of a core (${fmt((p.pgCpu / 100) * p.wallMs / Math.max(1, p.turns))} ms per turn), `}machine ${fmt(p.machineCpu, 0)}% of ${os.cpus().length} cores; event-loop delay p50 ${fmt(p.loopDelay.p50)} ms, p99 ${fmt(p.loopDelay.p99)} ms`);
      if (!sqlTurns) sqlTurns = new Map(sql);
      else for (const [k, v] of sql) sqlTurns.set(k, sqlTurns.has(k) ? { calls: sqlTurns.get(k)!.calls + v.calls, ms: sqlTurns.get(k)!.ms + v.ms, samples: [...sqlTurns.get(k)!.samples, ...v.samples] } : v);
      sql.clear();
    }

    // The table.
    const b = phases.find((p) => p.label === 'baseline');
    const bStats = b ? latencyStats(b.own) : undefined;
    const rows: string[][] = [['phase', 'turns/s', 'own p50', 'own p95', 'own p99', 'whole p50', 'whole p95', 'whole p99', 'turns', 'model calls', 'errors', 'anomalies', 'own p50 / baseline p50', 'goal', 'verdict']];
    const goalRow = (label: string, p: PhaseResult, own: LatencyStats, whole: LatencyStats | undefined, withGoal: boolean) => {
      const ok = own.p50 < GOAL_P50_MS && own.p99 < GOAL_P99_MS;
      rows.push([
        label, fmt(p.turns / (p.wallMs / 1000), 1), fmt(own.p50), fmt(own.p95), fmt(own.p99),
        whole ? fmt(whole.p50) : '—', whole ? fmt(whole.p95) : '—', whole ? fmt(whole.p99) : '—',
        String(p.turns), p.label === 'baseline' ? '—' : String(p.modelCalls), String(total(p.errors)), p.label === 'baseline' ? '—' : String(total(p.anomalies)),
        bStats ? `${fmt(own.p50 / bStats.p50, 1)}×` : '—', withGoal ? `p50 < ${GOAL_P50_MS}, p99 < ${GOAL_P99_MS}` : '', withGoal ? verdict(ok) : '',
      ]);
      return ok;
    };
    let missed = false;
    if (b && bStats) goalRow('baseline: auth + SELECT 1 over HTTP', b, bStats, undefined, false);
    for (const p of phases.filter((x) => x.label !== 'baseline')) {
      const own = latencyStats(p.own);
      if (!goalRow(p.label === 'http' ? 'turn via POST /v1/app/messages' : 'turn via bot.handle in-process', p, own, latencyStats(p.whole), true)) missed = true;
      if (p.handleOwn.length) goalRow('  of which bot.handle alone', p, latencyStats(p.handleOwn), undefined, false);
    }
    console.log(`\nBot's own time per turn (ms): wall time of the turn minus the time inside the fake model (${MODEL_DELAY} ms per call); ${CONVERSATIONS} conversations at once, ${TURNS} turns each; ${EMBEDDED ? 'embedded PGlite' : `PostgreSQL, pool ${POOL}`}; the HTTP client runs in the app's process`);
    printTable(rows);
    for (const p of phases.filter((x) => x.label !== 'baseline')) {
      const late = latencyStats(p.timerLate);
      const nominal = latencyStats(p.ownNominal);
      const callsPerTurn = p.modelCalls / Math.max(1, p.turns);
      console.log(`${p.label}: ${fmt(callsPerTurn, 2)} model calls per turn; timer lateness inside the fake (counted as model time above) mean ${fmt(late.mean)} ms, p99 ${fmt(late.p99)} ms per call; charging it to the bot instead: own p50 ${fmt(nominal.p50)}, p99 ${fmt(nominal.p99)} ms`);
      // A closed loop: if the bot took no time at all, N conversations would ask for N / (model time per turn)
      // turns a second; times this process's CPU per turn, that is the share of its one thread they need.
      const demand = (CONVERSATIONS / ((callsPerTurn * MODEL_DELAY) / 1000)) * (p.cpuPerTurn / 1000) * 100;
      if (MODEL_DELAY > 0) console.log(`${p.label}: ${CONVERSATIONS} conversations with ${fmt(callsPerTurn * MODEL_DELAY, 0)} ms of model time per turn would ask for ${fmt(CONVERSATIONS / ((callsPerTurn * MODEL_DELAY) / 1000), 0)} turns/s at zero own time; at ${fmt(p.cpuPerTurn)} ms CPU per turn that is ${fmt(demand, 0)}% of this process's one thread${demand > 70 ? ' — the turns queue for the CPU, and own time is mostly that queue' : ''}`);
    }
    if (b) console.log(`baseline: ${b.turns} requests, errors ${list(b.errors)}; CPU: this process ${fmt(b.cpu, 0)}% of a core (${fmt(b.cpuPerTurn)} ms per request), ${EMBEDDED ? '' : `PostgreSQL server ${fmt(b.pgCpu, 0)}% of a core, `}machine ${fmt(b.machineCpu, 0)}%`);

    // What the traces say: every turn answered by the script, without guard hits or handoffs.
    const tr = await rawDb.query<{ outcome: string; n: number; guarded: number; confidence: number; agent_p50: number; agent_p99: number }>(
      `SELECT outcome, count(*)::int AS n, count(*) FILTER (WHERE guard_hits <> '[]'::jsonb)::int AS guarded,
              round(avg(confidence)::numeric, 3) AS confidence,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms - model_ms) AS agent_p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms - model_ms) AS agent_p99
       FROM turn_traces GROUP BY outcome ORDER BY outcome`,
    );
    console.log(`turn_traces (warm-up included): ${tr.rows.map((r) => `${r.outcome} ${r.n} (guard hits in ${r.guarded}, mean confidence ${r.confidence}, agent part latency−model p50 ${fmt(Number(r.agent_p50), 0)} / p99 ${fmt(Number(r.agent_p99), 0)} ms)`).join('; ') || 'none'}`);

    const sz = await rawDb.query<{ trace: number; state: number; reply: number }>(
      `SELECT (SELECT avg(octet_length(input::text) + octet_length(steps::text)) FROM turn_traces)::int AS trace,
              (SELECT avg(octet_length(value::text)) FROM bot_state)::int AS state,
              (SELECT avg(octet_length(coalesce(payload::text, '')) + octet_length(text)) FROM messages WHERE direction = 'out')::int AS reply`,
    );
    const size = sz.rows[0]!;
    console.log(`rows written per turn, mean size: trace input+steps ${fmt(size.trace / 1024, 1)} KiB, conversation state ${fmt(size.state / 1024, 1)} KiB, reply ${fmt(size.reply / 1024, 1)} KiB`);

    if (missed || PROFILE) printProfile(sqlTurns, sqlBaseline, phases);
    if (missed) console.log(`\nA goal was missed; the SQL table above says which steps of the turn hold the time (for the CPU side: --cpu-profile DIR).`);
  } finally {
    agent.destroy();
    if (server) {
      const s = server;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeIdleConnections();
      });
    }
    for (const c of closers) await c().catch(() => undefined);
    await rawDb?.close().catch(() => undefined);
    await bdb?.drop().catch((err) => console.error(`could not drop ${bdb!.name}: ${(err as Error).message}`));
  }
}

/** Starts V8's CPU profiler in this process; the returned function stops it and writes the profile to `file`. */
async function startCpuProfile(): Promise<(file: string) => Promise<string>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  return async (file) => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, JSON.stringify(profile));
    return file;
  };
}

/** Where a turn's time goes in the database: statements per turn by pipeline step. */
function printProfile(sqlTurns: Map<string, SqlStat> | undefined, sqlBaseline: Map<string, SqlStat>, phases: PhaseResult[]): void {
  const turns = phases.filter((p) => p.label !== 'baseline').reduce((a, p) => a + p.turns, 0);
  if (!sqlTurns || turns === 0) return;
  const rows: string[][] = [['statement (pipeline step)', 'per turn', 'ms per turn', 'mean ms', 'p50 ms', 'p99 ms']];
  const sorted = [...sqlTurns].sort((a, b) => b[1].ms - a[1].ms);
  let queries = 0;
  let ms = 0;
  for (const [label, s] of sorted) {
    const l = latencyStats(s.samples);
    rows.push([label, fmt(s.calls / turns, 2), fmt(s.ms / turns), fmt(l.mean), fmt(l.p50), fmt(l.p99)]);
    if (!label.startsWith('transaction whole')) {
      queries += s.calls;
      ms += s.ms;
    }
  }
  console.log(`\nWhere the time goes: SQL statements of the measured turns (${turns} turns; each query timed around Db.query, so pool waits count)`);
  printTable(rows);
  const own = phases.filter((p) => p.label !== 'baseline').flatMap((p) => p.own);
  const ownMean = own.reduce((a, b) => a + b, 0) / Math.max(1, own.length);
  console.log(`per turn: ${fmt(queries / turns, 1)} statements taking ${fmt(ms / turns)} ms in all (the transactions' BEGIN/COMMIT not counted), of a mean own time of ${fmt(ownMean)} ms; the rest is JavaScript (express, zod, the SDK's pipeline, JSON, guards) and waiting for the event loop`);
  const b = sqlBaseline.get('baseline SELECT 1');
  if (b) console.log(`baseline SELECT 1: mean ${fmt(b.ms / b.calls)} ms, p99 ${fmt(latencyStats(b.samples).p99)} ms`);
}

runMain('bot-turn bench', main);

function post(agent: http.Agent, base: URL, path: string, body: unknown) {
  return postJson(agent, base, path, { authorization: `Bearer ${APP_KEY}` }, body);
}
