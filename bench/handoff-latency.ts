// Handoff latency across instances: two app processes share PostgreSQL and Redis; a traveller asks for a person on
// instance A, and the time until the agent's console socket on instance B hears the queued handoff is measured.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { WebSocket } from 'ws';
import { createBenchDb, DEFAULT_DATABASE_URL, fmt, latencyStats, parseFlags, postJson, printTable, runMain, type LatencyStats } from './lib.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const GOAL_P99_MS = 250;

const USAGE = `bench/handoff-latency.ts: time from a traveller's "转人工" on instance A to the console socket on instance B.
Two \`tsx src/main.ts\` processes (PORT=0) share a fresh PostgreSQL database (created and dropped) and Redis
(REDIS_URL, default redis://127.0.0.1:6379, under a prefix of its own that is cleaned up).
  --handoffs N          measured handoffs, one at a time (default 200)
  --warmup-handoffs N   unmeasured handoffs first (default 20)
  --database-url U      server the throwaway database is created on (default $DATABASE_URL or ${DEFAULT_DATABASE_URL})
Every flag of bench/lib.ts is accepted too (bench/run.ts passes the same command line to each bench).`;

/** This bench's own flags, and whether each takes a value; bench/run.ts routes them here. */
const HANDOFF_LATENCY_FLAGS: Record<string, boolean> = { handoffs: true, 'warmup-handoffs': true };

/** Splits the command line into this bench's own flags and the shared ones of bench/lib.ts. */
function splitArgs(argv: string[]): { own: Record<string, string | boolean>; shared: string[] } {
  const own: Record<string, string | boolean> = {};
  const shared: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (arg === '-h' || arg === '--help') own.help = true;
    else if (m && m[1]! in HANDOFF_LATENCY_FLAGS) own[m[1]!] = m[2] ?? argv[++i] ?? '';
    else shared.push(arg);
  }
  return { own, shared };
}

interface Instance {
  name: string;
  child: ChildProcess;
  url: URL;
  stop(): Promise<void>;
}

/** Starts `tsx src/main.ts` with `env` and resolves once it prints the address it listens on. */
function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const child = spawn(TSX, ['src/main.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${name} did not start within 60 s:\n${output}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stdout!.resume();
      resolve({ name, child, url: new URL(m[1]!.replace('localhost', '127.0.0.1')), stop });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before listening:\n${output}`));
    });
  });
}

/** The agent's console socket: resolves each `handoff.queued` event to whoever waits for the next one. */
async function consoleSocket(base: URL, token: string) {
  const ws = new WebSocket(`ws://${base.host}/v1/agent/ws?token=${encodeURIComponent(token)}`);
  const queued: Array<{ conversationId: string; at: number }> = [];
  let waiter: ((e: { conversationId: string; at: number }) => void) | null = null;
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (m) => {
      const at = performance.now();
      const e = JSON.parse(String(m)) as { type: string; conversationId: string };
      if (e.type === 'ready') return resolve();
      if (e.type !== 'handoff.queued') return;
      const item = { conversationId: e.conversationId, at };
      if (waiter) {
        const w = waiter;
        waiter = null;
        w(item);
      } else queued.push(item);
    });
    ws.once('error', reject);
  });
  return {
    next(timeoutMs = 10_000): Promise<{ conversationId: string; at: number }> {
      const first = queued.shift();
      if (first) return Promise.resolve(first);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no handoff.queued event within 10 s')), timeoutMs);
        waiter = (e) => {
          clearTimeout(timer);
          resolve(e);
        };
      });
    },
    close: () => ws.close(),
  };
}

