// Jobs on Redis through BullMQ: one Queue and one Worker per job name, so concurrency is per name.
import { Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { AppError } from '../errors.ts';
import { within } from '../within.ts';
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
 * How long a worker's lock on a job lasts (renewed at half of it while the job runs), and how often workers look for
 * jobs whose lock ran out: a killed worker's jobs run again elsewhere within about the sum, seconds rather than the
 * minute of BullMQ's defaults. A lock must outlast the longest pause of the event loop, not the longest job.
 */
export const bullMqTimings = { lockDurationMs: 10_000, stalledIntervalMs: 5_000, maxStalledCount: 2 } as const;

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
  // Schedulers live in Redis: one that restarted without persistence comes back without them, so each reconnect
  // upserts them again (an upsert of a scheduler that is there changes nothing).
  let connectedBefore = false;
  client.on('ready', () => {
    if (connectedBefore) for (const [name, everyMs] of repeated) schedule(name, everyMs).catch((err: unknown) => report(err, outside(name)));
    connectedBefore = true;
  });
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
  const repeated = new Map<string, number>(); // name → every ms
  // Jobs running in this process, with the lock token a hand-back needs.
  const active = new Set<{ job: Job; token: string | undefined }>();
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

  const schedule = async (name: string, everyMs: number): Promise<void> => {
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
  };

  const startWorker = async (qname: string, name: string, concurrency: number): Promise<void> => {
    const h = handlers.get(name);
    if (!h || workers.has(qname) || closing) return;
    const processor = async (job: Job, token?: string) => {
      const entry = { job, token };
      active.add(entry);
      try {
        return await h.handler(job.data, info(job));
      } finally {
        active.delete(entry);
      }
    };
    const worker = new Worker(qname, processor, {
      connection: workerConnection,
      prefix,
      concurrency,
      lockDuration: bullMqTimings.lockDurationMs,
      stalledInterval: bullMqTimings.stalledIntervalMs,
      maxStalledCount: bullMqTimings.maxStalledCount,
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
      await schedule(name, everyMs);
      repeated.set(name, everyMs);
      if (started) await startWorker(repeatQueueName(name), name, 1);
    },

    async start() {
      assertOpen();
      started = true;
      await Promise.all([
        ...[...handlers].map(([name, h]) => startWorker(queueName(name), name, h.concurrency)),
        ...[...repeated.keys()].map((name) => startWorker(repeatQueueName(name), name, 1)),
      ]);
    },

    async ping() {
      assertOpen();
      await client.ping();
    },

    async counts() {
      assertOpen();
      const names = new Set([...[...handlers.keys()].map(queueName), ...queues.keys()]);
      const all = await Promise.all([...names].map((q) => queueFor(q).getJobCounts('waiting', 'active', 'delayed', 'failed')));
      const sum = (k: string) => all.reduce((n, c) => n + (c[k] ?? 0), 0);
      return { waiting: sum('waiting'), active: sum('active'), delayed: sum('delayed'), failed: sum('failed') };
    },

    close(opts = {}) {
      closing ??= (async () => {
        // Workers first: their close stops fetching and waits for running jobs, which may still enqueue through the
        // queues. Past the grace, what still runs goes back to the queue for another worker to run now.
        const finished = Promise.allSettled([...workers.values()].map((w) => w.close()));
        if (opts.graceMs === undefined) await finished;
        else if (!(await within(finished, opts.graceMs))) {
          await Promise.allSettled(
            [...active].map(async ({ job, token }) => {
              await job.moveToWait(token);
              report(new Error('handed back to the queue at shutdown'), info(job));
            }),
          );
        }
        closed = true;
        await Promise.allSettled([...queues.values()].map((q) => q.close()));
        if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
        else client.disconnect();
      })();
      return closing;
    },
  };
}
