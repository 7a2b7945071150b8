// The jobs port: one interface, a BullMQ driver (REDIS_URL) and an in-process driver (embedded default).

/** What a handler learns about the job it runs. */
export interface JobInfo {
  /** The caller's `jobId` as given (any string), or an id the driver generated; empty for an error outside any job. */
  id: string;
  name: string;
  /** 1 on the first run, 2 on the first retry, … (0 for an error outside any job). */
  attempt: number;
}

/** A job's handler. Delivery is at least once: handlers must be idempotent. */
export type JobHandler<T = unknown> = (data: T, job: JobInfo) => Promise<void>;

/**
 * Told about every failed attempt (retried or not) and about connection trouble; it must not throw.
 * @example const onError: JobErrorHandler = (err, job) => logger.error({ err, job }, 'job failed');
 */
export type JobErrorHandler = (err: unknown, job: JobInfo) => void;

/** Defaults both drivers share, so a job behaves the same on either. */
export const jobDefaults = {
  attempts: 5,
  /** First retry waits this long; each later one twice the one before. */
  backoffMs: 1000,
  /** How long a finished job's id still dedupes. */
  keepCompletedMs: 24 * 3600_000,
  keepFailedMs: 7 * 24 * 3600_000,
} as const;

/** Options of {@link JobQueue.enqueue}. */
export interface EnqueueOptions {
  /**
   * Jobs with the same id (and name) are one job while it is kept: waiting, delayed, running, and for a day
   * after it completed (a week after it failed). Any string works, e.g. `hold:${code}` or a channel's message id.
   */
  jobId?: string;
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number;
  /** Total tries before the job counts as failed; default 5, with exponential backoff. */
  attempts?: number;
}

/** Options of {@link JobQueue.close}. */
export interface CloseOptions {
  /** Longest wait for running jobs; default: as long as they take. */
  graceMs?: number;
}

/** Jobs by state, as {@link JobQueue.counts} reports them. */
export interface JobCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/** Options of {@link JobQueue.handle}. */
export interface HandleOptions {
  /** Jobs of this name run at most this many at once per worker; default 1. */
  concurrency?: number;
}

/**
 * A named-job queue.
 * @example
 * jobs.handle('expire-hold', async ({ code }) => booking.expireHold(code));
 * await jobs.start();
 * await jobs.enqueue('expire-hold', { code }, { jobId: `hold:${code}`, delayMs: 30 * 60_000 });
 */
export interface JobQueue {
  readonly driver: 'bullmq' | 'in-process';
  /** Registers the handler of jobs called `name`; call before {@link start}. */
  handle<T>(name: string, handler: JobHandler<T>, options?: HandleOptions): void;
  /** Adds a job; resolves once it is stored. A second job with the same `jobId` is dropped. */
  enqueue<T>(name: string, data: T, options?: EnqueueOptions): Promise<void>;
  /**
   * Runs job `name` (with `{}` as data, one try) every `everyMs` milliseconds, one run at a time across every
   * instance. It is an upsert: call it at boot in every process that handles `name`, before or after {@link start}.
   */
  repeat(name: string, everyMs: number): Promise<void>;
  /** Starts the workers of the registered handlers (a web-only process may never call it). */
  start(): Promise<void>;
  /** Resolves when the backing store answers; rejects otherwise. */
  ping(): Promise<void>;
  /** How many jobs of this queue's names wait, run, are delayed or failed (kept) right now: the queue depth. */
  counts(): Promise<JobCounts>;
  /**
   * Stops taking jobs, waits for running ones, closes connections. Calling it again waits for the same close.
   * With `graceMs`, jobs still running after that long are handed back (BullMQ: to the queue at once, for another
   * worker; in-process: left to the next start's recovery) and the close goes on without them.
   */
  close(options?: CloseOptions): Promise<void>;
}
