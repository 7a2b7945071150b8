// Events inside one process (the embedded default): an EventEmitter, with the Redis driver's JSON semantics.
import { EventEmitter } from 'node:events';
import { busClosed, deliver, encodeEvent, type EventBus, type EventErrorHandler, type EventHandler, type Unsubscribe } from './types.ts';

/** Options of {@link createInProcessEventBus}. */
export interface InProcessEventBusOptions {
  /** Told about handlers that threw. */
  onError?: EventErrorHandler;
}

/**
 * An {@link EventBus} for one process: subscribers on other instances never see its events.
 * @example
 * const bus = createInProcessEventBus();
 * const off = bus.subscribe('conversation:c1', (event) => console.log(event));
 */
export function createInProcessEventBus(options: InProcessEventBusOptions = {}): EventBus {
  const emitter = new EventEmitter();
  // Every open stream of a busy conversation is a listener; the default cap of 10 would only print warnings.
  emitter.setMaxListeners(0);
  let closed = false;
  const ready = Promise.resolve();

  return {
    driver: 'in-process',

    async publish(topic, event) {
      if (closed) throw busClosed();
      // Through JSON like on Redis: handlers get a copy, and a Date or class instance arrives as Redis would give it.
      const copy: unknown = JSON.parse(encodeEvent(event));
      for (const listener of emitter.listeners(topic)) deliver(listener as EventHandler, copy, topic, options.onError);
    },

    subscribe(topic, handler) {
      if (closed) throw busClosed();
      // A wrapper per subscription, so subscribing one handler twice makes two subscriptions, each undone alone.
      const listener: EventHandler = (event) => handler(event);
      emitter.on(topic, listener);
      const off = () => void emitter.off(topic, listener);
      return Object.assign(off, { ready }) satisfies Unsubscribe;
    },

    async close() {
      closed = true;
      emitter.removeAllListeners();
    },
  };
}