function getOk(agent: http.Agent, base: URL, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get({ agent, host: base.hostname, port: base.port, path }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

async function main(): Promise<void> {
  const { own, shared } = splitArgs(process.argv.slice(2));
  if (own.help) return console.log(USAGE);
  const flags = parseFlags(shared);
  const n = Number(own.handoffs ?? 200);
  const warmup = Number(own['warmup-handoffs'] ?? 20);
  if (!(n >= 1) || !(warmup >= 0)) throw new Error('--handoffs must be ≥ 1 and --warmup-handoffs ≥ 0');
  const serverUrl = flags.databaseUrl;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `td-bench-${randomBytes(4).toString('hex')}`;
  const db = await createBenchDb(serverUrl);
  const admin = { email: `bench-admin-${prefix}@bench.example`, password: randomBytes(12).toString('base64url') };
  const appKey = `bench_${randomBytes(12).toString('hex')}`;
  const env = {
    PORT: '0', DATABASE_URL: db.url, REDIS_URL: redisUrl, REDIS_PREFIX: prefix, DATA_KEY: randomBytes(32).toString('base64'),
    APP_API_KEY: appKey, ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, SEED_DEMO: '0', LOG_LEVEL: 'warn',
    RATE_LIMIT_IP_PER_MINUTE: '0', RATE_LIMIT_TRAVELLER_PER_MINUTE: '0', LLM_BASE_URL: '',
  };
  const instances: Instance[] = [];
  const redis = new Redis(redisUrl, { lazyConnect: true });
  const sub = new Redis(redisUrl, { lazyConnect: true });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  try {
    // A migrates the fresh database first; B then finds it ready.
    instances.push(await startInstance('A', env));
    instances.push(await startInstance('B', env));
    const [a, b] = instances as [Instance, Instance];
    console.log(`instances: A ${a.url.origin} (traveller, app channel), B ${b.url.origin} (agent console); database ${db.name}; Redis prefix ${prefix}`);
    const login = await postJson(agent, b.url, '/v1/operator/login', {}, admin);
    if (login.status !== 200) throw new Error(`login on B answered ${login.status}: ${login.body}`);
    const desk = await consoleSocket(b.url, (JSON.parse(login.body) as { token: string }).token);

    const handoff = async (userId: string): Promise<number> => {
      const t0 = performance.now();
      const sent = postJson(agent, a.url, '/v1/app/messages', { authorization: `Bearer ${appKey}` }, { userId, text: '转人工' });
      const event = await desk.next();
      const r = await sent;
      if (r.status !== 200) throw new Error(`POST /v1/app/messages answered ${r.status}: ${r.body}`);
      const body = JSON.parse(r.body) as { conversationId: string; replies: Array<{ handoff?: boolean }> };
      if (body.conversationId !== event.conversationId || !body.replies.some((x) => x.handoff)) {
        throw new Error(`the console heard ${event.conversationId}, the traveller got ${r.body}`);
      }
      return event.at - t0;
    };
    for (let i = 0; i < warmup; i++) await handoff(`warmup-${prefix}-${i}`);
    const samples: number[] = [];
    for (let i = 0; i < n; i++) samples.push(await handoff(`traveller-${prefix}-${i}`));
    desk.close();

    // Baselines in the same run: a /healthz round trip to A, and a Redis pub/sub round trip (what the event rides on).
    const health: number[] = [];
    for (let i = 0; i < warmup + n; i++) {
      const t0 = performance.now();
      if ((await getOk(agent, a.url, '/healthz')) !== 200) throw new Error('/healthz failed');
      if (i >= warmup) health.push(performance.now() - t0);
    }
    await Promise.all([redis.connect(), sub.connect()]);
    const channel = `${prefix}:bench:ping`;
    await sub.subscribe(channel);
    const pubsub: number[] = [];
    for (let i = 0; i < warmup + n; i++) {
      const got = new Promise<number>((resolve) => sub.once('message', () => resolve(performance.now())));
      const t0 = performance.now();
      await redis.publish(channel, String(i));
      const t1 = await got;
      if (i >= warmup) pubsub.push(t1 - t0);
    }

    const rows: Array<[string, LatencyStats]> = [
      ['handoff: 转人工 on A → queued event on B\'s console', latencyStats(samples)],
      ['baseline: GET /healthz on A', latencyStats(health)],
      ['baseline: Redis publish → subscriber', latencyStats(pubsub)],
    ];
    const base = rows[1]![1];
    printTable([
      ['what', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'p50 ÷ healthz p50'],
      ...rows.map(([what, s]) => [what, String(s.n), fmt(s.p50), fmt(s.p95), fmt(s.p99), fmt(s.max), `${fmt(s.p50 / base.p50, 1)}×`]),
    ]);
    const p99 = rows[0]![1].p99;
    console.log(`goal: handoff p99 < ${GOAL_P99_MS} ms: ${p99 < GOAL_P99_MS ? 'ok' : 'MISSED'} (the turn itself runs the offline model, the transcript, the trace and the handoff insert)`);
  } finally {
    agent.destroy();
    for (const i of instances.reverse()) await i.stop();
    if (redis.status === 'ready') {
      // Only the keys of this run's prefix (BullMQ's queues of the two instances).
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    }
    redis.disconnect();
    sub.disconnect();
    await db.drop();
  }
}

runMain('bench/handoff-latency.ts', main);
