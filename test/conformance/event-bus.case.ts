// What every event-bus driver must do: one shared suite, which event-bus.test.ts runs once per driver.
import { randomUUID } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import type { EventBus, EventErrorHandler } from '../../src/bot/events/index.ts';

/** How the suite gets buses of one driver. */
export interface EventBusDriver {
  /** A fresh bus; two made by a distributed driver behave as two app instances sharing one backend. */
  make(options?: { onError?: EventErrorHandler }): EventBus;
  /** Set for drivers whose events reach other instances; the cross-instance rules are skipped otherwise. */
  distributed?: boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** A topic of its own for each test, so tests and parallel runs never share one. */
const aTopic = () => `conversation:${randomUUID()}`;

async function waitFor(what: string, check: () => boolean, timeoutMs = 2000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await sleep(5);
  }
}

/** Defines the event-bus conformance tests in the current `describe`. */
export function eventBusConformance(driver: EventBusDriver): void {
  const open: EventBus[] = [];
  const bus = (options?: { onError?: EventErrorHandler }) => {
    const b = driver.make(options);
    open.push(b);
    return b;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((b) => b.close()));
  });

  it("delivers a topic's events to its subscribers, in order, and not to other topics'", async () => {
    const b = bus();
    const [topic, other] = [aTopic(), aTopic()];
    const seen: unknown[] = [];
    const elsewhere: unknown[] = [];
    b.subscribe(topic, (e) => seen.push(e));
    b.subscribe(topic, (e) => seen.push(['second subscriber', e]));
    b.subscribe(other, (e) => elsewhere.push(e));
    for (let n = 1; n <= 3; n++) await b.publish(topic, { n });
    await waitFor('six deliveries', () => seen.length === 6);
    expect(seen.filter((e) => !Array.isArray(e))).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(elsewhere).toEqual([]);
  });

  it('keeps JSON round trip: nested values, unicode and numbers as sent, Dates as their ISO text', async () => {
    const b = bus();
    const topic = aTopic();
    const seen: unknown[] = [];
    const off = b.subscribe(topic, (e) => seen.push(e));
    await off.ready;
    const event = { type: 'agent_reply', text: '已为您预订 🏨 "quoted" \\ \n', total: 128_800, tiers: [null, true, { a: [1.5] }] };
    await b.publish(topic, event);
    await b.publish(topic, { at: new Date(Date.UTC(2026, 11, 24)) });
    await b.publish(topic, 'just text');
    await waitFor('three events', () => seen.length === 3);
    expect(seen).toEqual([event, { at: '2026-12-24T00:00:00.000Z' }, 'just text']);
    expect(seen[0]).not.toBe(event);
    await expect(b.publish(topic, undefined)).rejects.toThrow(TypeError);
  });

  it('stops delivering to a subscriber once it unsubscribes, and only to that one', async () => {
    const b = bus();
    const topic = aTopic();
    const kept: unknown[] = [];
    const dropped: unknown[] = [];
    const handler = (e: unknown) => dropped.push(e);
    b.subscribe(topic, (e) => kept.push(e));
    const off = b.subscribe(topic, handler);
    b.subscribe(topic, handler)(); // the same function subscribed twice is two subscriptions, undone one at a time
    await b.publish(topic, 1);
    await waitFor('the first event', () => kept.length === 1 && dropped.length === 1);
    off();
    off(); // twice is harmless
    await b.publish(topic, 2);
    await waitFor('the second event', () => kept.length === 2);
    await sleep(50);
    expect(dropped).toEqual([1]);
  });

  it('delivers again to a topic subscribed after its last subscriber left', async () => {
    const b = bus();
    const topic = aTopic();
    const seen: unknown[] = [];
    b.subscribe(topic, () => undefined)();
    b.subscribe(topic, (e) => seen.push(e));
    await b.publish(topic, 'back');
    await waitFor('the event', () => seen.length === 1);
  });

  it('reports a handler that throws and still delivers to the others', async () => {
    const errors: Array<{ err: unknown; topic?: string }> = [];
    const b = bus({ onError: (err, topic) => void errors.push({ err, topic }) });
    const topic = aTopic();
    const seen: unknown[] = [];
    b.subscribe(topic, () => {
      throw new Error('stream closed');
    });
    b.subscribe(topic, (e) => seen.push(e));
    await b.publish(topic, 'x');
    await waitFor('the event', () => seen.length === 1);
    expect(errors).toEqual([{ err: expect.objectContaining({ message: 'stream closed' }), topic }]);
  });

  it('refuses publish and subscribe once closed', async () => {
    const b = bus();
    await b.close();
    await expect(b.publish(aTopic(), {})).rejects.toThrow(/closed/);
    expect(() => b.subscribe(aTopic(), () => undefined)).toThrow(/closed/);
  });

  it.skipIf(!driver.distributed)("lets two instances see each other's events", async () => {
    const [a, b] = [bus(), bus()];
    const topic = aTopic();
    const seenByA: unknown[] = [];
    const seenByB: unknown[] = [];
    await Promise.all([a.subscribe(topic, (e) => seenByA.push(e)).ready, b.subscribe(topic, (e) => seenByB.push(e)).ready]);
    await a.publish(topic, { from: 'a' });
    await b.publish(topic, { from: 'b' });
    await waitFor('both saw both', () => seenByA.length === 2 && seenByB.length === 2);
    expect(seenByA).toEqual([{ from: 'a' }, { from: 'b' }]);
    expect(seenByB).toEqual([{ from: 'a' }, { from: 'b' }]);
  });

  it.skipIf(!driver.distributed)('stops sending an instance the events of a topic none of its subscribers want', async () => {
    const [a, b] = [bus(), bus()];
    const topic = aTopic();
    const seen: unknown[] = [];
    const off = b.subscribe(topic, (e) => seen.push(e));
    await off.ready;
    await a.publish(topic, 'before');
    await waitFor('the first event', () => seen.length === 1);
    off();
    const late = b.subscribe(aTopic(), () => undefined); // a later command on the same connection: UNSUBSCRIBE is done
    await late.ready;
    await a.publish(topic, 'after');
    await sleep(50);
    expect(seen).toEqual(['before']);
  });
}
