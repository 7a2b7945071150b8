// Jobs on Redis through BullMQ: one Queue and one Worker per job name, so concurrency is per name.
import { Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { AppError } from '../errors.ts';
import { jobDefaults, type JobErrorHandler, type JobHandler, type JobInfo, type JobQueue } from './types.ts';

/** Options of {@link createBullMqQueue}. */
export interface BullMqOptions {
  redisUrl: string;
  /** Namespace of every key; default `tourdesk`. Tests give each file its own. */
  prefix?: string;
  onError?: JobErrorHandler;
  /** First retry delay; default {@link jobDefaults}.backoffMs. */
  backoffMs?: number;
}

// BullMQ refuses a queue name with ':', and a custom job id that parses as an integer or holds ':' (bullmq
// 6.7 job.js validate). Escaping '%' and ':' and prefixing ids with a letter keeps every caller id usable,
// one-to-one (so dedupe still works), and reversible (so handlers see the id they were given).
const escape = (s: string): string => s.replace(/[%:]/g, (c) => (c === '%' ? '%25' : '%3A'));
const unescape = (s: string): string => s.replace(/%(25|3A)/g, (_, hex: string) => (hex === '25' ? '%' : ':'));
const toBullId = (id: string): string => `j-${escape(id)}`;
const fromBullId = (id: string): string => (id.startsWith('j-') ? unescape(id.slice(2)) : id);
const queueName = (name: string): string => escape(name);
// Escaped names never hold "%r", so a repeat's own queue cannot meet a job name's queue.
const repeatQueueName = (name: string): string => `${escape(name)}%repeat`;

const info = (job: Job): JobInfo => ({ id: fromBullId(job.id ?? ''), name: job.name, attempt: job.attemptsMade + 1 });
const outside = (name: string): JobInfo => ({ id: '', name, attempt: 0 });
const seconds = (ms: number): number => Math.round(ms / 1000);

/**
 * A {@link JobQueue} on Redis. Jobs survive restarts and are shared by every instance with the same prefix.
 * @example
 * const jobs = createBullMqQueue({ redisUrl: 'redis://127.0.0.1:6379', onError: (err, job) => log.error({ err, job }) });
 */
export function createBullMqQueue(options: BullMqOptions): JobQueue {
  const prefix = options.prefix ?? 'tourdesk';
  const report = (err: unknown, job: JobInfo): void => {
    try {
      options.onError?.(err, job);
    } catch {
      // A broken error reporter must not take the process down.
    }
  };
  // Shared by every Queue and ping(); unlike a worker's, it gives up on a command after a few reconnects so a
  // web request or a health check fails instead of hanging while Redis is away.
  const client = new Redis(options.redisUrl, { maxRetriesPerRequest: 3 });
  client.on('error', (err) => report(err, outside('redis')));
  // Workers block on Redis, so BullMQ needs maxRetriesPerRequest null; given options, it opens and closes them.
  const workerConnection = { url: options.redisUrl, maxRetriesPerRequest: null };
  const defaultJobOptions: JobsOptions = {
    attempts: jobDefaults.attempts,
    backoff: { type: 'exponential', delay: options.backoffMs ?? jobDefaults.backoffMs },
    // Kept jobs are what makes a repeated jobId a no-op; removed at once they would run again.
    removeOnComplete: { age: seconds(jobDefaults.keepCompletedMs) },
    removeOnFail: { age: seconds(jobDefaults.keepFailedMs) },
  };
  const handlers = new Map<string, { handler: JobHandler; concurrency: number }>();
  const queues = new Map<string, Queue>();
  const workers = new Map<string, Worker>();
  const repeated = new Set<string>();
  let started = false;
  let closing: Promise<void> | undefined;
  let closed = false; // set once no running handler is left to enqueue a follow-up

  const queueFor = (qname: string): Queue => {
    let q = queues.get(qname);
    if (!q) {
      q = new Queue(qname, { connection: client, prefix, defaultJobOptions });
      q.on('error', (err) => report(err, outside(qname)));
      queues.set(qname, q);
    }
    return q;
  };

  const startWorker = async (qname: string, name: string, concurrency: number): Promise<void> => {
    const h = handlers.get(name);
    if (!h || workers.has(qname) || closing) return;
    const worker = new Worker(qname, async (job: Job) => h.handler(job.data, info(job)), {
      connection: workerConnection,
      prefix,
      concurrency,
      // Jobs here are short (chat turns, hold expiries): a killed worker's job should come back in seconds,
      // not the minute the defaults allow.
      lockDuration: 30_000,
      stalledInterval: 15_000,
    });
    // By 'failed', BullMQ has already counted the failed attempt in attemptsMade.
    worker.on('failed', (job, err) => {
      report(err, job ? { ...info(job), attempt: Math.max(1, job.attemptsMade) } : outside(name));
    });
    worker.on('error', (err) => report(err, outside(name)));
    workers.set(qname, worker);
    await worker.waitUntilReady();
  };

  const assertOpen = (): void => {
    if (closed) throw new AppError('unavailable', 'The job queue is closed.');
  };

  return {
    driver: 'bullmq',

    handle(name, handler, opts = {}) {
      const concurrency = Math.max(1, opts.concurrency ?? 1);
      handlers.set(name, { handler: handler as JobHandler, concurrency });
      // Late registration works as in-process does; its failure to connect is reported, not thrown.
      if (started) startWorker(queueName(name), name, concurrency).catch((err: unknown) => report(err, outside(name)));
    },

    async enqueue(name, data, opts = {}) {
      assertOpen();
      // Only set keys: an explicit undefined would override the queue's defaults.
      const jobOpts: JobsOptions = {};
      if (opts.jobId !== undefined) jobOpts.jobId = toBullId(opts.jobId);
      if (opts.delayMs !== undefined) jobOpts.delay = Math.max(0, opts.delayMs);
      if (opts.attempts !== undefined) jobOpts.attempts = Math.max(1, opts.attempts);
      await queueFor(queueName(name)).add(name, data, jobOpts);
    },

    async repeat(name, everyMs) {
      assertOpen();
      // A scheduler queues its next run when the current one starts, so a slow run could overlap the next on
      // another instance: a queue of its own with a global concurrency of 1 keeps them one at a time.
      const q = queueFor(repeatQueueName(name));
      await q.setGlobalConcurrency(1);
      await q.upsertJobScheduler(escape(name), { every: everyMs }, {
        name,
        data: {},
        // The next tick is the retry; a backoff retry could only collide with it.
        opts: { attempts: 1, removeOnComplete: { count: 100 }, removeOnFail: { count: 1000 } },
      });
      repeated.add(name);
      if (started) await startWorker(repeatQueueName(name), name, 1);
    },

    async start() {
      assertOpen();
      started = true;
      await Promise.all([
        ...[...handlers].map(([name, h]) => startWorker(queueName(name), name, h.concurrency)),
        ...[...repeated].map((name) => startWorker(repeatQueueName(name), name, 1)),
      ]);
    },

    async ping() {
      assertOpen();
      await client.ping();
    },

    close() {
      closing ??= (async () => {
        // Workers first: their close waits for running jobs, which may still enqueue through the queues.
        await Promise.allSettled([...workers.values()].map((w) => w.close()));
        closed = true;
        await Promise.allSettled([...queues.values()].map((q) => q.close()));
        if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
        else client.disconnect();
      })();
      return closing;
    },
  };
}
