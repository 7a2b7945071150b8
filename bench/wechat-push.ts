// Push acknowledgements: pushes/s and latency of POST /v1/wechat/callback (safe mode, JSON) against an express hello route.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import express from 'express';
import { Redis } from 'ioredis';
import { aesKeyOf, encryptMessage } from '../channels/wechat/crypto.ts';
import { WECHAT_TURN_JOB, wechatChannel } from '../channels/wechat/index.ts';
import { wechatSignature } from '../channels/wechat/signature.ts';
import { migrate, openPglite } from '../db/index.ts';
import { createEventBus } from '../src/bot/events/index.ts';
import { createConversationLock } from '../src/bot/lock/index.ts';
import { systemClock } from '../src/clock.ts';
import { buildServices } from '../src/compose.ts';
import { loadConfig } from '../src/config.ts';
import { createHttpApp } from '../src/http/app.ts';
import { createJobQueue } from '../src/jobs/index.ts';
import { createLogger } from '../src/logger.ts';
import { createChatModel } from '../src/model/index.ts';
import { deriveKeys } from '../src/security/index.ts';
import { fmt, latencyStats, printTable, runMain, verdict, type LatencyStats } from './lib.ts';

const GOAL_P99_MS = 20;
const GOAL_RATIO = 0.3;

const USAGE = `bench/wechat-push.ts: acknowledgements of safe-mode JSON pushes against an express hello route.
The app and the load generator are two processes on loopback; the wechat-turn job handler is a no-op (acks only).
  --seconds N   each measured phase (default 5)
  --warmup N    unmeasured seconds before each phase (default 1)
  --clients C   keep-alive connections of the closed-loop phases (default 16)
  --rate R      pushes (and hellos) per second of the open-loop phases (default 500)
  --bullmq      queue the jobs on Redis through BullMQ (needs REDIS_URL) instead of in-process
  --no-workers  with --bullmq: run no worker in the app process (a web-only instance); the jobs wait in Redis`;

/** What a load phase does; sent to the generator process. */
interface Phase {
  target: 'hello' | 'push';
  /** closed: C connections, each sending again once answered (max throughput); open: a fixed rate (latency). */
  loop: 'closed' | 'open';
  port: number;
  clients: number;
  rate: number;
  seconds: number;
  warmup: number;
  wechat: { token: string; aesKey: string; appId: string };
}

/** What the generator measured. */
interface PhaseResult {
  completed: number;
  errors: number;
  firstError?: string;
  elapsedMs: number;
  /** From when the request was due (open loop: its slot in the schedule) to the end of the answer. */
  latencies: number[];
  /** From when it was actually written to the end of the answer: without the generator's own delays. */
  serviceTimes: number[];
}

// ---------------------------------------------------------------------------------------------------------------
// The load generator (a child process): keep-alive node:http requests, latency from the intended send time.

async function generate(p: Phase): Promise<PhaseResult> {
  const key = { aesKey: aesKeyOf(p.wechat.aesKey), appId: p.wechat.appId };
  let seq = BigInt(Date.now()) * 1_000_000n + BigInt(randomInt(1_000_000)) * 1000n; // past 2^53, like MsgIds
  const nextPush = (): { path: string; body: string } => {
    const msgId = String(++seq);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = String(randomInt(1e9));
    const openid = `obench${msgId.slice(-4)}`;
    const inner = `{"ToUserName":"gh_bench","FromUserName":"${openid}","CreateTime":${timestamp},"MsgType":"text","Content":"北京12月10日到12日两晚，两个人","MsgId":${msgId}}`;
    const encrypt = encryptMessage(inner, key);
    const q = new URLSearchParams({
      signature: wechatSignature(p.wechat.token, timestamp, nonce), timestamp, nonce, openid, encrypt_type: 'aes',
      msg_signature: wechatSignature(p.wechat.token, timestamp, nonce, encrypt),
    });
    return { path: `/v1/wechat/callback?${q}`, body: `{"ToUserName":"gh_bench","Encrypt":"${encrypt}"}` };
  };
  // Built before the clock starts, so the generator spends no more per push than per hello; each is unique (a new job).
  const pool = p.target === 'push' ? Array.from({ length: p.loop === 'open' ? Math.ceil(p.rate * (p.seconds + p.warmup)) + 100 : 80_000 }, nextPush) : [];
  let taken = 0;
  const expected = p.target === 'push' ? 'success' : 'hello';
  const agent = new http.Agent({ keepAlive: true, maxSockets: p.loop === 'closed' ? p.clients : 256 });
  const result: PhaseResult = { completed: 0, errors: 0, elapsedMs: 0, latencies: [], serviceTimes: [] };

  const send = (record: boolean, since: number) =>
    new Promise<void>((resolve) => {
      const sent = performance.now();
      const { path, body } = p.target === 'push' ? (pool[taken++] ?? nextPush()) : { path: '/hello', body: '' };
      const req = http.request(
        { agent, host: '127.0.0.1', port: p.port, path, method: p.target === 'push' ? 'POST' : 'GET',
          headers: p.target === 'push' ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {} },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => {
            if (record) {
              const ok = res.statusCode === 200 && text === expected;
              if (ok) {
                result.completed++;
                const done = performance.now();
                result.latencies.push(done - since);
                result.serviceTimes.push(done - sent);
              } else {
                result.errors++;
                result.firstError ??= `${res.statusCode} ${text.slice(0, 200)}`;
              }
            }
            resolve();
          });
        },
      );
      req.on('error', (err) => {
        if (record) {
          result.errors++;
          result.firstError ??= err.message;
        }
        resolve();
      });
      req.end(body);
    });

  const closedLoop = async (ms: number, record: boolean) => {
    const end = performance.now() + ms;
    await Promise.all(
      Array.from({ length: p.clients }, async () => {
        while (performance.now() < end) await send(record, performance.now());
      }),
    );
  };

  const openLoop = (ms: number, record: boolean) =>
    new Promise<void>((resolve) => {
      const interval = 1000 / p.rate;
      const end = performance.now() + ms;
      const pending = new Set<Promise<void>>();
      let next = performance.now();
      const tick = () => {
        const now = performance.now();
        // Late timers send the requests they owe at once, timed from when they were due (no coordinated omission).
        while (next <= now && next < end) {
          const pr = send(record, next);
          pending.add(pr);
          void pr.then(() => pending.delete(pr));
          next += interval;
        }
        if (next < end) setTimeout(tick, Math.max(0, next - performance.now()));
        else void Promise.all(pending).then(() => resolve());
      };
      tick();
    });

  const run = p.loop === 'closed' ? closedLoop : openLoop;
  await run(p.warmup * 1000, false);
  const t0 = performance.now();
  await run(p.seconds * 1000, true);
  result.elapsedMs = performance.now() - t0;
  agent.destroy();
  return result;
}

