// The whole application over a test database, with a pinned clock, in-process jobs and a chosen model.
import { randomBytes } from 'node:crypto';
import type express from 'express';
import { agentConsoleRouter } from '../../channels/agent-console/index.ts';
import { operatorConsoleRouter } from '../../channels/operator-console/index.ts';
import { appChannelRouter } from '../../channels/app/index.ts';
import { webChannelRouter } from '../../channels/web/index.ts';
import { wechatChannel } from '../../channels/wechat/index.ts';
import { createEventBus } from '../../src/bot/events/index.ts';
import { wechatPush } from '../../channels/wechat/index.ts';
import { createConversationLock } from '../../src/bot/lock/index.ts';
import { FixedClock } from '../../src/clock.ts';
import { buildServices } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { createJobQueue } from '../../src/jobs/index.ts';
import { createLogger } from '../../src/logger.ts';
import { createChatModel, type ChatModel } from '../../src/model/index.ts';
import { createMetrics, createRateLimits, observedJobs, type RateLimitOptions } from '../../src/observability/index.ts';
import { deriveKeys } from '../../src/security/index.ts';
import type { Services } from '../../src/services.ts';
import { TEST_NOW } from './builders.ts';
import { createTestDb, type TestDb } from './db.ts';

export { TEST_NOW };

/** The application under test. */
export interface TestApp {
  services: Services;
  app: express.Express;
  clock: FixedClock;
  testDb: TestDb;
  close(): Promise<void>;
}

/** The app-channel key of test apps. */
export const TEST_APP_KEY = 'test-app-key-0123456789abcdef';

/** Options of {@link startTestApp}. */
export interface TestAppOptions {
  poolSize?: number;
  startJobs?: boolean;
  sweepEveryMs?: number;
  /** A model to use; by default one from `env` (LLM_BASE_URL…), else none configured. */
  model?: ChatModel;
  /** Extra environment, e.g. `{ LLM_BASE_URL: fake.url }`. */
  env?: Record<string, string>;
  /** Use Redis (REDIS_URL) for the conversation lock and events, as several instances would. */
  redis?: boolean;
  /**
   * Rate limits (in Redis with `redis`). Default: off, as `RATE_LIMIT_*_PER_MINUTE=0` in `env` (tests send bursts
   * from one address); set `env` or this to test them.
   */
  limits?: Partial<Pick<RateLimitOptions, 'ipPerMinute' | 'travellerPerMinute' | 'windowSeconds' | 'prefix'>>;
  /** The logger's level and where it writes (default silent). */
  log?: { level: string; destination: NodeJS.WritableStream };
}

/**
 * Builds the services and the express app on a fresh database.
 * @example const t = await startTestApp(); afterAll(() => t.close());
 */
export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const testDb = await createTestDb({ poolSize: opts.poolSize });
  const clock = new FixedClock(TEST_NOW);
  const config = loadConfig({
    DATA_KEY: randomBytes(32).toString('base64'), LOG_LEVEL: 'silent', PORT: '0', APP_API_KEY: TEST_APP_KEY,
    PUBLIC_URL: 'https://tourdesk.test', RATE_LIMIT_IP_PER_MINUTE: '0', RATE_LIMIT_TRAVELLER_PER_MINUTE: '0', ...opts.env,
  });
  const keys = deriveKeys(config.dataKey!);
  const logger = opts.log ? createLogger(opts.log.level, opts.log.destination) : createLogger('silent');
  const redisUrl = opts.redis ? process.env.REDIS_URL : undefined;
  const prefix = `td-test-${randomBytes(4).toString('hex')}`;
  const metrics = createMetrics();
  const jobs = observedJobs(createJobQueue({}), metrics);
  const limits = createRateLimits({ ...config.rateLimits, prefix, ...opts.limits, redisUrl });
  const events = createEventBus({ redisUrl, prefix });
  const lock = createConversationLock({ redisUrl, prefix });
  const services = buildServices({
    config, db: testDb.db, clock, keys, logger, jobs, events, lock,
    model: opts.model ?? createChatModel(config.llm, { timeoutMs: 5000, maxRetries: 1 }),
    publicUrl: () => config.publicUrl!, sweepEveryMs: opts.sweepEveryMs, metrics, limits,
  });
  const wechat = wechatChannel(services);
  if (wechat.client) services.agentDesk.pushVia('wechat', wechatPush(services, wechat.client));
  wechat.registerJobs(jobs);
  if (opts.startJobs) {
    await services.booking.registerJobs(jobs);
    await jobs.start();
  }
  return {
    services,
    app: createHttpApp(services, [['/v1/app', appChannelRouter(services)], ['/', webChannelRouter(services)], ['/', agentConsoleRouter(services)], ['/', operatorConsoleRouter(services)]], [['/v1/wechat', wechat.router]]),
    clock,
    testDb,
    async close() {
      await jobs.close();
      await wechat.close();
      await lock.close();
      await events.close();
      await limits.close();
      await testDb.drop();
    },
  };
}
