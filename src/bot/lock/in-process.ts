// Per-key ordering inside one process: a promise chain per key, dropped from the map once the key is idle.
import { LockWaitTimeoutError, lockClosed, lockDefaults, type ConversationLock, type RunOptions } from './types.ts';

/**
 * A {@link ConversationLock} for one process (the embedded default, and the local queue of the Redis driver).
 * @example
 * const lock = createInProcessLock();
 * await lock.run('web:c1', async () => handleTurn(activity));
 */
export function createInProcessLock(): ConversationLock {
  // key → the promise that settles when the last call queued on it has finished (it never rejects).
  const tails = new Map<string, Promise<void>>();
  let closed = false;

  return {
    driver: 'in-process',

    run<T>(key: string, fn: () => Promise<T>, options: RunOptions = {}): Promise<T> {
      if (closed) return Promise.reject(lockClosed());
      const waitMs = options.waitMs ?? lockDefaults.waitMs;
      return new Promise<T>((resolve, reject) => {
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          reject(new LockWaitTimeoutError(key, waitMs));
        }, waitMs);
        // A call that timed out still waits for its predecessor before passing the turn on, so the calls after it
        // keep waiting for the one that actually runs.
        const turn = (tails.get(key) ?? Promise.resolve()).then(async () => {
          if (timedOut) return;
          clearTimeout(timer);
          try {
            resolve(await fn());
          } catch (err) {
            reject(err);
          }
        });
        tails.set(key, turn);
        void turn.then(() => {
          if (tails.get(key) === turn) tails.delete(key);
        });
      });
    },

    async close() {
      closed = true;
      await Promise.all(tails.values());
    },
  };
}
