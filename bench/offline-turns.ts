// Offline-model turns: bilingual travellers through POST /v1/app/messages on the demo data, against a one-query route.
//
// The app runs in this process exactly as `startApp` builds it (offline model, demo seed, pool of 20); the load comes
// from a child process (fork of this file) with a keep-alive node:http agent, so the HTTP client's work does not
// share the app's event loop. The baseline is a second express app in this process (createHttpApp, same pool) whose
// one route checks the same bearer key and does one primary-key SELECT, driven by the same client at the same
// concurrency, half before and half after the turns.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type { Db, Queryable, QueryResult } from '../db/index.ts';
import type { Reply } from '../src/bot/index.ts';
import type { Services } from '../src/services.ts';
import {
  between, createBenchDb, fmt, latencyStats, parseFlags, pick, printTable, prng, runMain, secs, since, USAGE, verdict,
  type BenchDb,
  postgresCpuSeconds,
  machineTimes,
  postJson,
} from './lib.ts';

const GOAL = 0.3;
const ROLE_ENV = 'TD_BENCH_OFFLINE_TURNS_ROLE';
const KINDS = ['search', 'details', 'prepare', 'confirm', 'other'] as const;
type Kind = (typeof KINDS)[number];

// ---------------------------------------------------------------------------------------------------------------
// What both processes share: the order for one phase and what the load process reports back.

/** One phase of load, sent by the app process to the load process. */
interface Order {
  kind: 'baseline' | 'turns';
  label: string;
  url: string;
  key: string;
  clients: number;
  /** Date.now() at which the clients start; warm-up until startAt + warmupMs, measured for measureMs after. */
  startAt: number;
  warmupMs: number;
  measureMs: number;
  seed: number;
  /** baseline: the hotel ids to look up. */
  hotelIds?: string[];
  /** turns: today in the hotels' zone (YYYY-MM-DD). */
  today?: string;
  /** turns: send back every text said in the measured window (for the understand micro-benchmark). */
  collectTexts?: boolean;
}

/** What the load process measured in one phase. */
interface LoadResult {
  label: string;
  windowMs: number;
  /** Latencies (ms) of the successful turns or requests that finished inside the measured window, by kind. */
  lat: Record<string, number[]>;
  /** Non-200 answers and transport errors inside the measured window, by status. */
  errors: Record<string, number>;
  /** Turns whose reply was not what the conversation needed (all of the phase, warm-up included). */
  anomalies: Record<string, number>;
  examples: string[];
  /** Every completed turn or request of the phase, warm-up included. */
  total: number;
  /** Reservation codes the confirm replies gave (the whole phase, warm-up included). */
  codes: number;
  conversations: { started: number; declined: number; abandoned: number };
  /** CPU of the load process over the measured window, % of one core. */
  cpu: number;
  texts?: Array<[Kind, string, 'zh' | 'en']>;
}

type ToLoad = { order: Order } | { exit: true };
type FromLoad = { ready: true } | { result: LoadResult };


// ---------------------------------------------------------------------------------------------------------------
// The travellers: what they say, in Chinese and English.

const CITIES = [
  { zh: '北京', en: 'Beijing' }, { zh: '上海', en: 'Shanghai' }, { zh: '杭州', en: 'Hangzhou' },
  { zh: '成都', en: 'Chengdu' }, { zh: '西安', en: "Xi'an" }, { zh: '三亚', en: 'Sanya' },
] as const;
const NUM_ZH = ['零', '一', '两', '三', '四', '五'] as const;
const ORD_ZH = ['一', '二', '三'] as const;
const ORD_EN = ['first', 'second', 'third'] as const;
const MONTH_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const NAMES_ZH = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨帆', '赵磊', '黄敏', '周杰', '吴婷'] as const;
/** A reservation code as the bot writes it (src/booking/codes.ts). */
const CODE_RE = /\bTD[2-9A-HJ-NP-Z]{6}\b/;
const NAMES_EN = ['John Smith', 'Jane Doe', 'Emily Chen', 'Michael Brown', 'Sarah Lee', 'David Wang', 'Laura Garcia', 'Tom Wilson'] as const;

/** YYYY-MM-DD plus `n` days (UTC arithmetic on a calendar date). */
function plusDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
const md = (iso: string) => ({ m: Number(iso.slice(5, 7)), d: Number(iso.slice(8, 10)) });

function phone(rnd: () => number, en: boolean): string {
  const p = `1${pick(rnd, ['38', '39', '36', '58', '86', '87'])}${between(rnd, 1000, 9999)}${between(rnd, 1000, 9999)}`;
  if (en) return `+86 ${p.slice(0, 3)} ${p.slice(3, 7)} ${p.slice(7)}`;
  return rnd() < 0.7 ? p : `${p.slice(0, 3)} ${p.slice(3, 7)} ${p.slice(7)}`;
}

/** The first message: a city, dates in the next 60 days (1–4 nights) and a party, in one of several phrasings. */
function searchText(rnd: () => number, lang: 'zh' | 'en', today: string): string {
  const city = pick(rnd, CITIES);
  const offset = between(rnd, 1, 60);
  const nights = between(rnd, 1, 4);
  const inD = plusDays(today, offset);
  const outD = plusDays(inD, nights);
  const a = md(inD);
  const b = md(outD);
  const r = rnd();
  const guests = r < 0.25 ? 1 : r < 0.8 ? 2 : 3;
  if (lang === 'zh') {
    const party = guests === 1 ? pick(rnd, ['就我一个人', '一个人']) : guests === 2 ? pick(rnd, ['我们两个人', '两位', '两个大人']) : pick(rnd, ['三个人', '我们三个人']);
    const range = `${a.m}月${a.d}日到${b.m === a.m ? '' : `${b.m}月`}${b.d}日`;
    const checkIn = offset === 1 ? '明天入住' : offset === 2 ? '后天入住' : `${a.m}月${a.d}号入住`;
    switch (between(rnd, 0, 3)) {
      case 0: return `你好，我想${range}在${city.zh}住${NUM_ZH[nights]}晚，${party}`;
      case 1: return `帮我找${city.zh}的酒店，${checkIn}，住${NUM_ZH[nights]}晚，${party}`;
      case 2: return `${city.zh}，${range}，${party}`;
      default: return `想订${city.zh}的酒店，${range}，${party}，有什么推荐吗？`;
    }
  }
  const party = guests === 1 ? 'just me' : guests === 2 ? pick(rnd, ['two adults', 'for 2 people']) : pick(rnd, ['3 guests', 'three adults']);
  const from = `${MONTH_EN[a.m - 1]} ${a.d}`;
  const to = `${MONTH_EN[b.m - 1]} ${b.d}`;
  const night = `${nights} night${nights > 1 ? 's' : ''}`;
  switch (between(rnd, 0, 3)) {
    case 0: return `Hi, we need a hotel in ${city.en} from ${from} to ${to}, ${party}`;
    case 1: return `${city.en}, ${from} for ${night}, ${party}`;
    case 2: return a.m === b.m ? `Looking for a hotel in ${city.en}, ${from}-${b.d}, ${party}` : `Looking for a hotel in ${city.en}, ${from} to ${to}, ${party}`;
    default: return `Can you find me a room in ${city.en} checking in ${from} for ${night}? ${party}`;
  }
}

