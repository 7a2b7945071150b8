// Accepted pushes survive a lost queue: each `wechat-turn` job is kept in PostgreSQL until its turn has run, and a
// sweep queues again what is still unanswered (a Redis restarted without persistence, an embedded restart).
import type { Db } from '../../db/index.ts';
import type { Clock } from '../../src/clock.ts';
import type { JobHandler, JobQueue } from '../../src/jobs/index.ts';
import { WECHAT_TURN_JOB, type WechatTurnData } from './job.ts';
import { pushKey } from './parse.ts';

/** The repeated job that queues unanswered pushes again. */
export const WECHAT_RECOVERY_JOB = 'wechat-recovery';

/** Options of {@link keepWechatInbox}. */
export interface WechatInboxOptions {
  db: Db;
  clock: Clock;
  /** How often the sweep runs; default 15 s. */
  sweepEveryMs?: number;
  /** A push younger than this is left to its own job; default 15 s. */
  graceMs?: number;
  /** Longest wait of a turn for an earlier push of the same traveller to be answered; default 30 s. */
  orderWaitMs?: number;
  /** Told how many pushes a sweep queued again, and about a sweep that failed. */
  onRecovered?: (count: number) => void;
  onError?: (err: unknown) => void;
}

/** The sweep queues a push again at most this often; past it the push stays for a person to look at. */
const MAX_REQUEUES = 20;
/** Answered pushes are forgotten after this long; unanswered ones after {@link FORGET_UNANSWERED_MS}. */
const FORGET_ANSWERED_MS = 2 * 24 * 3600_000;
const FORGET_UNANSWERED_MS = 7 * 24 * 3600_000;
/** Only pushes this much older than a push can hold it back. */
const ORDER_HORIZON_MS = 2 * 60_000;
/** Older pushes are past WeChat's 48-hour reply window: no reply could reach the traveller. */
const REPLY_WINDOW_MS = 48 * 3600_000;

/**
 * Wraps the job queue: a `wechat-turn` job is written to `wechat_inbox` before it is queued (so a push answered
 * `success` is in PostgreSQL), waits while an earlier push of its traveller is unanswered (so replies keep the order
 * of the pushes across workers), and is marked answered when its handler succeeds. A process that runs the workers
 * sweeps the inbox every 15 s, queuing again each push that is still unanswered (first under the same job id, so a
 * job still in the queue is not doubled). Everything else passes through.
 * @example const jobs = keepWechatInbox(createJobQueue({ redisUrl }), { db, clock });
 */
export function keepWechatInbox(jobs: JobQueue, o: WechatInboxOptions): JobQueue {
  const graceMs = o.graceMs ?? 15_000;
  const orderWaitMs = o.orderWaitMs ?? 30_000;

  // Jobs of one traveller may run at once (on several workers, or the slots of one): each waits while an earlier push
  // of the traveller is unanswered, so the replies go out in the order the pushes came. The wait is bounded, so a
  // push that failed for good holds the next ones back only that long.
  const earlierDone = async (d: WechatTurnData) => {
    const at = new Date(d.receivedAt);
    const deadline = Date.now() + orderWaitMs;
    while (Date.now() < deadline) {
      const { rows } = await o.db.query(
        `SELECT 1 FROM wechat_inbox WHERE openid = $1 AND answered_at IS NULL AND received_at < $2 AND received_at > $3 LIMIT 1`,
        [d.push.openid, at, new Date(at.getTime() - ORDER_HORIZON_MS)],
      );
      if (rows.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const answered = async (pushKey: string) => {
    await o.db.query('UPDATE wechat_inbox SET answered_at = $2 WHERE push_key = $1 AND answered_at IS NULL', [pushKey, o.clock.now()]);
  };

  const sweep = async () => {
    const now = o.clock.now().getTime();
    const { rows } = await o.db.query<{ push_key: string; data: WechatTurnData; requeued: number }>(
      `SELECT push_key, data, requeued FROM wechat_inbox
       WHERE answered_at IS NULL AND received_at < $1 AND received_at > $2 AND requeued < $3
       ORDER BY received_at LIMIT 500`,
      [new Date(now - graceMs), new Date(now - REPLY_WINDOW_MS), MAX_REQUEUES],
    );
    const queued: string[] = [];
    try {
      for (const r of rows) {
        // First under its own id (a no-op while the queue still holds the job); if that did not get it answered (the
        // job failed for good, say while the database was down), under a new one. The turn itself is idempotent.
        await jobs.enqueue(WECHAT_TURN_JOB, r.data, { jobId: r.requeued === 0 ? r.push_key : `${r.push_key}#${r.requeued}` });
        queued.push(r.push_key);
      }
    } finally {
      // One statement for the whole sweep; what was queued is counted even when a later enqueue failed.
      if (queued.length) await o.db.query('UPDATE wechat_inbox SET requeued = requeued + 1 WHERE push_key = ANY($1::text[])', [queued]);
    }
    if (rows.length) o.onRecovered?.(rows.length);
    await o.db.query('DELETE FROM wechat_inbox WHERE answered_at < $1 OR received_at < $2', [
      new Date(now - FORGET_ANSWERED_MS), new Date(now - FORGET_UNANSWERED_MS),
    ]);
  };

  return {
    ...jobs,
    get driver() {
      return jobs.driver;
    },
    handle<T>(name: string, handler: JobHandler<T>, options?: Parameters<JobQueue['handle']>[2]) {
      if (name !== WECHAT_TURN_JOB) return jobs.handle(name, handler, options);
      jobs.handle<T>(name, async (data, job) => {
        await earlierDone(data as WechatTurnData);
        await handler(data, job);
        await answered(pushKey((data as WechatTurnData).push));
      }, options);
    },
    async enqueue(name, data, options) {
      if (name === WECHAT_TURN_JOB && options?.jobId !== undefined) {
        const d = data as WechatTurnData;
        await o.db.query(
          'INSERT INTO wechat_inbox (push_key, openid, data, received_at) VALUES ($1, $2, $3, $4) ON CONFLICT (push_key) DO NOTHING',
          [options.jobId, d.push.openid, JSON.stringify(d), new Date(d.receivedAt)],
        );
      }
      await jobs.enqueue(name, data, options);
    },
    async start() {
      jobs.handle(WECHAT_RECOVERY_JOB, async () => {
        try {
          await sweep();
        } catch (err) {
          o.onError?.(err);
          throw err;
        }
      });
      await jobs.repeat(WECHAT_RECOVERY_JOB, o.sweepEveryMs ?? 15_000);
      await jobs.start();
    },
  };
}
