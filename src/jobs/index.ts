// The jobs port's face: the types, and createJobQueue choosing BullMQ (REDIS_URL) or the in-process driver.
import { createBullMqQueue } from './bullmq.ts';
import { createInProcessQueue } from './in-process.ts';
import type { JobErrorHandler, JobQueue } from './types.ts';

export * from './types.ts';
export { createBullMqQueue, type BullMqOptions } from './bullmq.ts';
export { createInProcessQueue, type InProcessOptions } from './in-process.ts';

/** Options of {@link createJobQueue}. */
export interface CreateJobQueueOptions {
  /** Set: jobs live in Redis through BullMQ. Unset: in this process, lost on restart. */
  redisUrl?: string;
  /** Redis key prefix (BullMQ only); default `tourdesk`. */
  prefix?: string;
  /** Told about failed attempts and connection errors; a failing job never throws out of the queue. */
  onError?: JobErrorHandler;
  /** First retry delay in ms, doubled on each later retry; default 1000 (tests make it small). */
  backoffMs?: number;
}

/**
 * The job queue for this configuration.
 * @example
 * const jobs = createJobQueue({ redisUrl: config.redisUrl, onError: (err, job) => logger.error({ err, job }, 'job failed') });
 * jobs.handle('expire-hold', async ({ code }: { code: string }) => booking.expireHold(code));
 * await jobs.start();
 */
export function createJobQueue(options: CreateJobQueueOptions = {}): JobQueue {
  const { redisUrl, prefix, onError, backoffMs } = options;
  return redisUrl ? createBullMqQueue({ redisUrl, prefix, onError, backoffMs }) : createInProcessQueue({ onError, backoffMs });
}
