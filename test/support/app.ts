// The whole application over a test database, with a pinned clock and in-process jobs.
import { randomBytes } from 'node:crypto';
import type express from 'express';
import { BookingService } from '../../src/booking/index.ts';
import { FixedClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { createJobQueue } from '../../src/jobs/index.ts';
import { createLogger } from '../../src/logger.ts';
import { OperatorService } from '../../src/operators/index.ts';
import { deriveKeys } from '../../src/security/index.ts';
import type { Services } from '../../src/services.ts';
import { TravellerService } from '../../src/travellers/index.ts';
import { TEST_NOW } from './builders.ts';
import { createTestDb, type TestDb } from './db.ts';

/** The application under test. */
export interface TestApp {
  services: Services;
  app: express.Express;
  clock: FixedClock;
  testDb: TestDb;
  close(): Promise<void>;
}

export { TEST_NOW };

/**
 * Builds the services and the express app on a fresh database.
 * @example const t = await startTestApp(); afterAll(() => t.close());
 */
export async function startTestApp(opts: { poolSize?: number; startJobs?: boolean; sweepEveryMs?: number } = {}): Promise<TestApp> {
  const testDb = await createTestDb({ poolSize: opts.poolSize });
  const clock = new FixedClock(TEST_NOW);
  const config = loadConfig({ DATA_KEY: randomBytes(32).toString('base64'), LOG_LEVEL: 'silent', PORT: '0' });
  const keys = deriveKeys(config.dataKey!);
  const logger = createLogger('silent');
  const jobs = createJobQueue({});
  const db = testDb.db;
  const booking = new BookingService({ db, clock, keys, timeZone: config.hotelTimeZone, jobs, sweepEveryMs: opts.sweepEveryMs });
  const services: Services = {
    config, db, clock, keys, logger, jobs, booking,
    operators: new OperatorService({ db, clock, keys, timeZone: config.hotelTimeZone }),
    travellers: new TravellerService({ db, keys, clock }),
  };
  if (opts.startJobs) {
    await booking.registerJobs(jobs);
    await jobs.start();
  }
  return {
    services,
    app: createHttpApp(services),
    clock,
    testDb,
    async close() {
      await jobs.close();
      await testDb.drop();
    },
  };
}
