// The job queue's depth and failures as /metrics reads them, on both drivers: counts() by state, failures by job name.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBullMqQueue, createInProcessQueue, type JobQueue } from '../../src/jobs/index.ts';
import { createMetrics, logContext, observedJobs } from '../../src/observability/index.ts';

const drivers: Array<[string, (() => JobQueue) | undefined]> = [
  ['in-process', () => createInProcessQueue({ backoffMs: 10 })],
  ['bullmq', process.env.REDIS_URL ? () => createBullMqQueue({ redisUrl: process.env.REDIS_URL!, prefix: `td-mq-${randomBytes(4).toString('hex')}`, backoffMs: 10 }) : undefined],
];
if (!process.env.REDIS_URL) console.log('metrics-queue.test.ts: REDIS_URL is unset, so the BullMQ driver is skipped');

const open: JobQueue[] = [];
afterEach(async () => {
  for (const q of open.splice(0)) await q.close();
});

/** The value of one series in the scraped text, 0 when absent. */
async function value(metrics: ReturnType<typeof createMetrics>, series: string): Promise<number> {
  const line = (await metrics.registry.metrics()).split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe.each(drivers)('%s', (_name, make) => {
  it.skipIf(!make)('counts waiting and delayed jobs, and the depth gauge reads them at scrape time', async () => {
    const metrics = createMetrics();
    const jobs = observedJobs(make!(), metrics);
    open.push(jobs);
    jobs.handle('later', async () => undefined);
    await jobs.enqueue('later', { n: 1 }, { jobId: 'a' });
    await jobs.enqueue('later', { n: 2 }, { jobId: 'b' });
    await jobs.enqueue('later', { n: 3 }, { jobId: 'c', delayMs: 60_000 });
    // Not started: nothing runs, so the two undelayed jobs wait.
    await vi.waitFor(async () => expect(await jobs.counts()).toMatchObject({ waiting: 2, delayed: 1, active: 0 }), { timeout: 5000 });
    expect(await value(metrics, 'tourdesk_job_queue_depth{state="waiting"}')).toBe(2);
    expect(await value(metrics, 'tourdesk_job_queue_depth{state="delayed"}')).toBe(1);
  });

  it.skipIf(!make)('counts each failed attempt by job name, and runs handlers with their job id in the log context', async () => {
    const metrics = createMetrics();
    const jobs = observedJobs(make!(), metrics);
    open.push(jobs);
    const seen: Array<Record<string, unknown>> = [];
    jobs.handle('flaky', async () => {
      seen.push({ ...logContext() });
      throw new Error('always fails');
    });
    await jobs.start();
    await jobs.enqueue('flaky', {}, { jobId: 'flaky-1', attempts: 3 });
    await vi.waitFor(async () => expect(await value(metrics, 'tourdesk_job_failures_total{job="flaky"}')).toBe(3), { timeout: 10_000 });
    expect(seen[0]).toMatchObject({ jobId: 'flaky-1', job: 'flaky' });
    await vi.waitFor(async () => expect((await jobs.counts()).failed).toBe(1), { timeout: 5000 });
  });
});
