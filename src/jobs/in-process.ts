// In-process jobs for the embedded default: timers and memory, so waiting and delayed jobs are lost on restart.
import { AppError } from '../errors.ts';
import { within } from '../within.ts';
import { jobDefaults, type HandleOptions, type JobErrorHandler, type JobHandler, type JobInfo, type JobQueue } from './types.ts';

/** Options of {@link createInProcessQueue}. */
export interface InProcessOptions {
  onError?: JobErrorHandler;
  /** First retry delay; default {@link jobDefaults}.backoffMs. */
  backoffMs?: number;
  /** How many finished job ids to remember for dedupe at most; default 10 000. */
  keepMax?: number;
}

interface Job extends JobInfo {
  /** Dedupe key, for jobs enqueued with a `jobId`. */
  key?: string;
  data: unknown;
  attempts: number;
  /** Called once the job is done for good (succeeded or out of attempts). */
  settled?: () => void;
}

interface Lane {
  handler?: JobHandler;
  concurrency: number;
  running: number;
  ready: Job[];
}

interface Repeat {
  everyMs: number;
  timer?: NodeJS.Timeout;
  busy: boolean;
}

/**
 * A {@link JobQueue} in this process, with BullMQ's semantics (dedupe, delay, retries with backoff, per-name
 * concurrency) but no durability.
 * @example
 * const jobs = createInProcessQueue({ onError: (err, job) => logger.error({ err, job }, 'job failed') });
 */
export function createInProcessQueue(options: InProcessOptions = {}): JobQueue {
  const backoffMs = options.backoffMs ?? jobDefaults.backoffMs;
  const keepMax = options.keepMax ?? 10_000;
  const lanes = new Map<string, Lane>();
  const repeats = new Map<string, Repeat>();
  const live = new Set<string>(); // keys of waiting, delayed and running jobs
  const done = new Map<string, number>(); // key → when it may be forgotten, oldest first
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let seq = 0;
  let failedCount = 0; // jobs out of attempts, for counts()
  let started = false;
  let closing: Promise<void> | undefined;
  let closed = false; // set once no running handler is left to enqueue a follow-up

  const lane = (name: string): Lane => {
    let l = lanes.get(name);
    if (!l) lanes.set(name, (l = { concurrency: 1, running: 0, ready: [] }));
    return l;
  };

  // Unref'd: a pending job must not keep a finished process (or a test run) alive. Once closing, nothing new
  // is timed: a follow-up a last handler enqueues is dropped like any other waiting job.
  const later = (ms: number, fn: () => void): NodeJS.Timeout | undefined => {
    if (closing) return;
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    t.unref();
    timers.add(t);
    return t;
  };

  const report = (err: unknown, job: JobInfo): void => {
    try {
      options.onError?.(err, job);
    } catch {
      // A broken error reporter must not take the process down either.
    }
  };

  const isKept = (key: string): boolean => {
    if (live.has(key)) return true;
    const until = done.get(key);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    done.delete(key);
    return false;
  };

  const finish = (job: Job, keepMs: number): void => {
    if (job.key !== undefined) {
      live.delete(job.key);
      done.delete(job.key);
      done.set(job.key, Date.now() + keepMs);
      const now = Date.now();
      for (const [key, until] of done) {
        if (done.size <= keepMax && until > now) break;
        done.delete(key);
      }
    }
    job.settled?.();
  };

  const run = async (job: Job, handler: JobHandler): Promise<void> => {
    try {
      await handler(job.data, { id: job.id, name: job.name, attempt: job.attempt });
      finish(job, jobDefaults.keepCompletedMs);
    } catch (err) {
      report(err, { id: job.id, name: job.name, attempt: job.attempt });
      if (job.attempt < job.attempts && !closing) {
        later(backoffMs * 2 ** (job.attempt - 1), () => enqueueReady({ ...job, attempt: job.attempt + 1 }));
      } else {
        failedCount++;
        finish(job, jobDefaults.keepFailedMs);
      }
    }
  };

  const pump = (name: string): void => {
    const l = lanes.get(name);
    if (!started || closing || !l?.handler) return;
    while (l.running < l.concurrency && l.ready.length > 0) {
      const job = l.ready.shift() as Job;
      l.running++;
      const p: Promise<void> = run(job, l.handler).finally(() => {
        running.delete(p);
        l.running--;
        pump(name);
      });
      running.add(p);
    }
  };

  const enqueueReady = (job: Job): void => {
    lane(job.name).ready.push(job);
    pump(job.name);
  };

  const scheduleRepeat = (name: string, r: Repeat): void => {
    if (r.timer) {
      clearTimeout(r.timer);
      timers.delete(r.timer);
    }
    r.timer = later(r.everyMs, () => {
      r.timer = undefined;
      r.busy = true;
      const settled = () => {
        r.busy = false;
        if (!closing) scheduleRepeat(name, r);
      };
      enqueueReady({ id: `repeat:${name}:${Date.now()}`, name, attempt: 1, attempts: 1, data: {}, settled });
    });
  };

  const assertOpen = (): void => {
    if (closed) throw new AppError('unavailable', 'The job queue is closed.');
  };

  return {
    driver: 'in-process',

    handle<T>(name: string, handler: JobHandler<T>, opts: HandleOptions = {}): void {
      const l = lane(name);
      l.handler = handler as JobHandler;
      l.concurrency = Math.max(1, opts.concurrency ?? 1);
      pump(name);
    },

    async enqueue(name, data, opts = {}) {
      assertOpen();
      let key: string | undefined;
      if (opts.jobId !== undefined) {
        key = `${name}\u0000${opts.jobId}`; // ids are per name, as BullMQ's are per queue
        if (isKept(key)) return;
        live.add(key);
      }
      // The JSON round trip BullMQ makes: handlers get plain data on either driver, never the caller's object.
      const copy: unknown = data === undefined ? undefined : JSON.parse(JSON.stringify(data));
      const attempts = Math.max(1, opts.attempts ?? jobDefaults.attempts);
      const job: Job = { key, id: opts.jobId ?? `${++seq}`, name, data: copy, attempt: 1, attempts };
      // Even an undelayed job waits for a timer, so a handler never runs inside the enqueue call.
      later(Math.max(0, opts.delayMs ?? 0), () => enqueueReady(job));
    },

    async repeat(name, everyMs) {
      assertOpen();
      const r = repeats.get(name) ?? { everyMs, busy: false };
      r.everyMs = everyMs;
      repeats.set(name, r);
      if (!r.busy) scheduleRepeat(name, r); // a busy repeat picks the new interval up when its run ends
    },

    async start() {
      assertOpen();
      started = true;
      for (const name of lanes.keys()) pump(name);
    },

    async ping() {
      assertOpen();
    },

    async counts() {
      let waiting = 0;
      let active = 0;
      for (const l of lanes.values()) {
        waiting += l.ready.length;
        active += l.running;
      }
      // Every job waits for a timer before it is ready (delays and retry backoffs); repeats' own timers are not jobs.
      const repeatTimers = [...repeats.values()].filter((r) => r.timer).length;
      return { waiting, active, delayed: Math.max(0, timers.size - repeatTimers), failed: failedCount };
    },

    close(opts = {}) {
      closing ??= (async () => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        // Handlers never reject (run catches), and pump starts nothing new once closing is set.
        const drained = (async () => {
          while (running.size > 0) await Promise.all(running);
        })();
        // Past the grace, what still runs is abandoned like the waiting jobs (nothing here outlives the process).
        if (opts.graceMs === undefined) await drained;
        else await within(drained, opts.graceMs);
        closed = true;
      })();
      return closing;
    },
  };
}
