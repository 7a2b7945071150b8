// What every conversation-lock driver must do: one shared suite, which conversation-lock.test.ts runs once per driver.
import { randomUUID } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { isLockWaitTimeout, type ConversationLock } from '../../src/bot/lock/index.ts';

/** How the suite gets locks of one driver. */
export interface LockDriver {
  /** A fresh lock; two made by a distributed driver behave as two app instances sharing one backend. */
  make(options?: { ttlMs?: number }): ConversationLock;
  /** Set for drivers that order calls across instances; the cross-instance rules are skipped without it. */
  distributed?: {
    /** Leaves `key` locked for `ttlMs` the way a holder that died mid-turn leaves it: taken, never released. */
    holdAsCrashedInstance(key: string, ttlMs: number): Promise<void>;
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** A conversation key of its own for each test, so tests and parallel runs never share one. */
const aKey = () => `web:conv-${randomUUID()}`;

/** Counts how many calls are inside at once, and the most there ever were. */
function gauge() {
  let inside = 0;
  const g = {
    most: 0,
    async hold(ms: number) {
      g.most = Math.max(g.most, ++inside);
      await sleep(ms);
      inside--;
    },
  };
  return g;
}

/** Defines the conversation-lock conformance tests in the current `describe`. */
export function conversationLockConformance(driver: LockDriver): void {
  const open: ConversationLock[] = [];
  const lock = (options?: { ttlMs?: number }) => {
    const l = driver.make(options);
    open.push(l);
    return l;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((l) => l.close()));
  });

  it('runs calls with the same key one at a time', async () => {
    const l = lock();
    const key = aKey();
    const g = gauge();
    await Promise.all(Array.from({ length: 6 }, () => l.run(key, () => g.hold(15))));
    expect(g.most).toBe(1);
  });

  it('runs calls with the same key in the order they were made, across awaits', async () => {
    const l = lock();
    const key = aKey();
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        l.run(key, async () => {
          // Uneven work and awaits inside: a later call must still not overtake an earlier one.
          await sleep((i * 7) % 5);
          await Promise.resolve();
          order.push(i);
        }),
      ),
    );
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('runs calls with different keys in parallel', async () => {
    const l = lock();
    const g = gauge();
    await Promise.all(Array.from({ length: 4 }, () => l.run(aKey(), () => g.hold(100))));
    expect(g.most).toBe(4);
  });

  it('gives back what fn returns, and passes on what it throws', async () => {
    const l = lock();
    const key = aKey();
    expect(await l.run(key, async () => ({ reply: '好的' }))).toEqual({ reply: '好的' });
    await expect(l.run(key, async () => Promise.reject(new Error('model timed out')))).rejects.toThrow('model timed out');
  });

  it('releases the key when fn throws, so the next call runs', async () => {
    const l = lock();
    const key = aKey();
    const failing = l.run(key, async () => {
      await sleep(20);
      throw new Error('turn failed');
    });
    const next = l.run(key, async () => 'next ran', { waitMs: 2000 });
    await expect(failing).rejects.toThrow('turn failed');
    expect(await next).toBe('next ran');
  });

  it('rejects a call that waited longer than waitMs, never runs it, and keeps order for the calls behind it', async () => {
    const l = lock();
    const key = aKey();
    const ran: string[] = [];
    const slow = l.run(key, async () => {
      await sleep(300);
      ran.push('slow');
    });
    const impatient = l.run(key, async () => void ran.push('impatient'), { waitMs: 50 });
    const patient = l.run(key, async () => void ran.push('patient'), { waitMs: 5000 });
    const started = Date.now();
    const err = await impatient.catch((e: unknown) => e);
    expect(isLockWaitTimeout(err)).toBe(true);
    expect(String((err as Error).message)).toMatch(/Waited 50 ms/);
    expect(Date.now() - started).toBeLessThan(250);
    await Promise.all([slow, patient]);
    expect(ran).toEqual(['slow', 'patient']);
  });

  it('refuses calls once closed, after letting running ones finish', async () => {
    const l = lock();
    const key = aKey();
    let finished = false;
    const running = l.run(key, async () => {
      await sleep(50);
      finished = true;
    });
    await sleep(5);
    await l.close();
    expect(finished).toBe(true);
    await running;
    await expect(l.run(key, async () => 'late')).rejects.toThrow(/closed/);
  });

  it.skipIf(!driver.distributed)('never lets two instances run the same key at once', async () => {
    const [a, b] = [lock(), lock()];
    const key = aKey();
    const g = gauge();
    let done = 0;
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? a : b).run(key, async () => {
          await g.hold(10);
          done++;
        }),
      ),
    );
    expect(done).toBe(12);
    expect(g.most).toBe(1);
  });

  it.skipIf(!driver.distributed)('keeps the lock while a turn outlives the ttl (it is renewed)', async () => {
    const [a, b] = [lock({ ttlMs: 150 }), lock({ ttlMs: 150 })];
    const key = aKey();
    const g = gauge();
    const long = a.run(key, () => g.hold(600));
    await sleep(20);
    await b.run(key, () => g.hold(1), { waitMs: 5000 });
    await long;
    expect(g.most).toBe(1);
  });

  it.skipIf(!driver.distributed)("takes over a crashed instance's lock once its ttl has run out", async () => {
    const l = lock();
    const key = aKey();
    await driver.distributed!.holdAsCrashedInstance(key, 400);
    const started = Date.now();
    await expect(l.run(key, async () => 'too early', { waitMs: 100 })).rejects.toSatisfy(isLockWaitTimeout);
    expect(await l.run(key, async () => 'took over', { waitMs: 3000 })).toBe('took over');
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(350);
    expect(waited).toBeLessThan(1500);
  });
}
