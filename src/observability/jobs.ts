// The job queue, observed: each job runs in a log context with its id, and its failed attempts are counted.
import type { JobHandler, JobQueue } from '../jobs/index.ts';
import { withLogContext } from './context.ts';
import type { Metrics } from './metrics.ts';

/**
 * Wraps a {@link JobQueue}: handlers run with `{jobId, job}` on every log line and count their failures by name;
 * the queue's depth is read on each scrape. Everything else passes through.
 * @example const jobs = observedJobs(createJobQueue({ redisUrl }), metrics);
 */
export function observedJobs(jobs: JobQueue, metrics: Metrics): JobQueue {
  metrics.watchQueue(() => jobs.counts());
  const observed = <T>(name: string, handler: JobHandler<T>): JobHandler<T> => (data, job) =>
    withLogContext({ jobId: job.id, job: name }, async () => {
      try {
        await handler(data, job);
      } catch (err) {
        metrics.jobFailures.inc({ job: name });
        throw err;
      }
    });
  return {
    get driver() {
      return jobs.driver;
    },
    handle: (name, handler, options) => jobs.handle(name, observed(name, handler), options),
    enqueue: (name, data, options) => jobs.enqueue(name, data, options),
    repeat: (name, everyMs) => jobs.repeat(name, everyMs),
    start: () => jobs.start(),
    ping: () => jobs.ping(),
    counts: () => jobs.counts(),
    close: (options) => jobs.close(options),
  };
}
