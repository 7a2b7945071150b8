// Handoffs counted where they are announced: the desk's `handoff.queued` events, as this instance publishes them.
import type { EventBus } from '../bot/events/index.ts';
import type { Metrics } from './metrics.ts';

/**
 * The bus, with every `handoff.queued` event this instance publishes counted by its reason. Counting what is
 * published (not what is received) counts each handoff once, however many instances hear it on Redis.
 * @example new HandoffStore({ db, events: countingHandoffs(events, metrics), clock });
 */
export function countingHandoffs(events: EventBus, metrics: Metrics): EventBus {
  return {
    get driver() {
      return events.driver;
    },
    async publish(topic, event) {
      const e = event as { type?: unknown; reason?: unknown } | null;
      if (e && e.type === 'handoff.queued') {
        metrics.handoffs.inc({ reason: typeof e.reason === 'string' && /^[a-z_]{1,40}$/.test(e.reason) ? e.reason : 'other' });
      }
      await events.publish(topic, event);
    },
    subscribe: (topic, handler) => events.subscribe(topic, handler),
    close: () => events.close(),
  };
}
