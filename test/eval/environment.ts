// The application an evaluation talks to: a fresh database with the demo seeded at a pinned clock, served over HTTP.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appChannelRouter } from '../../channels/app/index.ts';
import { migrate, openPglite, openPostgres, type Db } from '../../db/index.ts';
import { seedDemo } from '../../db/seed/index.ts';
import { createEventBus } from '../../src/bot/events/index.ts';
import { createConversationLock } from '../../src/bot/lock/index.ts';
import { FixedClock } from '../../src/clock.ts';
import { buildServices } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import { todayIn } from '../../src/dates.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { createJobQueue } from '../../src/jobs/index.ts';
import { createLogger } from '../../src/logger.ts';
import { createChatModel, type ChatModel } from '../../src/model/index.ts';
import { deriveKeys } from '../../src/security/index.ts';
import type { Services } from '../../src/services.ts';

/** "Now" of every evaluation: 10:00 on Tuesday 2026-12-01 in Asia/Shanghai. Scenarios' dates are read against it. */
export const EVAL_NOW = '2026-12-01T02:00:00Z';

/** Options of {@link openEnvironment}. */
export interface EnvironmentOptions {
  /** Where DATABASE_URL and LLM_BASE_URL / LLM_API_KEY / LLM_MODEL are read; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** The concierge; default the model the environment names (the offline model without LLM_BASE_URL). */
  model?: ChatModel;
  /** Seed only this many of the 1,133 Beijing hotels (faster; the scenarios pass either way). */
  beijingLimit?: number;
  /** Nights of inventory from today; default 180. */
  nights?: number;
}

/** A running application for an evaluation. */
export interface Environment {
  services: Services;
  db: Db;
  clock: FixedClock;
  /** Base URL of the HTTP server (loopback). */
  url: string;
  /** The app channel's server key. */
  appKey: string;
  /** `PostgreSQL` (a database of its own) or `embedded PGlite`. */
  engine: string;
  model: ChatModel;
  /** The configured model's name (LLM_MODEL), or `offline`. */
  modelName: string;
  close(): Promise<void>;
}

interface OpenedDb {
  db: Db;
  engine: string;
  drop(): Promise<void>;
}

/** A new database: its own on the server of DATABASE_URL (dropped afterwards), else PGlite in a temporary directory. */
async function freshDatabase(base: string | undefined): Promise<OpenedDb> {
  if (!base) {
    const dir = await mkdtemp(join(tmpdir(), 'tourdesk-eval-'));
    const db = await openPglite(dir);
    return { db, engine: 'embedded PGlite', drop: async () => { await db.close(); await rm(dir, { recursive: true, force: true }); } };
  }
  const name = `td_eval_${randomBytes(6).toString('hex')}`;
  const admin = openPostgres(base, { max: 1 });
  try {
    await admin.exec(`CREATE DATABASE ${name}`);
  } finally {
    await admin.close();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  const db = openPostgres(url.toString(), { max: 10, applicationName: 'tourdesk-eval' });
  return {
    db,
    engine: 'PostgreSQL',
    async drop() {
      await db.close();
      const a = openPostgres(base, { max: 1 });
      try {
        await a.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await a.close();
      }
    },
  };
}

/**
 * Opens a fresh database, migrates it, seeds the demo hotels at {@link EVAL_NOW}, and serves the app channel on
 * loopback. Jobs run in-process and are not started (holds do not expire while the clock stands still).
 * @example const env = await openEnvironment(); try { … } finally { await env.close(); }
 */
export async function openEnvironment(opts: EnvironmentOptions = {}): Promise<Environment> {
  const env = opts.env ?? process.env;
  const appKey = `eval-${randomBytes(12).toString('hex')}`;
  const config = loadConfig({
    DATA_KEY: randomBytes(32).toString('base64'), LOG_LEVEL: 'silent', PORT: '0', APP_API_KEY: appKey,
    PUBLIC_URL: 'https://tourdesk.eval', TZ_HOTELS: 'Asia/Shanghai',
    ...(env.LLM_BASE_URL && { LLM_BASE_URL: env.LLM_BASE_URL }),
    ...(env.LLM_API_KEY && { LLM_API_KEY: env.LLM_API_KEY }),
    ...(env.LLM_MODEL && { LLM_MODEL: env.LLM_MODEL }),
  });
  const opened = await freshDatabase(env.DATABASE_URL || undefined);
  const clock = new FixedClock(EVAL_NOW);
  const closers: Array<() => Promise<void>> = [opened.drop];
  let closing: Promise<void> | undefined;
  // Newest first (the server, then jobs and buses, then the database); once, however often it is called.
  const close = () => (closing ??= (async () => {
    for (const c of [...closers].reverse()) await c().catch(() => undefined);
  })());
  try {
    await migrate(opened.db);
    await seedDemo(opened.db, {
      timeZone: config.hotelTimeZone, today: todayIn(config.hotelTimeZone, clock.now()), nights: opts.nights,
      beijingLimit: opts.beijingLimit,
    });
    const model = opts.model ?? createChatModel(config.llm, { timeoutMs: 60_000, maxRetries: 2 });
    const jobs = createJobQueue({});
    const events = createEventBus({});
    const lock = createConversationLock({});
    closers.push(() => jobs.close(), () => events.close(), () => lock.close());
    const services = buildServices({
      config, db: opened.db, clock, keys: deriveKeys(config.dataKey!), logger: createLogger('silent'), jobs, events, lock,
      model, publicUrl: () => config.publicUrl!,
    });
    const app = createHttpApp(services, [['/v1/app', appChannelRouter(services)]]);
    const server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
    });
    closers.push(() => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
      services, db: opened.db, clock, url, appKey, engine: opened.engine, model,
      modelName: config.llm ? config.llm.model : model.name,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
