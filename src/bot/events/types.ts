// The events port: publish to a topic, and every instance's subscribers of that topic receive it.
import { AppError } from '../../errors.ts';

/** Receives one event: JSON, as published (Dates arrive as strings). Narrow it with a zod schema. */
export type EventHandler = (event: unknown) => void;

/**
 * Stops a subscription when called. `ready` resolves once the subscription receives events (on Redis, once the
 * server confirmed it); an event published before that may be missed.
 * @example const off = bus.subscribe(topic, send); await off.ready; res.write(': connected\n\n');
 */
export type Unsubscribe = (() => void) & { readonly ready: Promise<void> };

/**
 * Fire-and-forget events between instances, e.g. an agent's reply for the traveller whose SSE stream or WebSocket
 * another instance holds. Delivery is at most once, to the subscribers present at the time: nothing is stored,
 * so a stream that reconnects catches up from the database, not from the bus.
 * @example
 * const off = bus.subscribe(`conversation:${id}`, (event) => stream.send(event));
 * await bus.publish(`conversation:${id}`, { type: 'agent_reply', text: '已为您预订' });
 * off();
 */
export interface EventBus {
  readonly driver: 'in-process' | 'redis';
  /** Sends `event` (anything JSON can hold) to every subscriber of `topic`; resolves once it is sent. */
  publish(topic: string, event: unknown): Promise<void>;
  /** Calls `handler` with each event of `topic` until the returned function is called. */
  subscribe(topic: string, handler: EventHandler): Unsubscribe;
  /** Drops every subscription and closes connections; publish and subscribe refuse afterwards. */
  close(): Promise<void>;
}

/** Told about a handler that threw and about connection trouble; must not throw. */
export type EventErrorHandler = (err: unknown, topic?: string) => void;

/**
 * The text an event travels as. Both drivers send it, so an event looks the same whichever one delivers it and a
 * handler cannot change what other handlers see.
 * @example encodeEvent({ at: new Date(0) }) // '{"at":"1970-01-01T00:00:00.000Z"}'
 */
export function encodeEvent(event: unknown): string {
  const json = JSON.stringify(event) as string | undefined;
  if (json === undefined) throw new TypeError('An event must be a JSON value, not undefined or a function.');
  return json;
}

/** Calls `handler`, reporting what it throws, so one broken subscriber cannot starve the others. */
export function deliver(handler: EventHandler, event: unknown, topic: string, onError?: EventErrorHandler): void {
  try {
    handler(event);
  } catch (err) {
    try {
      onError?.(err, topic);
    } catch {
      // A broken error reporter must not take the process down.
    }
  }
}

/** The error of a call made after {@link EventBus.close}. */
export const busClosed = (): AppError => new AppError('unavailable', 'The event bus is closed.');