/** How a traveller points at one of the shown cards: by its grade or by its place in the list. */
function refTo(rnd: () => number, lang: 'zh' | 'en', card: { tier: string; stars?: number }, index: number): string {
  const byPlace = rnd() < 0.3;
  if (lang === 'zh') {
    if (byPlace) return `第${ORD_ZH[index]}家`;
    const s = card.stars ?? 3;
    return `${s <= 2 ? '经济型' : s === 3 ? '舒适型' : s === 4 ? '高档型' : '豪华型'}那家`;
  }
  if (byPlace) return `the ${ORD_EN[index]} one`;
  return card.tier === 'budget' ? pick(rnd, ['the budget one', 'the cheapest one']) : card.tier === 'comfort' ? pick(rnd, ['the comfort one', 'the mid-range one']) : pick(rnd, ['the luxury one', 'the upscale one']);
}

// ---------------------------------------------------------------------------------------------------------------
// The load process.

async function runLoadProcess(): Promise<void> {
  const send = (m: FromLoad) => process.send!(m);
  let interrupted = false;
  process.on('SIGINT', () => (interrupted = true)); // the terminal's ^C reaches both processes; the app side cleans up
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message) => {
    const m = message as ToLoad;
    if ('exit' in m) {
      process.disconnect();
      return;
    }
    const run = m.order.kind === 'baseline' ? baselineLoad : turnsLoad;
    run(m.order, () => interrupted).then(
      (result) => send({ result }),
      (err) => {
        console.error('load process failed:', err);
        process.exit(1);
      },
    );
  });
  send({ ready: true });
}

/** Timing of one phase on this process's clock, from the order's wall-clock start. */
function windowOf(o: Order) {
  const t0 = performance.now() + (o.startAt - Date.now());
  return { t0, mStart: t0 + o.warmupMs, mEnd: t0 + o.warmupMs + o.measureMs };
}

function newResult(label: string, windowMs: number): LoadResult {
  return {
    label, windowMs, lat: {}, errors: {}, anomalies: {}, examples: [], total: 0, codes: 0,
    conversations: { started: 0, declined: 0, abandoned: 0 }, cpu: NaN,
  };
}
const bump = (m: Record<string, number>, k: string, n = 1) => (m[k] = (m[k] ?? 0) + n);

async function cpuOver<T>(w: ReturnType<typeof windowOf>, fn: () => Promise<T>): Promise<{ value: T; cpu: number }> {
  let c0: NodeJS.CpuUsage | undefined;
  let c1: NodeJS.CpuUsage | undefined;
  const a = setTimeout(() => (c0 = process.cpuUsage()), Math.max(0, w.mStart - performance.now()));
  const b = setTimeout(() => (c1 = process.cpuUsage(c0)), Math.max(0, w.mEnd - performance.now()));
  const value = await fn();
  clearTimeout(a);
  clearTimeout(b);
  c1 ??= process.cpuUsage(c0);
  const ms = w.mEnd - w.mStart;
  return { value, cpu: c0 ? ((c1.user + c1.system) / 1000 / ms) * 100 : NaN };
}

async function baselineLoad(o: Order, interrupted: () => boolean): Promise<LoadResult> {
  const w = windowOf(o);
  const r = newResult(o.label, o.measureMs);
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.clients });
  const base = new URL(o.url);
  const ids = o.hotelIds ?? [];
  const lat: number[] = (r.lat.request = []);
  await sleep(Math.max(0, w.t0 - performance.now()));
  const { cpu } = await cpuOver(w, () =>
    Promise.all(Array.from({ length: o.clients }, async (_, c) => {
      const rnd = prng(o.seed * 1000 + c);
      while (!interrupted() && performance.now() < w.mEnd) {
        const s = performance.now();
        let status: string;
        try {
          const res = await post(agent, base, '/bench/hotel', o.key, { hotelId: pick(rnd, ids) });
          status = res.status === 200 ? '' : String(res.status);
        } catch (err) {
          status = (err as { code?: string }).code ?? String(err);
        }
        const f = performance.now();
        const inWindow = f >= w.mStart && f <= w.mEnd;
        if (status) {
          if (inWindow) bump(r.errors, status);
          continue;
        }
        r.total++;
        if (inWindow) lat.push(f - s);
      }
    })),
  );
  agent.destroy();
  r.cpu = cpu;
  r.windowMs = Math.max(1, Math.min(performance.now(), w.mEnd) - w.mStart); // shorter when interrupted
  return r;
}

