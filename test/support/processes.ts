// Real app processes for multi-instance and fault tests: `tsx src/main.ts` children, free ports, a database and a
// Redis namespace of their own, and private PostgreSQL and Redis servers that a test may stop and start at will.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { migrate, openPostgres, type Db } from '../../db/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PG_BIN = '/usr/lib/postgresql/15/bin';

/** Every process and server started here, so that {@link killAll} can end what a failed test left. */
const alive = new Set<{ kill(): void }>();

/**
 * A free TCP port on 127.0.0.1 (free when asked; a test uses it at once).
 * @example const port = await freePort();
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs` saying `what`.
 * @example await until(() => fake.delivered().length >= 3, 'three replies', 20_000);
 */
export async function until<T>(check: () => T | Promise<T>, what: string, timeoutMs = 20_000, everyMs = 50): Promise<Exclude<T, false | undefined>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v as Exclude<T, false | undefined>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await sleep(everyMs);
  }
}

// ---- App processes ----

/** How a child ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running `tsx src/main.ts` child. */
export interface AppProcess {
  readonly name: string;
  readonly role: 'all' | 'web' | 'worker';
  readonly port: number;
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly child: ChildProcess;
  /** Settles when the process has ended. */
  readonly exited: Promise<Exit>;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Sends a signal (SIGTERM, SIGINT, SIGKILL). */
  signal(sig: NodeJS.Signals): void;
  /** Kill -9 and wait for the end. */
  kill9(): Promise<Exit>;
}

/** Options of {@link spawnApp}. */
export interface SpawnOptions {
  name?: string;
  role?: 'all' | 'web' | 'worker';
  /** The app's environment (DATABASE_URL, REDIS_URL, DATA_KEY, …); the test runner's own is not passed on. */
  env: Record<string, string>;
  /** Port to listen on; default a free one. */
  port?: number;
  /** Longest wait for the ready line; default 60 s. */
  readyTimeoutMs?: number;
}

const READY = /is listening on|worker is running/;

/**
 * Starts the app in a child process as `npm start` / `start:web` / `start:worker` would, and waits until it says
 * it is ready.
 * @example const web = await spawnApp({ role: 'web', env: { ...app.env } }); … await web.kill9();
 */
