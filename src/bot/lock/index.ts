// The per-conversation ordering's face: the port, and createConversationLock choosing Redis (REDIS_URL) or in-process.
import { createInProcessLock } from './in-process.ts';
import { createRedisLock } from './redis.ts';
import type { ConversationLock } from './types.ts';

export * from './types.ts';
export { createInProcessLock } from './in-process.ts';
export { createRedisLock, redisLockKey, type RedisLockOptions } from './redis.ts';

/** Options of {@link createConversationLock}. */
export interface CreateConversationLockOptions {
  /** Set: one lock across every instance on this Redis. Unset: this process only (the embedded default). */
  redisUrl?: string;
  /** Redis key prefix; default `tourdesk`. */
  prefix?: string;
  /** Redis only: how long a dead holder's lock lasts; default 15 s. */
  ttlMs?: number;
  /** Redis only: told about connection trouble and lost locks; must not throw. */
  onError?: (err: unknown) => void;
}

/**
 * The conversation lock for this configuration.
 * @example
 * const lock = createConversationLock({ redisUrl: config.redisUrl });
 * await lock.run(`${activity.channel}:${activity.conversationId}`, () => runTurn(activity));
 */
export function createConversationLock(options: CreateConversationLockOptions = {}): ConversationLock {
  const { redisUrl, prefix, ttlMs, onError } = options;
  return redisUrl ? createRedisLock({ redisUrl, prefix, ttlMs, onError }) : createInProcessLock();
}