async function turnsLoad(o: Order, interrupted: () => boolean): Promise<LoadResult> {
  const w = windowOf(o);
  const r = newResult(o.label, o.measureMs);
  for (const k of KINDS) r.lat[k] = [];
  if (o.collectTexts) r.texts = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.clients });
  const base = new URL(o.url);
  const today = o.today!;
  const over = () => interrupted() || performance.now() >= w.mEnd;
  const anomaly = (what: string, text: string, reply: Reply | undefined) => {
    bump(r.anomalies, what);
    if (r.examples.length < 12) r.examples.push(`${what}: "${text}" → "${(reply?.text ?? '(no reply)').replace(/\s+/g, ' ').slice(0, 140)}"`);
  };

  /** One turn; the first reply, or undefined when the conversation cannot go on (error, handoff, no reply). */
  const say = async (
    who: { userId: string; conversationId?: string; lang: 'zh' | 'en' }, kind: Kind, what: string, text: string, payload?: string,
  ): Promise<Reply | undefined> => {
    const s = performance.now();
    let status = '';
    let replies: Reply[] = [];
    try {
      const res = await post(agent, base, '/v1/app/messages', o.key, {
        userId: who.userId, text, ...(payload !== undefined && { payload }), ...(who.conversationId && { conversationId: who.conversationId }),
      });
      if (res.status !== 200) status = `${res.status} ${(/"error":"([^"]+)"/.exec(res.body)?.[1] ?? res.body.slice(0, 60))}`;
      else {
        const b = JSON.parse(res.body) as { conversationId: string; replies: Reply[] };
        who.conversationId = b.conversationId;
        replies = b.replies;
      }
    } catch (err) {
      status = (err as { code?: string }).code ?? String(err);
    }
    const f = performance.now();
    const inWindow = f >= w.mStart && f <= w.mEnd;
    if (status) {
      if (inWindow) bump(r.errors, status);
      return undefined;
    }
    r.total++;
    if (inWindow) {
      r.lat[kind]!.push(f - s);
      if (r.texts && r.texts.length < 5000) r.texts.push([kind, text, who.lang]);
    }
    const reply = replies[0];
    if (!reply) return void anomaly(`${what}: no reply`, text, reply);
    if (reply.handoff) return void anomaly(`${what}: handed to a person`, text, reply);
    return reply;
  };

  /** One conversation: search → (breakfast?) → book with name and phone → confirm or decline → (my bookings?) → (thanks?). */
  const conversation = async (rnd: () => number, userId: string, codes: string[]) => {
    r.conversations.started++;
    const lang: 'zh' | 'en' = rnd() < 0.6 ? 'zh' : 'en';
    const en = lang === 'en';
    const who: { userId: string; conversationId?: string; lang: 'zh' | 'en' } = { userId, lang };
    const abandon = () => void r.conversations.abandoned++;

    const q = searchText(rnd, lang, today);
    const found = await say(who, 'search', 'search', q);
    if (!found) return abandon();
    const cards = found.cards ?? [];
    if (cards.length === 0) return void (anomaly('search: no hotel cards', q, found), abandon());
    if (over()) return;

    const index = between(rnd, 0, cards.length - 1);
    const ref = refTo(rnd, lang, cards[index]!, index);
    let asked = false;
    if (rnd() < 0.8) {
      const t = en
        ? pick(rnd, [`Does ${ref} have breakfast?`, `Is breakfast included at ${ref}?`])
        : pick(rnd, [`${ref}有早餐吗？`, `${ref}含早餐吗？`, `${ref}早餐怎么样？`]);
      const a = await say(who, 'details', 'details', t);
      if (!a) return abandon();
      if (!/早餐|早饭|breakfast/i.test(a.text)) anomaly('details: no word of breakfast', t, a);
      asked = true;
      if (over()) return;
    }

    const name = en ? pick(rnd, NAMES_EN) : pick(rnd, NAMES_ZH);
    const tel = phone(rnd, en);
    let summary: Reply | undefined;
    let t: string;
    if (rnd() < 0.5) {
      // name and phone with the booking request
      t = en
        ? (asked ? `Book it please. My name is ${name}, phone ${tel}` : `I'll take ${ref}. ${name}, ${tel}`)
        : (asked ? pick(rnd, [`就订这家，${name} ${tel}`, `好，订这家。入住人${name}，电话${tel}`]) : `订${ref}，${name} ${tel}`);
      summary = await say(who, 'prepare', 'prepare', t);
    } else {
      // the booking request, then name and phone when asked for them
      const b = en ? (asked ? 'Book it please' : `I'd like to book ${ref}`) : (asked ? pick(rnd, ['好，就订这家', '就这家吧，帮我订']) : `帮我订${ref}`);
      const a = await say(who, 'other', 'book request', b);
      if (!a) return abandon();
      if (!/姓名|手机|name|phone/i.test(a.text)) anomaly('book request: no ask for name and phone', b, a);
      if (over()) return;
      t = en ? `${name}, ${tel}` : pick(rnd, [`${name}，${tel}`, `${name} ${tel}`]);
      summary = await say(who, 'prepare', 'prepare', t);
    }
    if (!summary) return abandon();
    const buttons = summary.actions ?? [];
    if (buttons.length < 2) return void (anomaly('prepare: no summary with buttons', t, summary), abandon());
    if (over()) return;

    const yes = rnd() < 0.75;
    const tap = rnd() < 0.3;
    if (yes) {
      const c = en ? pick(rnd, ['yes', 'Yes, confirm', 'Confirm', 'Yes please']) : pick(rnd, ['确认', '确认预订', '好的，确认', '可以，确认']);
      const a = tap ? await say(who, 'confirm', 'confirm (tap)', '', buttons[0]!.value) : await say(who, 'confirm', 'confirm', c);
      if (!a) return abandon();
      const code = CODE_RE.exec(a.text)?.[0];
      if (code) {
        codes.push(code);
        r.codes++;
      } else anomaly('confirm: no reservation code', tap ? `(tap ${buttons[0]!.title})` : c, a);
    } else {
      r.conversations.declined++;
      const c = en ? pick(rnd, ['No thanks', 'Not now', 'No, leave it for now']) : pick(rnd, ['先不订了', '不用了，先不订', '算了，不订了']);
      const a = tap ? await say(who, 'other', 'decline (tap)', '', buttons[1]!.value) : await say(who, 'other', 'decline', c);
      if (!a) return abandon();
      if (CODE_RE.test(a.text) && !codes.some((x) => a.text.includes(x))) anomaly('decline: a reservation code', c, a);
    }
    if (over()) return;

    if (rnd() < 0.7) {
      const m = en ? pick(rnd, ['Show my bookings', 'What are my reservations?', 'Can you list my bookings?']) : pick(rnd, ['查一下我的订单', '我的订单', '帮我看看我订了哪些酒店']);
      const a = await say(who, 'other', 'my bookings', m);
      if (!a) return abandon();
      const last = codes.at(-1);
      if (last && !a.text.includes(last)) anomaly('my bookings: latest code missing', m, a);
      if (over()) return;
    }
    if (rnd() < 0.4) {
      const m = en ? pick(rnd, ['Thanks!', 'Thank you']) : pick(rnd, ['谢谢！', '好的，谢谢']);
      await say(who, 'other', 'thanks', m);
    }
  };

  await sleep(Math.max(0, w.t0 - performance.now()));
  const { cpu } = await cpuOver(w, () =>
    Promise.all(Array.from({ length: o.clients }, async (_, c) => {
      const rnd = prng(o.seed * 1000 + c);
      const userId = `${o.label.replace(/\W+/g, '-')}-${o.seed}-${c}`;
      const codes: string[] = [];
      while (!over()) await conversation(rnd, userId, codes);
    })),
  );
  agent.destroy();
  r.cpu = cpu;
  r.windowMs = Math.max(1, Math.min(performance.now(), w.mEnd) - w.mStart); // shorter when interrupted
  return r;
}

// ---------------------------------------------------------------------------------------------------------------
// The app process: measuring CPU, the event loop and PostgreSQL during a phase.



/** The app process's view of one phase's measured window. */
interface AppSide {
  /** % of one core. */
  appCpu: number;
  pgCpu: number;
  /** % of all cores. */
  machineCpu: number;
  loopP50: number;
  loopP99: number;
  loopMax: number;
}

const LOOP_RESOLUTION_MS = 10;

/** Meters the app process between two wall-clock instants; resolves after the second. */
function meterWindow(startAt: number, endAt: number, hooks: { onStart?: () => unknown; onEnd?: () => unknown } = {}): Promise<AppSide> {
  return new Promise((resolve) => {
    setTimeout(() => {
      const h = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
      h.enable();
      const cpu0 = process.cpuUsage();
      const m0 = machineTimes();
      const pg0 = postgresCpuSeconds();
      const t0 = performance.now();
      void hooks.onStart?.();
      setTimeout(() => {
        const ms = since(t0);
        h.disable();
        const cpu = process.cpuUsage(cpu0);
        const m1 = machineTimes();
        void hooks.onEnd?.();
        const loop = (ns: number) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS);
        resolve({
          appCpu: ((cpu.user + cpu.system) / 1000 / ms) * 100,
          pgCpu: ((postgresCpuSeconds() - pg0) * 1000 / ms) * 100,
          machineCpu: ((m1.busy - m0.busy) / Math.max(1, m1.total - m0.total)) * 100,
          loopP50: loop(h.percentile(50)), loopP99: loop(h.percentile(99)), loopMax: loop(h.max),
        });
      }, Math.max(0, endAt - Date.now()));
    }, Math.max(0, startAt - Date.now()));
  });
}

