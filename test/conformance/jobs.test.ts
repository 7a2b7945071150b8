// Runs the jobs conformance suite on the in-process driver always, and on BullMQ when REDIS_URL is set.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect } from 'vitest';
import { createJobQueue } from '../../src/jobs/index.ts';
import { jobQueueConformance } from './jobs.case.ts';

// Small backoff so a retry comes in tens of milliseconds instead of a second.
const backoffMs = 20;
const redisUrl = process.env.REDIS_URL;

describe('in-process jobs', () => {
  jobQueueConformance((options) => createJobQueue({ ...options, backoffMs }));
});

if (!redisUrl) console.log('BullMQ conformance skipped: REDIS_URL is unset');

describe.skipIf(!redisUrl)('BullMQ jobs', () => {
  // Every queue gets a prefix of its own under this run's, so tests and parallel runs never share a key.
  const runPrefix = `test-jobs-${randomUUID().slice(0, 8)}`;
  let n = 0;

  afterAll(async () => {
    const redis = new Redis(redisUrl ?? '');
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${runPrefix}-*`, 'COUNT', 1000);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      await redis.quit();
    }
    // vitest exits 0 even when a connection leaks, so look: every worker, queue and client must be closed.
    const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    for (let i = 0; i < 100 && sockets() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sockets()).toBe(0);
  });

  jobQueueConformance((options) => createJobQueue({ ...options, redisUrl, prefix: `${runPrefix}-${++n}`, backoffMs }));
});
