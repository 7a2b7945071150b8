// Builds and starts the whole application from a configuration: database, jobs, services, HTTP.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express from 'express';
import { migrate, openDb } from '../db/index.ts';
import { seedDemo, type DemoSeedResult } from '../db/seed/demo.ts';
import { agentConsoleRouter, attachAgentConsole } from '../channels/agent-console/index.ts';
import { operatorConsoleRouter } from '../channels/operator-console/index.ts';
import { appChannelRouter } from '../channels/app/index.ts';
import { attachWebChat, webChannelRouter } from '../channels/web/index.ts';
import { keepWechatInbox, wechatChannel, wechatPush } from '../channels/wechat/index.ts';
import { createEventBus } from './bot/events/index.ts';
import { createConversationLock } from './bot/lock/index.ts';
import { buildServices } from './compose.ts';
import { createChatModel } from './model/index.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import { todayIn } from './dates.ts';
import { createHttpApp } from './http/app.ts';
import { drainable } from './http/drain.ts';
import { errorHandler, notFound } from './http/errors.ts';
import { healthRouter } from './http/routers/health.ts';
import { createJobQueue } from './jobs/index.ts';
import { createLogger } from './logger.ts';
import { createMetrics, createRateLimits, observedJobs } from './observability/index.ts';
import { metricsRouter } from './http/routers/metrics.ts';
import { ensureAdmin } from './operators/index.ts';
import { deriveKeys, keptSecret, resolveDataKey } from './security/index.ts';
import type { Services } from './services.ts';
import { within } from './within.ts';

/**
 * What a process runs: `all` (HTTP and the job workers, `npm start`), `web` (HTTP; it enqueues jobs and runs web
 * and app turns in the request, but consumes no jobs) or `worker` (the job workers: WeChat turns, hold expiry,
 * waiting notices, sweeps; its HTTP server answers only `/healthz`, `/readyz` and `/metrics`).
 */
export type Role = 'all' | 'web' | 'worker';

/** A running application. */
export interface Running {
  services: Services;
  server: Server;
  url: string;
  role: Role;
  demo: DemoSeedResult | undefined;
  /**
   * The graceful stop: `/readyz` answers 503 and the server takes no new connections or requests; WebSockets close
   * (1001), event streams end; running requests, turns and jobs get `config.shutdownGraceMs` to finish, after which
   * jobs go back to the queue and connections are cut; then the pools and Redis connections close.
   */
  stop(): Promise<void>;
}

/** Options of {@link startApp}. */
export interface StartOptions {
  clock?: Clock;
  /** What this process runs; default `all`. */
  role?: Role;
  /** Run the job workers in this process (default true; `role: 'web'` is the same as false). */
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
  const role = opts.role ?? 'all';
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, max: config.databasePoolMax, applicationName: `tourdesk-${role}` });
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

  const prefix = config.redisPrefix;
  const metrics = createMetrics();
  const queue = observedJobs(createJobQueue({
    redisUrl: config.redisUrl,
    prefix,
    onError: (err, job) => logger.error({ err, job }, 'job failed'),
  }), metrics);
  // Accepted WeChat pushes are kept in PostgreSQL until answered, so a lost queue loses none of them.
  const jobs = config.wechat
    ? keepWechatInbox(queue, {
        db, clock,
        onRecovered: (count) => logger.warn({ count }, 'unanswered WeChat pushes queued again'),
        onError: (err) => logger.error({ err }, 'WeChat inbox sweep failed'),
      })
    : queue;
  const limits = createRateLimits({ ...config.rateLimits, redisUrl: config.redisUrl, prefix, onError: (err) => logger.warn({ err }, 'rate limits') });
  const events = createEventBus({ redisUrl: config.redisUrl, prefix, onError: (err) => logger.warn({ err }, 'event bus') });
  const lock = createConversationLock({ redisUrl: config.redisUrl, prefix, onError: (err) => logger.warn({ err }, 'conversation lock') });
  let url = config.publicUrl ?? `http://localhost:${config.port}`;
  const services = buildServices({
    config, db, clock, keys, logger, jobs, events, lock, model: createChatModel(config.llm), publicUrl: () => url,
    metrics, limits,
  });
  const wechat = wechatChannel(services, { prefix });
  if (wechat.client) services.agentDesk.pushVia('wechat', wechatPush(services, wechat.client));
  await services.booking.registerJobs(jobs);
  await services.agentDesk.registerJobs(jobs);
  wechat.registerJobs(jobs);
  if (role !== 'web' && opts.workers !== false) await jobs.start();

  const app = role === 'worker'
    ? healthOnly(services)
    : createHttpApp(services, [['/v1/app', appChannelRouter(services)], ['/', webChannelRouter(services)], ['/', agentConsoleRouter(services)], ['/', operatorConsoleRouter(services)]], [['/v1/wechat', wechat.router]]);
  const http = drainable(app);
  // Idle keep-alive connections outlive a load balancer's (nginx, cloud balancers: 60 s), so the balancer, never the
  // app, closes them: otherwise a request it sends on a connection the app is closing at that moment is reset.
  const server = createServer({ keepAliveTimeout: 65_000, headersTimeout: 66_000 }, http.listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const sockets = role === 'worker' ? [] : [attachWebChat(server, services), attachAgentConsole(server, services)];
  const { port } = server.address() as AddressInfo;
  url = config.publicUrl ?? `http://localhost:${port}`;

  let stopping: Promise<void> | undefined;
  return {
    services,
    server,
    url,
    role,
    demo,
    stop() {
      stopping ??= (async () => {
        const deadline = Date.now() + config.shutdownGraceMs;
        const left = () => Math.max(0, deadline - Date.now());
        // Taking no more requests: the listener and the sockets close (their clients reconnect to another
        // instance) and running requests finish. Then the workers stop fetching and their running jobs finish or go
        // back to the queue; the queues close last, since a running request or job may still enqueue. One grace.
        await Promise.all([http.drain(server, config.shutdownGraceMs), ...sockets.map((s) => s.close())]);
        await jobs.close({ graceMs: left() });
        // Turns still running outside a request or a job (a WebSocket's) finish within what is left of the grace.
        await within(lock.close(), left());
        // What was handed back may still hold a connection: closing waits a moment, never for ever.
        await within(wechat.close(), 2000);
        await within(events.close(), 2000);
        await within(limits.close(), 2000);
        await within(db.close(), 5000);
      })();
      return stopping;
    },
  };
}

/** The HTTP app of a worker process: liveness, readiness and its own metrics (turns, model, jobs), nothing public. */
function healthOnly(services: Services): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRouter(services));
  app.use(metricsRouter(services));
  app.use(notFound);
  app.use(errorHandler((err) => services.logger.error({ err }, 'unhandled error')));
  return app;
}
