// What every jobs driver must do: one shared suite, which jobs.test.ts runs once per driver.
import { afterEach, expect, it } from 'vitest';
import type { CreateJobQueueOptions, JobInfo, JobQueue } from '../../src/jobs/index.ts';

/** Builds a fresh, empty queue for one test; `onError` lets a test watch failures. Retries must back off briefly. */
export type JobQueueFactory = (options?: Pick<CreateJobQueueOptions, 'onError'>) => JobQueue;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await sleep(10);
  }
}

/** Defines the jobs conformance tests in the current `describe`, each on a queue from `make`. */
export function jobQueueConformance(make: JobQueueFactory): void {
  const open: JobQueue[] = [];
  const queue: JobQueueFactory = (options) => {
    const q = make(options);
    open.push(q);
    return q;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((q) => q.close()));
  });

  it('runs a job with its data and name', async () => {
    const q = queue();
    const seen: Array<{ data: unknown; job: JobInfo }> = [];
    q.handle('greet', async (data, job) => void seen.push({ data, job }));
    await q.start();
    await q.enqueue('greet', { guest: 'Ada', nights: [1, 2] });
    await waitFor('the job ran', () => seen.length === 1);
    expect(seen[0]?.data).toEqual({ guest: 'Ada', nights: [1, 2] });
    expect(seen[0]?.job).toMatchObject({ name: 'greet', attempt: 1 });
  });

  it('runs a jobId once, while it waits and after it completed', async () => {
    const q = queue();
    const ids: string[] = [];
    q.handle('once', async (_data, job) => void ids.push(job.id));
    // A colon and an all-digit id are the shapes BullMQ refuses as they are.
    for (const jobId of ['hold:ABC', 'wx:42:7', '12345', 'hold:ABC', '12345']) await q.enqueue('once', {}, { jobId });
    await q.start();
    await waitFor('three jobs ran', () => ids.length === 3);
    await q.enqueue('once', {}, { jobId: 'hold:ABC' });
    await q.enqueue('once', {}, { jobId: 'hold%3AABC' }); // looks like an escaped id, but is another one
    await waitFor('the fourth job ran', () => ids.length === 4);
    await sleep(150);
    expect(ids.sort()).toEqual(['12345', 'hold%3AABC', 'hold:ABC', 'wx:42:7']);
  });

  it('does not run a delayed job before its delay', async () => {
    const q = queue();
    const ran: string[] = [];
    q.handle('later', async (data: { label: string }) => void ran.push(data.label));
    await q.start();
    await q.enqueue('later', { label: 'delayed' }, { delayMs: 400 });
    await q.enqueue('later', { label: 'now' });
    await waitFor('the undelayed job ran', () => ran.length === 1);
    await sleep(100);
    expect(ran).toEqual(['now']);
    await waitFor('the delayed job ran', () => ran.length === 2);
    expect(ran).toEqual(['now', 'delayed']);
  });

  it('retries a failing job and tells the handler which attempt it is', async () => {
    const reported: JobInfo[] = [];
    const q = queue({ onError: (_err, job) => void reported.push(job) });
    const attempts: number[] = [];
    q.handle('flaky', async (_data, job) => {
      attempts.push(job.attempt);
      if (job.attempt === 1) throw new Error('first try fails');
    });
    await q.start();
    await q.enqueue('flaky', {}, { jobId: 'flaky-1' });
    await waitFor('the second attempt ran', () => attempts.length === 2);
    await sleep(150);
    expect(attempts).toEqual([1, 2]);
    expect(reported).toEqual([{ id: 'flaky-1', name: 'flaky', attempt: 1 }]);
  });

  it('gives up after `attempts` tries', async () => {
    const reported: JobInfo[] = [];
    const q = queue({ onError: (_err, job) => void reported.push(job) });
    let runs = 0;
    q.handle('doomed', async () => {
      runs++;
      throw new Error('always fails');
    });
    await q.start();
    await q.enqueue('doomed', {}, { attempts: 3 });
    await waitFor('three tries ran', () => runs === 3);
    await sleep(300); // a fourth try would have come after 20 + 40 + 80 ms
    expect(runs).toBe(3);
    expect(reported.map((j) => j.attempt)).toEqual([1, 2, 3]);
  });

  it('keeps jobs enqueued before start until start', async () => {
    const q = queue();
    let runs = 0;
    q.handle('queued', async () => void runs++);
    await q.enqueue('queued', {});
    await q.enqueue('queued', {});
    await sleep(150);
    expect(runs).toBe(0);
    await q.start();
    await waitFor('both jobs ran', () => runs === 2);
  });

  it('repeats a job every interval, never two runs at once, whatever the concurrency', async () => {
    const q = queue();
    let running = 0;
    let most = 0;
    let runs = 0;
    q.handle(
      'sweep',
      async () => {
        most = Math.max(most, ++running);
        await sleep(80); // longer than the interval: the next tick must wait
        running--;
        runs++;
      },
      { concurrency: 3 },
    );
    await q.repeat('sweep', 30);
    await q.start();
    await waitFor('the repeat ran three times', () => runs >= 3);
    expect(most).toBe(1);
  });

  it('waits for a running job on close', async () => {
    const q = queue();
    let started = false;
    let finished = false;
    q.handle('slow', async () => {
      started = true;
      await sleep(200);
      finished = true;
    });
    await q.start();
    await q.enqueue('slow', {});
    await waitFor('the job started', () => started);
    await q.close();
    expect(finished).toBe(true);
  });

  it('runs at most `concurrency` jobs of a name at once', async () => {
    const q = queue();
    let running = 0;
    let most = 0;
    let done = 0;
    q.handle(
      'parallel',
      async () => {
        most = Math.max(most, ++running);
        await sleep(60);
        running--;
        done++;
      },
      { concurrency: 2 },
    );
    for (let i = 0; i < 6; i++) await q.enqueue('parallel', { i });
    await q.start();
    await waitFor('all six jobs ran', () => done === 6);
    expect(most).toBe(2);
  });

  it('refuses jobs once closed', async () => {
    const q = queue();
    await q.close();
    await expect(q.enqueue('late', {})).rejects.toThrow(/closed/);
  });
}
