// Handoff latency across instances: two app processes share PostgreSQL and Redis; a traveller asks for a person on
// instance A, and the time until the agent's console socket on instance B hears the queued handoff is measured.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { Redis } from 'ioredis';
import { WebSocket } from 'ws';
import { spawnApp } from '../test/support/processes.ts';
import { createBenchDb, DEFAULT_DATABASE_URL, fmt, latencyStats, ownFlags, parseFlags, postJson, printTable, runMain, type LatencyStats } from './lib.ts';

const GOAL_P99_MS = 250;

const USAGE = `bench/handoff-latency.ts: time from a traveller's "转人工" on instance A to the console socket on instance B.
Two \`tsx src/main.ts\` processes (free ports) share a fresh PostgreSQL database (created and dropped) and Redis
(REDIS_URL, default redis://127.0.0.1:6379, under a prefix of its own that is cleaned up).
  --handoffs N          measured handoffs, one at a time (default 200)
  --warmup-handoffs N   unmeasured handoffs first (default 20)
  --database-url U      server the throwaway database is created on (default $DATABASE_URL or ${DEFAULT_DATABASE_URL})
Every flag of bench/lib.ts is accepted too (bench/run.ts passes the same command line to each bench).`;

interface Instance {
  name: string;
  url: URL;
  stop(): Promise<void>;
}

/** Starts `tsx src/main.ts` with `env` (test/support's spawnApp, on a free port) and waits until it listens. */
async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const p = await spawnApp({ name, env });
  return {
    name,
    url: new URL(p.url),
    async stop() {
      p.signal('SIGTERM');
      const timer = setTimeout(() => void p.kill9(), 15_000);
      await p.exited;
      clearTimeout(timer);
    },
  };
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
  // This bench's own flags (each takes a value); bench/run.ts routes them here.
  const own = ownFlags(process.argv.slice(2), ['handoffs', 'warmup-handoffs'], USAGE);
  const flags = parseFlags(own.shared);
  const n = own.int('handoffs', 200, 1);
  const warmup = own.int('warmup-handoffs', 20, 0);
  const serverUrl = flags.databaseUrl;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `td-bench-${randomBytes(4).toString('hex')}`;
  const db = await createBenchDb(serverUrl);
  const admin = { email: `bench-admin-${prefix}@bench.example`, password: randomBytes(12).toString('base64url') };
  const appKey = `bench_${randomBytes(12).toString('hex')}`;
  const env = {
    DATABASE_URL: db.url, REDIS_URL: redisUrl, REDIS_PREFIX: prefix, DATA_KEY: randomBytes(32).toString('base64'),
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
