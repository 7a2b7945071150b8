// Runs the event-bus conformance suite in-process always, and on Redis pub/sub when REDIS_URL is set.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect } from 'vitest';
import { createEventBus } from '../../src/bot/events/index.ts';
import { eventBusConformance } from './event-bus.case.ts';

const redisUrl = process.env.REDIS_URL;

console.log('In-process event bus: the cross-instance rules are skipped, one process has no other instance.');
describe('in-process event bus', () => {
  eventBusConformance({ make: (options) => createEventBus(options) });
});

if (!redisUrl) console.log('Redis event bus skipped: REDIS_URL is unset.');

describe.skipIf(!redisUrl)('Redis event bus', () => {
  // Pub/sub keeps nothing in Redis; the run's own prefix keeps parallel runs from hearing each other.
  const prefix = `test-events-${randomUUID().slice(0, 8)}`;

  afterAll(async () => {
    // vitest exits 0 even when a connection leaks, so look: every bus's two connections must be closed.
    const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    for (let i = 0; i < 100 && sockets() > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sockets()).toBe(0);
  });

  eventBusConformance({ make: (options) => createEventBus({ ...options, redisUrl, prefix }), distributed: true });
});