export async function spawnApp(opts: SpawnOptions): Promise<AppProcess> {
  const role = opts.role ?? 'all';
  const port = opts.port ?? (await freePort());
  const name = opts.name ?? role;
  const args = ['--import', 'tsx', 'src/main.ts', ...(role === 'all' ? [] : [`--${role}`])];
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    TZ: 'UTC',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    ...opts.env,
  };
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const append = (chunk: Buffer) => {
    out += chunk.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const handle = { kill: () => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL') };
  alive.add(handle);
  void exited.then(() => alive.delete(handle));

  const p: AppProcess = {
    name, role, port, url: `http://127.0.0.1:${port}`, child, exited,
    output: () => out,
    signal: (sig) => void child.kill(sig),
    async kill9() {
      handle.kill();
      return exited;
    },
  };
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (READY.test(out)) return p;
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} ended before it was ready:\n${out}`);
    if (Date.now() > deadline) {
      handle.kill();
      throw new Error(`${name} was not ready within ${opts.readyTimeoutMs ?? 60_000} ms:\n${out}`);
    }
    await sleep(50);
  }
}

/**
 * Kills (-9) every process and private server this file started that still runs. Call it in `afterAll`.
 * @example afterAll(killAll);
 */
export async function killAll(): Promise<void> {
  for (const h of [...alive]) h.kill();
  alive.clear();
}

// ---- A database and a Redis namespace of the test's own ----

/** A fresh, migrated PostgreSQL database and a Redis key prefix for a group of app processes. */
export interface ProcessEnv {
  /** The environment every app process of the test gets. */
  env: Record<string, string>;
  /** A pool on the test's database, for seeding and for checking the end state. */
  db: Db;
  dbUrl: string;
  redisUrl: string;
  prefix: string;
  /** Drops the database and deletes the prefix's Redis keys. */
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Creates a database on `baseUrl` (default DATABASE_URL) and picks a Redis prefix on `redisUrl` (default
 * REDIS_URL), with the environment app processes need (DATA_KEY, no rate limits, no demo seed).
 * @example const pe = await processEnv(); afterAll(() => pe.drop());
 */
export async function processEnv(opts: { baseUrl?: string; redisUrl?: string; env?: Record<string, string> } = {}): Promise<ProcessEnv> {
  const base = opts.baseUrl ?? process.env.DATABASE_URL;
  const redisUrl = opts.redisUrl ?? process.env.REDIS_URL;
  if (!base || !redisUrl) throw new Error('processEnv needs DATABASE_URL and REDIS_URL');
  const name = `td_proc_${randomBytes(6).toString('hex')}`;
  const admin = openPostgres(base, { max: 1 });
  await admin.exec(`CREATE DATABASE ${name}`);
  await admin.close();
  const dbUrl = withDatabase(base, name);
  const db = openPostgres(dbUrl, { max: 4 });
  await migrate(db);
  const prefix = `td-proc-${randomBytes(4).toString('hex')}`;
  const env: Record<string, string> = {
    DATABASE_URL: dbUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    DATA_KEY: randomBytes(32).toString('base64'),
    SEED_DEMO: '0',
    RATE_LIMIT_IP_PER_MINUTE: '0',
    RATE_LIMIT_TRAVELLER_PER_MINUTE: '0',
    DATABASE_POOL_MAX: '8',
    ...opts.env,
  };
  return {
    env, db, dbUrl, redisUrl, prefix,
    async drop() {
      await db.close().catch(() => {});
      const a = openPostgres(base, { max: 1 });
      await a.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await a.close();
      await deleteRedisKeys(redisUrl, prefix).catch(() => {});
    },
  };
}

/**
 * Deletes every key under `prefix:` (SCAN, not KEYS, so a shared Redis is not blocked).
 * @example await deleteRedisKeys(process.env.REDIS_URL!, pe.prefix);
 */
export async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

// ---- Private servers a test may stop and start ----

/** A server of the test's own. */
export interface PrivateServer {
  readonly url: string;
  readonly port: number;
  /** Stops it: `fast` shuts down cleanly, `kill` ends it at once (SIGKILL). */
  stop(how?: 'fast' | 'kill'): Promise<void>;
  /** Starts it again on the same port (with the same data for PostgreSQL; empty for Redis). */
  start(): Promise<void>;
  /** Stops it and removes its files. */
  destroy(): Promise<void>;
}

function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * A private PostgreSQL 15 in a temporary directory on a free port (initdb refuses root, so it runs as the
 * `postgres` OS user), trust authentication. Never the shared server. Commits are durable as in production
 * (`synchronous_commit` on), so a kill loses nothing that was acknowledged; only fsync is off, which matters
 * only when the machine itself goes down.
 * @example const pg = await startPrivatePostgres(); … await pg.stop('kill'); await pg.start(); … await pg.destroy();
 */
export async function startPrivatePostgres(): Promise<PrivateServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'td-pg-'));
  const uid = Number(run('id', ['-u', 'postgres']).trim());
  const gid = Number(run('id', ['-g', 'postgres']).trim());
  chownSync(dir, uid, gid);
  const data = join(dir, 'data');
  const asPostgres = (bin: string, args: string[]) => run('runuser', ['-u', 'postgres', '--', join(PG_BIN, bin), ...args]);
  asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = async () => {
    asPostgres('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '30', 'start']);
  };
  const stop = async (how: 'fast' | 'kill' = 'fast') => {
    try {
      // immediate: no shutdown checkpoint, clients cut at once, recovery on the next start (as after a crash).
      asPostgres('pg_ctl', ['-D', data, '-m', how === 'kill' ? 'immediate' : 'fast', '-w', '-t', '30', 'stop']);
    } catch {
      // Not running.
    }
  };
  await start();
  const handle = { kill: () => void stop('kill').then(() => rmSync(dir, { recursive: true, force: true })) };
  alive.add(handle);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop,
    start,
    async destroy() {
      alive.delete(handle);
      await stop('kill');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A private `redis-server` on a free port that keeps nothing on disk: a restart comes back empty.
 * @example const redis = await startPrivateRedis(); … await redis.stop('kill'); await redis.start();
 */
export async function startPrivateRedis(): Promise<PrivateServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'td-redis-'));
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const url = `redis://127.0.0.1:${port}`;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
    const c = child;
    exited = new Promise((resolve) => c.once('exit', () => resolve()));
    await until(async () => {
      const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      r.on('error', () => {});
      try {
        await r.connect();
        return (await r.ping()) === 'PONG';
      } finally {
        r.disconnect();
      }
    }, `redis-server on ${port}`, 10_000);
  };
  const stop = async (how: 'fast' | 'kill' = 'fast') => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(how === 'kill' ? 'SIGKILL' : 'SIGTERM');
    await exited;
  };
  await start();
  const handle = { kill: () => child?.kill('SIGKILL') };
  alive.add(handle);
  return {
    url, port, stop, start,
    async destroy() {
      alive.delete(handle);
      await stop('kill');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
