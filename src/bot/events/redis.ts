// Events across instances on Redis pub/sub: one publisher connection, one subscriber connection, JSON payloads.
import { Redis } from 'ioredis';
import { busClosed, deliver, encodeEvent, type EventBus, type EventErrorHandler, type EventHandler, type Unsubscribe } from './types.ts';

/** Options of {@link createRedisEventBus}. */
export interface RedisEventBusOptions {
  redisUrl: string;
  /** Namespace of every channel; default `tourdesk`. Instances see each other's events only with the same one. */
  prefix?: string;
  /** Told about handlers that threw, unreadable messages and connection trouble. */
  onError?: EventErrorHandler;
}

/**
 * An {@link EventBus} shared by every instance on the same Redis and prefix.
 * @example
 * const bus = createRedisEventBus({ redisUrl: 'redis://127.0.0.1:6379' });
 * await bus.publish('conversation:c1', { type: 'booking_updated', code: 'TD7K2Q' });
 */
export function createRedisEventBus(options: RedisEventBusOptions): EventBus {
  const channelPrefix = `${options.prefix ?? 'tourdesk'}:events:`;
  const report: EventErrorHandler = (err, topic) => {
    try {
      options.onError?.(err, topic);
    } catch {
      // A broken error reporter must not take the process down.
    }
  };
  const publisher = new Redis(options.redisUrl, { maxRetriesPerRequest: 3 });
  // A connection in subscriber mode can run nothing else; ioredis subscribes it again after a reconnect.
  const subscriber = new Redis(options.redisUrl);
  publisher.on('error', (err) => report(err));
  subscriber.on('error', (err) => report(err));

  // channel → its local subscriptions (one wrapper each), and the SUBSCRIBE that makes the channel live.
  const channels = new Map<string, { handlers: Set<EventHandler>; subscribed: Promise<void> }>();
  let closing: Promise<void> | undefined;

  subscriber.on('message', (channel: string, message: string) => {
    const entry = channels.get(channel);
    if (!entry || entry.handlers.size === 0) return;
    const topic = channel.slice(channelPrefix.length);
    let event: unknown;
    try {
      event = JSON.parse(message);
    } catch (err) {
      report(err, topic);
      return;
    }
    for (const handler of [...entry.handlers]) deliver(handler, event, topic, report);
  });

  return {
    driver: 'redis',

    async publish(topic, event) {
      if (closing) throw busClosed();
      const channel = channelPrefix + topic;
      const json = encodeEvent(event);
      // SUBSCRIBE and PUBLISH travel on two connections: wait for this instance's own subscription of the topic,
      // so that subscribe-then-publish in one process always reaches the subscriber.
      await channels.get(channel)?.subscribed.catch(() => undefined);
      await publisher.publish(channel, json);
    },

    subscribe(topic, handler) {
      if (closing) throw busClosed();
      const channel = channelPrefix + topic;
      let entry = channels.get(channel);
      if (!entry) {
        const subscribed = subscriber.subscribe(channel).then(() => undefined);
        subscribed.catch((err: unknown) => report(err, topic)); // handled here; `ready` still rejects for its awaiter
        entry = { handlers: new Set(), subscribed };
        channels.set(channel, entry);
      }
      const live = entry;
      const listener: EventHandler = (event) => handler(event);
      live.handlers.add(listener);
      const off = () => {
        if (!live.handlers.delete(listener) || live.handlers.size > 0 || channels.get(channel) !== live) return;
        channels.delete(channel);
        // Commands on one connection run in order, so a later subscribe's SUBSCRIBE lands after this.
        if (!closing) subscriber.unsubscribe(channel).catch((err: unknown) => report(err, topic));
      };
      return Object.assign(off, { ready: live.subscribed }) satisfies Unsubscribe;
    },

    close() {
      closing ??= (async () => {
        channels.clear();
        await Promise.all(
          [publisher, subscriber].map(async (c) => {
            if (c.status === 'ready') await c.quit().catch(() => c.disconnect());
            else c.disconnect();
          }),
        );
      })();
      return closing;
    },
  };
}