/** The load process, started and ready. */
async function startLoadProcess(): Promise<{ child: ChildProcess; run(order: Omit<Order, 'startAt'>, hooks?: Parameters<typeof meterWindow>[2]): Promise<{ load: LoadResult; app: AppSide }>; stop(): Promise<void> }> {
  const child = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, [ROLE_ENV]: 'load' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the load process exited (${code}) before it was ready`)));
    child.once('message', () => resolve());
  });
  return {
    child,
    async run(order, hooks) {
      const startAt = Date.now() + 200;
      const full: Order = { ...order, startAt };
      const result = new Promise<LoadResult>((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`the load process exited (${code}) during ${order.label}`));
        child.once('exit', onExit);
        child.once('message', (message) => {
          const m = message as FromLoad;
          child.off('exit', onExit);
          if ('result' in m) resolve(m.result);
        });
      });
      child.send({ order: full } satisfies ToLoad);
      const app = meterWindow(startAt + order.warmupMs, startAt + order.warmupMs + order.measureMs, hooks);
      const load = await result;
      // Interrupted: the load process answered early; do not wait for the end of the window.
      const none: AppSide = { appCpu: NaN, pgCpu: NaN, machineCpu: NaN, loopP50: NaN, loopP99: NaN, loopMax: NaN };
      return { load, app: interrupted ? await Promise.race([app, Promise.resolve(none)]) : await app };
    },
    async stop() {
      if (child.exitCode === null && child.connected) child.send({ exit: true } satisfies ToLoad);
      const t = setTimeout(() => child.kill(), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Profiling: SQL by pipeline step, model calls, and a V8 CPU profile of the app process summarised by module.

/** Which step of the turn a statement belongs to. */
const STEPS: Array<[RegExp, string]> = [
  [/^INSERT INTO travellers/, 'new conversation: traveller upsert'],
  [/^INSERT INTO conversations/, 'new conversation: insert'],
  [/^SELECT traveller_id, tenant_id FROM conversations WHERE id/, 'pipeline: conversation check'],
  [/^INSERT INTO messages .*'in', 'traveller'/s, 'transcript: inbound insert (dedupe)'],
  [/^INSERT INTO messages .*'out'/s, 'transcript: reply insert'],
  [/^SELECT id, status FROM handoffs/, 'pipeline: handoff gate'],
  [/^SELECT key, value, etag FROM bot_state/, 'state read'],
  [/^(UPDATE bot_state|INSERT INTO bot_state)/, 'state write'],
  [/^INSERT INTO turn_traces/, 'trace insert'],
  [/^SELECT name FROM tenants/, 'system prompt: tenant name'],
  [/^WITH fitting AS/, 'search_hotels: search SQL'],
  [/^SELECT h\.tenant_id, h\.name AS hotel_name/, 'quote: target'],
  [/^SELECT price FROM inventory/, 'quote: nightly prices'],
  [/^INSERT INTO quotes/, 'quote: insert'],
  [/^SELECT h\.\*, COALESCE/, 'get_hotel_details'],
  [/^WITH target AS .*UPDATE inventory/s, 'confirm: take rooms'],
  [/^INSERT INTO reservations/, 'confirm: reservation insert'],
  [/^UPDATE quotes SET reservation_id/, 'confirm: quote used'],
  [/idempotency_keys/, 'confirm: idempotency key'],
  [/FROM quotes WHERE token/, 'confirm: quote by token'],
  [/FROM reservations/, 'reservations read (find_bookings, notices)'],
  [/^SELECT 1 FROM tenants/, 'new conversation: tenant check'],
  [/FROM hotels WHERE id = \$1$/, 'baseline: hotel by id'],
  [/FROM messages m WHERE m\.conversation_id/, 'handoff desk: recent messages'],
  [/handoff_settings/, 'handoff desk: settings'],
];

function stepOf(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim();
  for (const [re, name] of STEPS) if (re.test(s)) return name;
  return `other: ${s.slice(0, 70)}`;
}

interface Stat {
  calls: number;
  ms: number;
  samples: number[];
}
const record = (stats: Map<string, Stat>, label: string, ms: number) => {
  const s = stats.get(label) ?? { calls: 0, ms: 0, samples: [] };
  s.calls++;
  s.ms += ms;
  s.samples.push(ms);
  stats.set(label, s);
};

/**
 * Times every statement and transaction of `db` in place (the services hold this very object), until the returned
 * function puts the originals back. Wall time around Db.query: pool waits and a busy event loop count.
 */
function timeStatements(db: Db, stats: Map<string, Stat>, commits: { writes: number; transactions: number }): () => void {
  const query = db.query.bind(db);
  const transaction = db.transaction.bind(db);
  const originals = { query: db.query, transaction: db.transaction };
  const labels = new Map<string, string>();
  const label = (sql: string) => {
    let l = labels.get(sql);
    if (!l) labels.set(sql, (l = stepOf(sql)));
    return l;
  };
  const timed = (q: Queryable['query'], inTx: boolean): Queryable['query'] =>
    async function <T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      const t0 = performance.now();
      if (!inTx && /^\s*(INSERT|UPDATE|DELETE|WITH)\b/i.test(sql) && !/^\s*WITH fitting/i.test(sql)) commits.writes++;
      try {
        return await q<T>(sql, params);
      } finally {
        record(stats, inTx ? `${label(sql)} (in tx)` : label(sql), performance.now() - t0);
      }
    };
  const d = db as { -readonly [K in keyof Db]: Db[K] };
  d.query = timed(query, false);
  d.transaction = async <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    commits.transactions++;
    let first = '';
    try {
      return await transaction<T>((tx) => {
        const q = timed(tx.query.bind(tx), true);
        return fn({ exec: (sql) => tx.exec(sql), query: (sql, params) => ((first ||= label(sql)), q(sql, params)) });
      });
    } finally {
      record(stats, `transaction BEGIN…COMMIT, first: ${first || '?'}`, performance.now() - t0);
    }
  };
  return () => {
    d.query = originals.query;
    d.transaction = originals.transaction;
  };
}

/** Wraps OfflineChatModel.prototype.complete (the app's model instance inherits it) to time every call. */
async function timeModelCalls(stats: Map<string, Stat>): Promise<() => void> {
  const { OfflineChatModel } = await import('../src/model/offline/index.ts');
  const proto = OfflineChatModel.prototype;
  const original = proto.complete;
  proto.complete = async function (this: InstanceType<typeof OfflineChatModel>, request) {
    const t0 = performance.now();
    try {
      return await original.call(this, request);
    } finally {
      record(stats, 'offline model: complete()', performance.now() - t0);
    }
  };
  return () => {
    proto.complete = original;
  };
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

/** Module groups for the CPU profile, first match of the innermost frame that has a source. */
const MODULES: Array<[RegExp, string]> = [
  [/\/src\/model\/offline\/understand\/|\/node_modules\/chrono-node\//, 'offline model: understand (incl. chrono-node)'],
  [/\/src\/model\/offline\//, 'offline model: reconstruct, decide, render'],
  [/\/src\/bot\/traces\.ts/, 'bot: trace row'],
  [/\/src\/bot\/(transcript\.ts|middleware\/transcript)/, 'bot: transcript'],
  [/\/src\/bot\/storage\//, 'bot: state storage'],
  [/\/src\/bot\/(guards|grounding)\.ts/, 'bot: guards, grounding'],
  [/\/src\/bot\//, 'bot: pipeline, agent loop, memory'],
  [/\/node_modules\/@microsoft\//, 'Agents SDK'],
  [/\/flows\//, 'flows: tools, texts'],
  [/\/src\/booking\//, 'booking service'],
  [/\/src\/security\//, 'security: phone masking, sealing'],
  [/\/channels\/app\//, 'app channel route'],
  [/\/node_modules\/(pg|pg-[a-z]+|pgpass|postgres-[a-z]+)\//, 'pg driver'],
  [/\/node_modules\/(express|body-parser|router|raw-body|iconv-lite|type-is|content-type|on-finished|finalhandler|send|qs|path-to-regexp|depd|http-errors|mime-types|mime-db|media-typer|negotiator|accepts|vary|etag|fresh|statuses|parseurl|encodeurl|escape-html|side-channel[a-z-]*|call-bound|get-intrinsic)\//, 'express, body parsing'],
  [/\/node_modules\/zod\//, 'zod'],
  [/\/node_modules\/((?:@[^/]+\/)?[^/]+)\//, 'npm: $1'],
  [/^node:(_http_|http$|internal\/http)/, 'node core: HTTP server'],
  [/^node:(net|internal\/stream_base_commons|internal\/streams\/|stream$|internal\/net)/, 'node core: sockets, streams'],
  [/^node:internal\/(process\/task_queues|timers|async_hooks)|^node:(timers|events|internal\/events)/, 'node core: microtasks, timers, events'],
  [/^node:/, 'node core: other'],
  [/\/(src|db|channels)\//, 'other app code'],
];

/** Functions whose inclusive on-CPU time is worth a line (sync slices, every resumption after an await included). */
const FUNCTIONS: Array<[RegExp, string, string]> = [
  [/\/src\/model\/offline\/index\.ts$/, 'complete', 'OfflineChatModel.complete (the whole model)'],
  [/\/src\/model\/offline\/state\.ts$/, 'reconstruct', '  reconstruct (replays the window)'],
  [/\/src\/model\/offline\/understand\/index\.ts$/, 'understand', '  understand (one message)'],
  [/\/src\/bot\/agent-loop\.ts$/, 'runAgentTurn', 'runAgentTurn (agent loop, sync parts)'],
  [/\/src\/bot\/guards\.ts$/, 'checkReply', 'checkReply (guards)'],
  [/\/src\/bot\/traces\.ts$/, 'recordTrace', 'recordTrace (mask + JSON of the trace)'],
  [/\/src\/bot\/transcript\.ts$/, 'recordInbound', 'recordInbound (seal + insert)'],
  [/\/src\/bot\/transcript\.ts$/, 'recordOutbound', 'recordOutbound (seal + insert)'],
  [/\/src\/bot\/storage\/postgres-storage\.ts$/, 'write', 'PostgresStorage.write (state JSON)'],
  [/\/src\/bot\/storage\/postgres-storage\.ts$/, 'read', 'PostgresStorage.read'],
  [/\/node_modules\/body-parser\//, 'jsonParser', 'express.json body parser'],
  [/\/node_modules\/zod\//, '', 'zod (any)'],
  [/\/node_modules\/pg(-[a-z]+)?\//, '', 'pg driver (any)'],
];

interface CpuSummary {
  totalMs: number;
  idleMs: number;
  byModule: Map<string, number>;
  byFunction: Map<string, number>;
}

function summariseProfile(p: CpuProfile): CpuSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const moduleOf = new Map<number, string>();
  const moduleFor = (id: number): string => {
    const hit = moduleOf.get(id);
    if (hit !== undefined) return hit;
    const n = byId.get(id)!;
    const { url, functionName } = n.callFrame;
    let m: string | undefined;
    if (functionName === '(garbage collector)') m = 'GC';
    else if (functionName === '(program)') m = 'V8 (program: compiling, runtime)';
    else if (functionName === '(idle)') m = '(idle)';
    else if (url) {
      for (const [re, name] of MODULES) {
        const x = re.exec(url);
        if (x) {
          m = name.replace('$1', x[1] ?? '');
          break;
        }
      }
      m ??= 'other';
    }
    // Built-ins (JSON, RegExp, Array…) have no url: they count for the code that called them.
    if (m === undefined) {
      const up = parent.get(id);
      m = up === undefined ? '(native, no caller)' : moduleFor(up);
    }
    moduleOf.set(id, m);
    return m;
  };
  const fnsOf = new Map<number, string[]>();
  const functionsFor = (id: number): string[] => {
    const hit = fnsOf.get(id);
    if (hit) return hit;
    const n = byId.get(id)!;
    const up = parent.get(id);
    const mine = FUNCTIONS.filter(([re, fn]) => re.test(n.callFrame.url) && (fn === '' || n.callFrame.functionName === fn)).map(([, , l]) => l);
    const all = [...new Set([...(up === undefined ? [] : functionsFor(up)), ...mine])];
    fnsOf.set(id, all);
    return all;
  };
  const byModule = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  p.samples.forEach((id, i) => {
    const ms = (p.timeDeltas[i] ?? 0) / 1000;
    const m = moduleFor(id);
    if (m === '(idle)') {
      idleMs += ms;
      return;
    }
    totalMs += ms;
    byModule.set(m, (byModule.get(m) ?? 0) + ms);
    for (const f of functionsFor(id)) byFunction.set(f, (byFunction.get(f) ?? 0) + ms);
  });
  return { totalMs, idleMs, byModule, byFunction };
}

// ---------------------------------------------------------------------------------------------------------------
// The app process's main.

const HELP = `bench/offline-turns.ts uses these shared flags:
  --clients C        travellers at once, and the baseline's clients (default 16)
  --seconds N        measured seconds of turns; the baseline gets N/2 before and N/2 after (default 20)
  --warmup N         unmeasured seconds before each phase (default 3)
  --database-url U   server the throwaway database is created on
  --explain          print where the time goes even when the goal is met (else only when it is missed)`;
if (!process.env[ROLE_ENV] && (process.argv.includes('--help') || process.argv.includes('-h'))) {
  console.log(`${HELP}\n\n${USAGE}`);
  process.exit(0);
}
const flags = parseFlags();
const CLIENTS = Math.floor(flags.num('clients', 16, 1));
const SECONDS = flags.num('seconds', 20, 2);
const WARMUP = flags.num('warmup', 3, 0);
/** --explain: print where the time goes even when the goal is met. */
const ALWAYS_PROFILE = flags.raw.explain === true;
const PROFILE_SECONDS = Math.min(10, SECONDS);

let interrupted = false;

interface Phase {
  load: LoadResult;
  app: AppSide;
}

const sum = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);
const list = (m: Record<string, number>) => Object.entries(m).map(([k, v]) => `${k} ×${v}`).join(', ') || 'none';
const perSecond = (n: number, ms: number) => n / (ms / 1000);
const allLat = (p: Phase) => Object.values(p.load.lat).flat();

async function main(): Promise<void> {
  let load: Awaited<ReturnType<typeof startLoadProcess>> | undefined;
  process.once('SIGINT', () => {
    interrupted = true;
    load?.child.kill('SIGINT'); // ends the phase under way (a terminal's ^C reaches it anyway)
    console.error('\nSIGINT: ending the current phase, then cleaning up…');
  });
  const cores = os.cpus().length;
  console.log(`offline-turns bench: ${CLIENTS} travellers at once, ${SECONDS} s of turns after ${WARMUP} s of warm-up; baseline ${SECONDS / 2} s before and ${SECONDS / 2} s after; server ${new URL(flags.databaseUrl).host}; ${cores} cores`);
  const key = `bench-app-key-${randomBytes(12).toString('hex')}`;
  let bdb: BenchDb | undefined;
  let running: import('../src/app.ts').Running | undefined;
  let baselineServer: http.Server | undefined;
  try {
    // The app's modules are loaded here, not at the top, so that the load process does not load them.
    const [{ startApp }, { loadConfig }, { migrate, openPostgres }, { todayIn }, { createHttpApp }] = await Promise.all([
      import('../src/app.ts'), import('../src/config.ts'), import('../db/index.ts'), import('../src/dates.ts'), import('../src/http/app.ts'),
    ]);
    bdb = await createBenchDb(flags.databaseUrl);
    console.log(`database ${bdb.name}`);

    // The database: migrated first (timed apart), then startApp seeds the demo.
    let t0 = performance.now();
    const pre = openPostgres(bdb.url, { max: 1, applicationName: 'td-bench-offline-turns' });
    try {
      await migrate(pre);
    } finally {
      await pre.close();
    }
    const migrateMs = since(t0);
    const config = loadConfig({
      DATABASE_URL: bdb.url, DATA_KEY: randomBytes(32).toString('base64'), PORT: '0', SEED_DEMO: '1', APP_API_KEY: key, LOG_LEVEL: 'silent',
      // One address and a few travellers at full speed: the rate limits are off, as they are for a load test.
      RATE_LIMIT_IP_PER_MINUTE: '0', RATE_LIMIT_TRAVELLER_PER_MINUTE: '0',
    });
    t0 = performance.now();
    running = await startApp(config);
    const startMs = since(t0);
    const app = running;
    const s: Services = app.services;
    const demo = app.demo;
    console.log(`migrations ${secs(migrateMs)}; startApp with SEED_DEMO=1 ${secs(startMs)}, nearly all of it the demo seed${demo ? `: ${demo.hotels.toLocaleString('en-US')} hotels, ${demo.roomTypes.toLocaleString('en-US')} room types, ${demo.inventoryRows.toLocaleString('en-US')} inventory nights (added this run: ${demo.added.inventoryRows.toLocaleString('en-US')})` : ' (no demo seeded?)'}`);
    t0 = performance.now();
    await s.db.exec('ANALYZE');
    console.log(`ANALYZE after the seed ${secs(since(t0))} (so plans do not depend on when autovacuum gets to the new rows)`);
    const today = todayIn(config.hotelTimeZone, s.clock.now());
    const hotelIds = (await s.db.query<{ id: string }>('SELECT id FROM hotels')).rows.map((r) => r.id);
    const cities = (await s.db.query<{ city: string; n: number }>('SELECT min(city) AS city, count(*)::int AS n FROM hotels GROUP BY city_key ORDER BY n DESC')).rows;
    console.log(`demo cities: ${cities.map((c) => `${c.city} ${c.n}`).join(', ')}; today ${today} (${config.hotelTimeZone})`);

    // The baseline: the app's own middleware stack (createHttpApp), the same key check, one primary-key SELECT on
    // the app's pool, in this process.
    const expected = Buffer.from(key);
    const router = express.Router();
    router.post('/hotel', async (req, res) => {
      const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
      const given = m ? Buffer.from(m[1]!) : Buffer.alloc(0);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.status(401).json({ error: 'unauthorized' });
        return;
      }
      const { rows } = await s.db.query<{ id: string; name: string }>('SELECT id, name FROM hotels WHERE id = $1', [String((req.body as { hotelId?: unknown }).hotelId)]);
      res.json({ hotel: rows[0] ?? null });
    });
    const bApp = createHttpApp(s, [['/bench', router]]);
    baselineServer = await new Promise<http.Server>((resolve, reject) => {
      const srv = bApp.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(srv)));
    });
    const appUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const baseUrl = `http://127.0.0.1:${(baselineServer.address() as AddressInfo).port}`;

    const m0 = machineTimes();
    await sleep(1000);
    const m1 = machineTimes();
    const idle = ((m1.busy - m0.busy) / Math.max(1, m1.total - m0.total)) * 100;
    console.log(`machine busy before the load (1 s, bench idle): ${fmt(idle, 0)}% of ${cores} cores${idle > 15 ? ' — other work is running; every figure below is lower than on a quiet machine' : ''}`);

    load = await startLoadProcess();
    console.log(`load: a child process (fork of this file), keep-alive node:http agent with ${CLIENTS} sockets; the app and the baseline route run in this process`);
    const common = { key, clients: CLIENTS, warmupMs: WARMUP * 1000 };
    const half = (SECONDS / 2) * 1000;

    console.log(`baseline (before): POST /bench/hotel (key check + SELECT … FROM hotels WHERE id = $1), ${CLIENTS} clients, ${SECONDS / 2} s …`);
    const before = await load.run({ ...common, kind: 'baseline', label: 'baseline before', url: baseUrl, measureMs: half, seed: 1, hotelIds });
    console.log(`    ${fmt(perSecond(before.load.lat.request!.length, half), 0)} requests/s; errors: ${list(before.load.errors)}`);
    let turns: Phase | undefined;
    let after: Phase | undefined;
    if (!interrupted) {
      console.log(`turns: ${CLIENTS} travellers through POST /v1/app/messages, ${SECONDS} s …`);
      turns = await load.run({ ...common, kind: 'turns', label: 'turns', url: appUrl, measureMs: SECONDS * 1000, seed: 2, today });
      console.log(`    ${fmt(perSecond(allLat(turns).length, SECONDS * 1000), 1)} turns/s; errors: ${list(turns.load.errors)}; anomalies: ${list(turns.load.anomalies)}`);
    }
    if (!interrupted) {
      console.log(`baseline (after), ${SECONDS / 2} s …`);
      after = await load.run({ ...common, kind: 'baseline', label: 'baseline after', url: baseUrl, measureMs: half, seed: 3, hotelIds });
      console.log(`    ${fmt(perSecond(after.load.lat.request!.length, half), 0)} requests/s; errors: ${list(after.load.errors)}`);
    }

    // The figures.
    const bothBaselines = [before, after].filter((x): x is Phase => Boolean(x));
    const bRequests = bothBaselines.reduce((a, p) => a + p.load.lat.request!.length, 0);
    const bMs = bothBaselines.reduce((a, p) => a + p.load.windowMs, 0);
    const bRate = perSecond(bRequests, bMs);
    const rows: string[][] = [['phase', 'per second', 'p50 ms', 'p99 ms', 'mean ms', 'measured', 'errors', 'ratio to baseline', 'goal', 'verdict']];
    const baseRow = (label: string, p: Phase) => {
      const l = latencyStats(p.load.lat.request!);
      rows.push([label, fmt(perSecond(l.n, p.load.windowMs), 0), fmt(l.p50), fmt(l.p99), fmt(l.mean), l.n.toLocaleString('en-US'), String(sum(p.load.errors)), fmt(perSecond(l.n, p.load.windowMs) / bRate), '', '']);
    };
    baseRow('baseline: key + 1 PK SELECT, before', before);
    if (after) baseRow('baseline: key + 1 PK SELECT, after', after);
    {
      const all = bothBaselines.flatMap((p) => p.load.lat.request!);
      const l = latencyStats(all);
      rows.push(['baseline, both halves', fmt(bRate, 0), fmt(l.p50), fmt(l.p99), fmt(l.mean), l.n.toLocaleString('en-US'), String(bothBaselines.reduce((a, p) => a + sum(p.load.errors), 0)), '1.00', '', '']);
    }
    let ratio = NaN;
    if (turns) {
      const l = latencyStats(allLat(turns));
      const rate = perSecond(l.n, turns.load.windowMs);
      ratio = rate / bRate;
      rows.push(['turns: all kinds', fmt(rate, 1), fmt(l.p50), fmt(l.p99), fmt(l.mean), l.n.toLocaleString('en-US'), String(sum(turns.load.errors)), fmt(ratio, 3), `≥ ${GOAL}`, verdict(ratio >= GOAL)]);
      for (const k of KINDS) {
        const lk = latencyStats(turns.load.lat[k]!);
        rows.push([`  ${k}`, fmt(perSecond(lk.n, turns.load.windowMs), 1), fmt(lk.p50), fmt(lk.p99), fmt(lk.mean), lk.n.toLocaleString('en-US'), '', '', '', '']);
      }
    }
    console.log(`\nOffline-model turns vs a one-query route: ${CLIENTS} concurrent clients, closed loop (no think time), ${SECONDS} s of turns, ${SECONDS / 2} + ${SECONDS / 2} s of baseline; load from a child process; ${cores}-core machine`);
    printTable(rows);
    const cpuRows: string[][] = [['phase', 'app process CPU', 'load process CPU', 'PostgreSQL CPU', 'machine', 'event-loop delay p50 / p99 / max', 'app CPU per op', 'PostgreSQL CPU per op']];
    const cpuRow = (label: string, p: Phase, n: number) => cpuRows.push([
      label, `${fmt(p.app.appCpu, 0)}%`, `${fmt(p.load.cpu, 0)}%`, `${fmt(p.app.pgCpu, 0)}%`, `${fmt(p.app.machineCpu, 0)}% of ${cores}`,
      `${fmt(p.app.loopP50, 1)} / ${fmt(p.app.loopP99, 1)} / ${fmt(p.app.loopMax, 1)} ms`,
      `${fmt((p.app.appCpu / 100) * p.load.windowMs / Math.max(1, n), 3)} ms`, `${fmt((p.app.pgCpu / 100) * p.load.windowMs / Math.max(1, n), 3)} ms`,
    ]);
    cpuRow('baseline before', before, before.load.lat.request!.length);
    if (turns) cpuRow('turns', turns, allLat(turns).length);
    if (after) cpuRow('baseline after', after, after.load.lat.request!.length);
    console.log('\nCPU in the measured windows (% of one core; PostgreSQL = every postgres process on this machine)');
    printTable(cpuRows);

    if (turns) {
      const c = turns.load.conversations;
      console.log(`\nturns phase (warm-up included): ${turns.load.total.toLocaleString('en-US')} turns, ${c.started} conversations begun (${c.declined} declined at the summary, ${c.abandoned} abandoned after an error or an odd reply), ${turns.load.codes} reservation codes given`);
      console.log(`anomalies: ${list(turns.load.anomalies)}`);
      for (const e of turns.load.examples) console.log(`    ${e}`);
    }

    // Where the time goes.
    let profileCodes = 0;
    let profileNoCode = 0;
    if (turns && !interrupted && (ALWAYS_PROFILE || !(ratio >= GOAL))) {
      const r = await profile(s, load, { ...common, url: appUrl, today }, turns);
      profileCodes = r.codes;
      profileNoCode = r.anomalies['confirm: no reservation code'] ?? 0;
      if (sum(r.anomalies)) console.log(`anomalies of the profiled phase: ${list(r.anomalies)}${r.examples.length ? `; e.g. ${r.examples[0]}` : ''}`);
    }

    // The overbooking invariant and what was booked.
    t0 = performance.now();
    const mismatches = await s.booking.mismatches();
    const mmMs = since(t0);
    const counts = (await s.db.query<{ reservations: number; confirmed: number; held: number; nights: number; booked: number; traces: number; handoffs: number }>(
      `SELECT (SELECT count(*) FROM reservations)::int AS reservations,
              (SELECT count(*) FROM reservations WHERE status = 'confirmed')::int AS confirmed,
              (SELECT count(*) FROM reservations WHERE status = 'held')::int AS held,
              (SELECT coalesce(sum((check_out - check_in) * rooms), 0) FROM reservations WHERE status IN ('held', 'confirmed'))::int AS nights,
              (SELECT coalesce(sum(booked), 0) FROM inventory)::int AS booked,
              (SELECT count(*) FROM turn_traces)::int AS traces,
              (SELECT count(*) FROM handoffs)::int AS handoffs`,
    )).rows[0]!;
    const codes = (turns?.load.codes ?? 0) + profileCodes;
    console.log(`\nOverbooking invariant: mismatches() = ${JSON.stringify(mismatches.slice(0, 5))}${mismatches.length > 5 ? ` … (${mismatches.length} in all)` : ''} (${mismatches.length === 0 ? 'empty: ok' : 'NOT EMPTY'}; ${fmt(mmMs, 0)} ms)`);
    const noCode = (turns?.load.anomalies['confirm: no reservation code'] ?? 0) + profileNoCode;
    console.log(`Reservations: ${counts.reservations.toLocaleString('en-US')} (${counts.confirmed} confirmed, ${counts.held} held until paid online); the travellers were given ${codes} codes: ${counts.reservations === codes ? 'ok' : `DIFFERS${noCode ? ` (${noCode} confirm replies without a code: see the anomalies)` : ''}`}; reserved room-nights ${counts.nights.toLocaleString('en-US')} = sum(inventory.booked) ${counts.booked.toLocaleString('en-US')}: ${counts.nights === counts.booked ? 'ok' : 'DIFFERS'}`);
    console.log(`turn_traces: ${counts.traces.toLocaleString('en-US')} rows; handoffs: ${counts.handoffs}`);
  } finally {
    await load?.stop().catch(() => undefined);
    if (baselineServer) {
      const srv = baselineServer;
      await new Promise<void>((resolve) => {
        srv.close(() => resolve());
        srv.closeIdleConnections();
      });
    }
    await running?.stop().catch((err) => console.error(`app.stop failed: ${(err as Error).message}`));
    await bdb?.drop().catch((err) => console.error(`could not drop ${bdb!.name}: ${(err as Error).message}`));
  }
}

