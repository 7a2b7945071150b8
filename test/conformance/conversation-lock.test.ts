// Runs the conversation-lock conformance suite in-process always, and on Redis when REDIS_URL is set.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect } from 'vitest';
import { createConversationLock, redisLockKey } from '../../src/bot/lock/index.ts';
import { conversationLockConformance } from './conversation-lock.case.ts';

const redisUrl = process.env.REDIS_URL;

console.log('In-process conversation lock: the cross-instance rules are skipped, one process has no other instance.');
describe('in-process conversation lock', () => {
  conversationLockConformance({ make: () => createConversationLock() });
});

if (!redisUrl) console.log('Redis conversation lock skipped: REDIS_URL is unset.');

describe.skipIf(!redisUrl)('Redis conversation lock', () => {
  // This run's keys live under a prefix of their own, so parallel runs never meet and cleanup finds them all.
  const prefix = `test-lock-${randomUUID().slice(0, 8)}`;
  const redis = redisUrl ? new Redis(redisUrl) : undefined;

  afterAll(async () => {
    if (!redis) return;
    try {
      const keys = await redis.keys(`${prefix}:*`);
      // Every holder released: only the crashed instance's lock may be left, and it has expired by now.
      expect(keys).toEqual([]);
    } finally {
      await redis.quit();
    }
    // vitest exits 0 even when a connection leaks, so look: every lock's client must be closed.
    const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    for (let i = 0; i < 100 && sockets() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sockets()).toBe(0);
  });

  conversationLockConformance({
    make: (options) => createConversationLock({ redisUrl, prefix, ...options }),
    distributed: {
      async holdAsCrashedInstance(key, ttlMs) {
        // What a holder leaves behind when its process dies: its token, with no renewal and no release coming.
        expect(await redis!.set(redisLockKey(prefix, key), `crashed-${randomUUID()}`, 'PX', ttlMs, 'NX')).toBe('OK');
      },
    },
  });
});
