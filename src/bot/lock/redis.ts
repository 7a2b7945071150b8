// Per-key ordering across instances: a Redis lock per key (SET NX PX, renewed, owner-only release), a local FIFO in front.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createInProcessLock } from './in-process.ts';
import { LockWaitTimeoutError, lockClosed, lockDefaults, type ConversationLock, type RunOptions } from './types.ts';

/** Options of {@link createRedisLock}. */
export interface RedisLockOptions {
  redisUrl: string;
  /** Namespace of every key; default `tourdesk`. Tests give each run its own. */
  prefix?: string;
  /** How long a lock outlives a holder that died; default {@link lockDefaults}.ttlMs. */
  ttlMs?: number;
  /** Told about connection trouble, a failed release, and a lock lost while its holder still ran; must not throw. */
  onError?: (err: unknown) => void;
}

/**
 * The Redis key that holds the lock of `key`: a holder's random token, with the holder's ttl.
 * @example await redis.pttl(redisLockKey('tourdesk', 'web:c1'));
 */
export const redisLockKey = (prefix: string, key: string): string => `${prefix}:lock:${key}`;

// Only the owner may extend or delete: after a long pause its lock may have expired and been taken by another
// instance, whose lock a plain PEXPIRE or DEL would extend or break.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** First and longest pause between two tries to take a busy lock; a release is noticed within the longest. */
const POLL_MIN_MS = 5;
const POLL_MAX_MS = 50;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A {@link ConversationLock} shared by every instance on the same Redis and prefix. Within one process, callers
 * of a key queue locally (FIFO) and only the head of the queue contends for the Redis lock.
 * @example
 * const lock = createRedisLock({ redisUrl: 'redis://127.0.0.1:6379', onError: (err) => logger.warn({ err }, 'lock') });
 * await lock.run('wechat:oX12', () => handleTurn(activity), { waitMs: 10_000 });
 */
export function createRedisLock(options: RedisLockOptions): ConversationLock {
  const prefix = options.prefix ?? 'tourdesk';
  const ttlMs = options.ttlMs ?? lockDefaults.ttlMs;
  const report = (err: unknown): void => {
    try {
      options.onError?.(err);
    } catch {
      // A broken error reporter must not take the process down.
    }
  };
  // A command fails after a few reconnects, so a turn fails (and its job retries) instead of hanging while Redis
  // is away.
  const client = new Redis(options.redisUrl, { maxRetriesPerRequest: 3 });
  client.on('error', report);
  const local = createInProcessLock();
  let closing: Promise<void> | undefined;

  const acquire = async (key: string, lockKey: string, deadline: number, waitMs: number): Promise<string> => {
    const token = randomUUID();
    for (let pause = POLL_MIN_MS; ; pause = Math.min(pause * 2, POLL_MAX_MS)) {
      if ((await client.set(lockKey, token, 'PX', ttlMs, 'NX')) === 'OK') return token;
      const left = deadline - Date.now();
      if (left <= 0) throw new LockWaitTimeoutError(key, waitMs);
      // Jitter, so instances polling one key do not move in step.
      await sleep(Math.min(left, pause * (0.5 + Math.random())));
    }
  };

  const holding = async <T>(key: string, lockKey: string, token: string, fn: () => Promise<T>): Promise<T> => {
    let done = false;
    const renew = setInterval(() => {
      client.eval(RENEW, 1, lockKey, token, ttlMs).then((renewed) => {
        if (!done && renewed !== 1) report(new Error(`The lock of "${key}" expired while its turn still ran.`));
      }, report);
    }, Math.max(1, Math.floor(ttlMs / 3)));
    try {
      return await fn();
    } finally {
      done = true;
      clearInterval(renew);
      // A failed release only delays the next holder until the ttl runs out.
      await client.eval(RELEASE, 1, lockKey, token).catch(report);
    }
  };

  return {
    driver: 'redis',

    run<T>(key: string, fn: () => Promise<T>, opts: RunOptions = {}): Promise<T> {
      if (closing) return Promise.reject(lockClosed());
      const waitMs = opts.waitMs ?? lockDefaults.waitMs;
      const deadline = Date.now() + waitMs;
      const lockKey = redisLockKey(prefix, key);
      // The local queue's wait counts against the same waitMs as the wait for Redis.
      return local.run(
        key,
        async () => holding(key, lockKey, await acquire(key, lockKey, deadline, waitMs), fn),
        { waitMs },
      );
    },

    close() {
      closing ??= (async () => {
        await local.close();
        if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
        else client.disconnect();
      })();
      return closing;
    },
  };
}