/**
 * A further phase of turns with the statements and the model's calls timed and V8's sampling profiler on in the app
 * process, then the understanding and the whole model timed alone on what was said. Prints where a turn's time
 * goes; returns what the load process saw (its codes count in the reconciliation).
 */
async function profile(
  s: Services,
  load: Awaited<ReturnType<typeof startLoadProcess>>,
  common: { key: string; clients: number; warmupMs: number; url: string; today: string },
  main: Phase,
): Promise<LoadResult> {
  console.log(`\nWhere the time goes: ${PROFILE_SECONDS} s more turns (after 1 s warm-up) with every statement and model call timed and the V8 sampling profiler on in the app process …`);
  const sql = new Map<string, Stat>();
  const model = new Map<string, Stat>();
  const commits = { writes: 0, transactions: 0 };
  const walLsn = async () => (await s.db.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]!.lsn;
  let wal0: string | undefined;
  let wal1: Promise<string> | undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 1000 });
  let restoreSql: (() => void) | undefined;
  let restoreModel: (() => void) | undefined;
  let cpu: CpuProfile | undefined;
  let stopped: Promise<void> | undefined;
  const p = await load.run(
    { ...common, warmupMs: 1000, kind: 'turns', label: 'profile', measureMs: PROFILE_SECONDS * 1000, seed: 4, collectTexts: true },
    {
      onStart: async () => {
        wal0 = await walLsn();
        restoreSql = timeStatements(s.db, sql, commits);
        restoreModel = await timeModelCalls(model);
        await session.post('Profiler.start');
      },
      onEnd: () => {
        restoreSql?.();
        restoreModel?.();
        wal1 = walLsn();
        stopped = session.post('Profiler.stop').then((r) => void (cpu = r.profile as unknown as CpuProfile));
      },
    },
  );
  await stopped;
  session.disconnect();
  const n = allLat(p).length;
  const rate = perSecond(n, p.load.windowMs);
  const mainRate = perSecond(allLat(main).length, main.load.windowMs);
  const msPerTurn = (ms: number) => fmt(ms / Math.max(1, n), 2);
  console.log(`    ${n} turns (${fmt(rate, 1)}/s while profiled, ${fmt(mainRate, 1)}/s without); app CPU ${fmt(p.app.appCpu, 0)}% of a core = ${fmt((p.app.appCpu / 100) * p.load.windowMs / Math.max(1, n), 2)} ms per turn; PostgreSQL ${fmt((p.app.pgCpu / 100) * p.load.windowMs / Math.max(1, n), 2)} ms CPU per turn; event loop p99 delay ${fmt(p.app.loopP99, 1)} ms`);

  // SQL by step.
  const rows: string[][] = [['statement (pipeline step)', 'per turn', 'ms per turn', 'mean ms', 'p50 ms', 'p99 ms']];
  let statements = 0;
  let sqlMs = 0;
  for (const [label, st] of [...sql].sort((a, b) => b[1].ms - a[1].ms)) {
    const l = latencyStats(st.samples);
    rows.push([label, fmt(st.calls / Math.max(1, n), 2), msPerTurn(st.ms), fmt(l.mean), fmt(l.p50), fmt(l.p99)]);
    if (!label.startsWith('transaction')) {
      statements += st.calls;
      sqlMs += st.ms;
    }
  }
  console.log(`\nSQL per turn (wall time around Db.query: the round trip, the pool wait and the event loop's delay in noticing the answer)`);
  printTable(rows);
  const walBytes = wal0 && wal1 ? (await s.db.query<{ b: number }>('SELECT pg_wal_lsn_diff($1, $2)::float8 AS b', [await wal1, wal0])).rows[0]!.b : NaN;
  const size = (await s.db.query<{ trace_json: number; trace_row: number; state_json: number; state_row: number; message_row: number; quote_row: number }>(
    `SELECT (SELECT avg(octet_length(input::text) + octet_length(steps::text))::int FROM turn_traces) AS trace_json,
            (SELECT avg(pg_column_size(t.*))::int FROM turn_traces t) AS trace_row,
            (SELECT avg(octet_length(value::text))::int FROM bot_state) AS state_json,
            (SELECT avg(pg_column_size(b.*))::int FROM bot_state b) AS state_row,
            (SELECT avg(pg_column_size(m.*))::int FROM messages m) AS message_row,
            (SELECT avg(pg_column_size(q.*))::int FROM quotes q) AS quote_row`,
  )).rows[0]!;
  const kb = (b: number) => `${fmt(b / 1024, 1)} KiB`;
  console.log(`PostgreSQL's side per turn: ${fmt((commits.writes + commits.transactions) / Math.max(1, n), 1)} commits that write (${fmt(commits.writes / Math.max(1, n), 1)} single statements, ${fmt(commits.transactions / Math.max(1, n), 2)} transactions; synchronous_commit as the server has it), ${kb(walBytes / Math.max(1, n))} of WAL (the whole server's, so other work counts); rows: trace ${kb(size.trace_row)} stored (${kb(size.trace_json)} of JSON input + steps), conversation state ${kb(size.state_row)} (${kb(size.state_json)} JSON, rewritten every turn), message ${kb(size.message_row)}, quote ${kb(size.quote_row)}`);
  const mc = model.get('offline model: complete()');
  console.log(`per turn: ${fmt(statements / Math.max(1, n), 1)} statements, ${msPerTurn(sqlMs)} ms waiting on them (BEGIN/COMMIT not counted); the baseline does 1. Model: ${fmt((mc?.calls ?? 0) / Math.max(1, n), 2)} complete() calls per turn, ${mc ? `${fmt(latencyStats(mc.samples).mean)} ms wall each (p99 ${fmt(latencyStats(mc.samples).p99)})` : '—'}`);

  // CPU by module and by function.
  if (cpu) {
    const c = summariseProfile(cpu);
    // The samples' time deltas are wall time of the main thread (on a busy 2-core machine it is also descheduled);
    // the shares are what the profile says, the milliseconds are those shares of the CPU time the process used.
    const cpuMsPerTurn = ((p.app.appCpu / 100) * p.load.windowMs) / Math.max(1, n);
    const ms = (x: number) => fmt((x / c.totalMs) * cpuMsPerTurn, 3);
    const share = (x: number) => `${fmt((x / c.totalMs) * 100, 1)}%`;
    const cRows: string[][] = [['app process CPU by module (innermost frame with a source)', 'share', 'CPU ms per turn']];
    for (const [m, x] of [...c.byModule].sort((a, b) => b[1] - a[1]).slice(0, 20)) cRows.push([m, share(x), ms(x)]);
    cRows.push(['all (idle excluded)', '100.0%', fmt(cpuMsPerTurn, 3)]);
    console.log(`\nV8 CPU profile of the app process (sampled every 1 ms: ${fmt(c.totalMs / 1000, 1)} s with a JS stack, ${fmt(c.idleMs / 1000, 1)} s idle in ${fmt(p.load.windowMs / 1000, 0)} s; ms = share × the ${fmt(cpuMsPerTurn, 2)} ms of CPU per turn the process used)`);
    printTable(cRows);
    const fRows: string[][] = [['function, inclusive (on-CPU, all its sync slices)', 'share', 'CPU ms per turn']];
    for (const [, , l] of FUNCTIONS) {
      const x = c.byFunction.get(l) ?? 0;
      fRows.push([l, share(x), ms(x)]);
    }
    printTable(fRows);
  }

  // The understanding and the model alone, no HTTP, no database.
  const texts = p.load.texts ?? [];
  if (texts.length) {
    const { understand } = await import('../src/model/offline/understand/index.ts');
    const { OfflineChatModel } = await import('../src/model/offline/index.ts');
    const per = new Map<string, number[]>();
    for (let i = 0; i < Math.min(300, texts.length); i++) understand(texts[i]![1] || '确认', { today: common.today, locale: texts[i]![2] === 'en' ? 'en' : 'zh-CN' }); // warm
    for (const [kind, text, lang] of texts) {
      if (!text) continue;
      const t0 = performance.now();
      understand(text, { today: common.today, locale: lang === 'en' ? 'en' : 'zh-CN' });
      const ms = performance.now() - t0;
      for (const k of [kind, 'all']) {
        const xs = per.get(k) ?? [];
        xs.push(ms);
        per.set(k, xs);
      }
    }
    const uRows: string[][] = [['understand() alone, by turn kind', 'messages', 'mean ms', 'p50 ms', 'p99 ms']];
    for (const k of [...KINDS, 'all']) {
      const l = latencyStats(per.get(k) ?? []);
      if (l.n) uRows.push([k, String(l.n), fmt(l.mean, 3), fmt(l.p50, 3), fmt(l.p99, 3)]);
    }
    console.log(`\nThe offline model alone, in this process after the load (no HTTP, no database): understand() on every message said in the profiled window`);
    printTable(uRows);

    // complete() on recorded model inputs: a fresh instance (every message of the window read) and again (cached).
    const traces = (await s.db.query<{ input: unknown; steps: unknown[] }>(
      `SELECT input, steps FROM turn_traces ORDER BY seq DESC LIMIT 400`,
    )).rows;
    const cold: number[] = [];
    const warm: number[] = [];
    const window: number[] = [];
    for (const t of traces) {
      const messages = t.input as Parameters<InstanceType<typeof OfflineChatModel>['complete']>[0]['messages'];
      const m = new OfflineChatModel();
      let t0 = performance.now();
      await m.complete({ messages, tools: [], locale: 'zh-CN', conversationId: 'bench' });
      cold.push(since(t0));
      t0 = performance.now();
      await m.complete({ messages, tools: [], locale: 'zh-CN', conversationId: 'bench' });
      warm.push(since(t0));
      window.push(messages.length);
    }
    const lc = latencyStats(cold);
    const lw = latencyStats(warm);
    const lm = latencyStats(window);
    console.log(`OfflineChatModel.complete() on ${traces.length} recorded model inputs (mean ${fmt(lm.mean, 1)} messages, max ${lm.max}): a fresh instance (understands every traveller message of the window) mean ${fmt(lc.mean, 3)} ms, p99 ${fmt(lc.p99, 3)} ms; the same again with its cache (reconstruct + decide + render only) mean ${fmt(lw.mean, 3)} ms, p99 ${fmt(lw.p99, 3)} ms`);
  }
  return p.load;
}

if (process.env[ROLE_ENV] === 'load') void runLoadProcess();
else runMain('offline-turns bench', main);

function post(agent: http.Agent, base: URL, path: string, key: string, body: unknown) {
  return postJson(agent, base, path, { authorization: `Bearer ${key}` }, body);
}