function runPhase(p: Phase): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--load-generator'], { execArgv: ['--import', 'tsx'] });
    child.once('message', (m) => {
      resolve(m as PhaseResult);
      child.disconnect();
    });
    child.once('error', reject);
    child.once('exit', (code) => (code ? reject(new Error(`the load generator exited with ${code}`)) : undefined));
    child.send(p);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The app under test, and the phases.

function flags() {
  try {
    const { values } = parseArgs({
      options: {
        seconds: { type: 'string', default: '5' }, warmup: { type: 'string', default: '1' }, clients: { type: 'string', default: '16' },
        rate: { type: 'string', default: '500' }, bullmq: { type: 'boolean', default: false },
        'no-workers': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    const num = (name: 'seconds' | 'warmup' | 'clients' | 'rate', min: number) => {
      const n = Number(values[name]);
      if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}`);
      return n;
    };
    if (values.bullmq && !process.env.REDIS_URL) throw new Error('--bullmq needs REDIS_URL');
    if (values['no-workers'] && !values.bullmq) throw new Error('--no-workers needs --bullmq (in-process jobs run in the app process)');
    return {
      seconds: num('seconds', 1), warmup: num('warmup', 0), clients: num('clients', 1), rate: num('rate', 1), bullmq: values.bullmq,
      workers: !values['no-workers'],
    };
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
}

const listen = (app: express.Express) =>
  new Promise<http.Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });

async function main(): Promise<void> {
  const f = flags();
  const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const wechat = {
    token: 'bench-push-token',
    aesKey: Array.from({ length: 43 }, () => ALNUM[randomInt(ALNUM.length)]).join(''),
    appId: `wxbench${randomBytes(5).toString('hex')}`,
  };
  const redisUrl = f.bullmq ? process.env.REDIS_URL : undefined;
  const prefix = `td-bench-${randomBytes(4).toString('hex')}`;

  const db = await openPglite();
  await migrate(db);
  const config = loadConfig({
    DATA_KEY: randomBytes(32).toString('base64'), LOG_LEVEL: 'silent', PORT: '0',
    WECHAT_APPID: wechat.appId, WECHAT_SECRET: 'bench', WECHAT_TOKEN: wechat.token, WECHAT_AES_KEY: wechat.aesKey,
    WECHAT_API_BASE: 'http://127.0.0.1:9', // never called: the job handler is a no-op
    // A few travellers push thousands a second: the per-openid limit is off, as it is for a load test.
    RATE_LIMIT_IP_PER_MINUTE: '0', RATE_LIMIT_TRAVELLER_PER_MINUTE: '0',
  });
  const jobs = createJobQueue({ redisUrl, prefix });
  const events = createEventBus({});
  const lock = createConversationLock({});
  const services = buildServices({
    config, db, clock: systemClock, keys: deriveKeys(config.dataKey!), logger: createLogger('silent'), jobs, events, lock,
    model: createChatModel(undefined), publicUrl: () => 'http://127.0.0.1',
  });
  const channel = wechatChannel(services);
  let turns = 0;
  // Acks only: the turn itself (model, custom/send) is not what this bench measures.
  jobs.handle(WECHAT_TURN_JOB, async () => void turns++, { concurrency: 64 });
  if (f.workers) await jobs.start();

  const pushServer = await listen(createHttpApp(services, [['/v1/wechat', channel.router]]));
  const hello = express();
  hello.disable('x-powered-by');
  hello.get('/hello', (_req, res) => void res.send('hello'));
  const helloServer = await listen(hello);
  const port = (s: http.Server) => (s.address() as AddressInfo).port;
  // Time inside the app, from the request event to the last byte handed to the kernel.
  let appTimes: number[] = [];
  for (const s of [pushServer, helloServer]) {
    s.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
      const t0 = performance.now();
      res.once('finish', () => appTimes.push(performance.now() - t0));
    });
  }

  console.log(`bench/wechat-push.ts: ${f.seconds} s per phase after ${f.warmup} s warm-up; closed loop ${f.clients} connections; open loop ${f.rate}/s;`);
  console.log(`  jobs ${f.bullmq ? `BullMQ on Redis${f.workers ? ', worker in the app process' : ', no worker (web-only instance)'}` : 'in-process'}, wechat-turn handler a no-op (acks only); app and load generator in two processes, loopback.\n`);

  const base = { clients: f.clients, rate: f.rate, seconds: f.seconds, warmup: f.warmup, wechat };
  const phases: Array<[string, Phase]> = [
    ['hello, closed loop', { ...base, target: 'hello', loop: 'closed', port: port(helloServer) }],
    ['push, closed loop', { ...base, target: 'push', loop: 'closed', port: port(pushServer) }],
    [`hello, ${f.rate}/s`, { ...base, target: 'hello', loop: 'open', port: port(helloServer) }],
    [`push, ${f.rate}/s`, { ...base, target: 'push', loop: 'open', port: port(pushServer) }],
  ];
  const results = new Map<string, { r: PhaseResult; s: LatencyStats; service: LatencyStats; perS: number; loop: IntervalHistogram; app: LatencyStats }>();
  for (const [name, phase] of phases) {
    // The app's own event-loop delay over the phase (warm-up included): a blocked loop is the app's latency, a free
    // loop beside a high p99 points at the machine (other processes, the generator).
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    appTimes = [];
    const r = await runPhase(phase);
    loop.disable();
    const app = latencyStats(appTimes);
    results.set(name, { r, s: latencyStats(r.latencies), service: latencyStats(r.serviceTimes), perS: (r.completed / r.elapsedMs) * 1000, loop, app });
    if (r.errors) console.log(`  ${name}: ${r.errors} errors, first: ${r.firstError}`);
  }

  printTable([
    ['phase', 'answered/s', 'p50 ms', 'p99 ms', 'max ms', 'p99 from send', 'in-app p99/max', 'app loop delay p99/max', 'errors'],
    ...[...results].map(([name, { r, s, service, perS, loop, app }]) => [
      name, fmt(perS, 0), fmt(s.p50), fmt(s.p99), fmt(s.max), fmt(service.p99), `${fmt(app.p99)} / ${fmt(app.max)}`,
      `${fmt(loop.percentile(99) / 1e6, 1)} / ${fmt(loop.max / 1e6, 1)}`, String(r.errors),
    ]),
  ]);
  console.log('(ms. Open loop: latency counts from when a request was due, so a stalled generator shows; "from send" leaves that out;');
  console.log(' "in-app" is measured inside the app, from its request event to the answer\'s last byte; "app loop delay" is its event-loop lag.)');
  const helloMax = results.get('hello, closed loop')!.perS;
  const pushMax = results.get('push, closed loop')!.perS;
  const atRate = results.get(`push, ${f.rate}/s`)!;
  const ratio = pushMax / helloMax;
  console.log('');
  printTable([
    ['goal', 'measured', 'verdict'],
    [`push p99 at ${f.rate}/s < ${GOAL_P99_MS} ms`, `${fmt(atRate.s.p99)} ms`, verdict(atRate.s.p99 < GOAL_P99_MS && atRate.r.errors === 0)],
    [`push/hello throughput ≥ ${GOAL_RATIO}`, fmt(ratio), verdict(ratio >= GOAL_RATIO)],
  ]);

  await new Promise((r) => setTimeout(r, 200)); // let the last jobs run
  const pushed = [...results].filter(([n]) => n.startsWith('push')).reduce((n, [, v]) => n + v.r.completed, 0);
  console.log(`\n${turns} wechat-turn jobs ran (pushes acknowledged in measured phases: ${pushed}, plus warm-ups).`);

  for (const s of [pushServer, helloServer]) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await jobs.close();
  await channel.close();
  await lock.close();
  await events.close();
  await db.close();
  if (redisUrl) {
    const redis = new Redis(redisUrl);
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 1000 })) if ((keys as string[]).length) await redis.del(...(keys as string[]));
    await redis.quit();
  }
}

if (process.argv.includes('--load-generator')) {
  process.once('message', (p) => {
    generate(p as Phase).then(
      (r) => process.send!(r),
      (err) => {
        console.error('load generator failed:', err);
        process.exit(1);
      },
    );
  });
} else {
  runMain('bench/wechat-push.ts', main);
}
