// The events port's face: the types, and createEventBus choosing Redis pub/sub (REDIS_URL) or in-process.
import { createInProcessEventBus } from './in-process.ts';
import { createRedisEventBus } from './redis.ts';
import type { EventBus, EventErrorHandler } from './types.ts';

export * from './types.ts';
export { createInProcessEventBus, type InProcessEventBusOptions } from './in-process.ts';
export { createRedisEventBus, type RedisEventBusOptions } from './redis.ts';

/** Options of {@link createEventBus}. */
export interface CreateEventBusOptions {
  /** Set: events reach every instance on this Redis. Unset: this process only (the embedded default). */
  redisUrl?: string;
  /** Redis channel prefix; default `tourdesk`. */
  prefix?: string;
  /** Told about handlers that threw and connection trouble; must not throw. */
  onError?: EventErrorHandler;
}

/**
 * The event bus for this configuration.
 * @example
 * const bus = createEventBus({ redisUrl: config.redisUrl, onError: (err, topic) => logger.warn({ err, topic }, 'event') });
 * bus.subscribe(`conversation:${id}`, (event) => sse.send(event));
 */
export function createEventBus(options: CreateEventBusOptions = {}): EventBus {
  const { redisUrl, prefix, onError } = options;
  return redisUrl ? createRedisEventBus({ redisUrl, prefix, onError }) : createInProcessEventBus({ onError });
}
