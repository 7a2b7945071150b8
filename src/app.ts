// Builds and starts the whole application from a configuration: database, jobs, services, HTTP.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { migrate, openDb } from '../db/index.ts';
import { seedDemo, type DemoSeedResult } from '../db/seed/demo.ts';
import { agentConsoleRouter, attachAgentConsole } from '../channels/agent-console/index.ts';
import { appChannelRouter } from '../channels/app/index.ts';
import { attachWebChat, webChannelRouter } from '../channels/web/index.ts';
import { wechatChannel, wechatPush } from '../channels/wechat/index.ts';
import { createEventBus } from './bot/events/index.ts';
import { createConversationLock } from './bot/lock/index.ts';
import { buildServices } from './compose.ts';
import { createChatModel } from './model/index.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import { todayIn } from './dates.ts';
import { createHttpApp } from './http/app.ts';
import { createJobQueue } from './jobs/index.ts';
import { createLogger } from './logger.ts';
import { ensureAdmin } from './operators/index.ts';
import { deriveKeys, keptSecret, resolveDataKey } from './security/index.ts';
import type { Services } from './services.ts';

/** A running application. */
export interface Running {
  services: Services;
  server: Server;
  url: string;
  demo: DemoSeedResult | undefined;
  /** Stops taking requests, lets running ones and jobs finish, closes pools. */
  stop(): Promise<void>;
}

/** Options of {@link startApp}. */
export interface StartOptions {
  clock?: Clock;
  /** Run the job workers in this process (default true). */
  workers?: boolean;
}

/**
 * Opens everything the configuration names and starts listening.
 * @example const app = await startApp(loadConfig()); console.log(app.url);
 */
export async function startApp(configured: Config, opts: StartOptions = {}): Promise<Running> {
  let config = configured;
  const clock = opts.clock ?? systemClock;
  const logger = createLogger(config.logLevel);
  const keys = deriveKeys(await resolveDataKey(config.dataKey, config.dataDir));
  // Demo mode (embedded database) opens the app channel with a generated key, kept under DATA_DIR and printed.
  if (!config.appApiKey && !config.databaseUrl && config.seedDemo) {
    config = { ...config, appApiKey: await keptSecret(config.dataDir, 'app-api-key', () => `td_app_${randomBytes(18).toString('base64url')}`) };
  }
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const applied = await migrate(db);
  if (applied.length) logger.info({ applied }, 'database migrated');
  if (config.admin) await ensureAdmin(db, config.admin);
  const demo = config.seedDemo
    ? await seedDemo(db, {
        timeZone: config.hotelTimeZone,
        today: todayIn(config.hotelTimeZone, clock.now()),
        credentialsFile: config.databaseUrl ? undefined : join(config.dataDir, 'demo-logins.json'),
      })
    : undefined;

  const jobs = createJobQueue({
    redisUrl: config.redisUrl,
    onError: (err, job) => logger.error({ err, job }, 'job failed'),
  });
  const events = createEventBus({ redisUrl: config.redisUrl, onError: (err) => logger.warn({ err }, 'event bus') });
  const lock = createConversationLock({ redisUrl: config.redisUrl, onError: (err) => logger.warn({ err }, 'conversation lock') });
  let url = config.publicUrl ?? `http://localhost:${config.port}`;
  const services = buildServices({
    config, db, clock, keys, logger, jobs, events, lock, model: createChatModel(config.llm), publicUrl: () => url,
  });
  const wechat = wechatChannel(services);
  if (wechat.client) services.agentDesk.pushVia('wechat', wechatPush(services, wechat.client));
  await services.booking.registerJobs(jobs);
  await services.agentDesk.registerJobs(jobs);
  wechat.registerJobs(jobs);
  if (opts.workers !== false) await jobs.start();

  const app = createHttpApp(services, [['/v1/app', appChannelRouter(services)], ['/', webChannelRouter(services)], ['/', agentConsoleRouter(services)]], [['/v1/wechat', wechat.router]]);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const webChat = attachWebChat(server, services);
  const agentConsole = attachAgentConsole(server, services);
  const { port } = server.address() as AddressInfo;
  url = config.publicUrl ?? `http://localhost:${port}`;

  let stopping: Promise<void> | undefined;
  return {
    services,
    server,
    url,
    demo,
    stop() {
      stopping ??= (async () => {
        await webChat.close();
        await agentConsole.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await jobs.close();
        await wechat.close();
        await lock.close();
        await events.close();
        await db.close();
      })();
      return stopping;
    },
  };
}
