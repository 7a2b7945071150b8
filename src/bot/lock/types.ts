// The per-conversation ordering port: turns of one conversation run one at a time and in order.
import { AppError } from '../../errors.ts';

/** Options of {@link ConversationLock.run}. */
export interface RunOptions {
  /** Give up when `fn` could not start within this many milliseconds; default {@link lockDefaults}.waitMs. */
  waitMs?: number;
}

/**
 * Runs work under a per-key lock: calls with the same key run one at a time and, within one process, in the
 * order they were called; calls with different keys run in parallel.
 * @example
 * const reply = await lock.run(`conv:${activity.conversationId}`, () => pipeline.turn(activity));
 */
export interface ConversationLock {
  readonly driver: 'in-process' | 'redis';
  /** Runs `fn` once every earlier call with this key has finished; settles as `fn` does. */
  run<T>(key: string, fn: () => Promise<T>, options?: RunOptions): Promise<T>;
  /** Refuses new calls, waits for the queued and running ones, closes connections. */
  close(): Promise<void>;
}

/** Defaults both drivers share. */
export const lockDefaults = {
  /** A chat turn that cannot start in this long is better failed (and retried) than left hanging. */
  waitMs: 30_000,
  /** How long a Redis lock outlives a holder that died; renewed every third of it while the holder runs. */
  ttlMs: 15_000,
} as const;

/**
 * `fn` could not start within `waitMs`: an earlier turn of the conversation still runs. `fn` never runs.
 * @example if (isLockWaitTimeout(err)) return reply('still_thinking');
 */
export class LockWaitTimeoutError extends AppError {
  constructor(
    readonly key: string,
    readonly waitMs: number,
  ) {
    super('unavailable', `Waited ${waitMs} ms for "${key}": an earlier turn of it still holds the lock.`, { key, waitMs });
    this.name = 'LockWaitTimeoutError';
  }
}

/**
 * True when `err` is a {@link LockWaitTimeoutError}.
 * @example await lock.run(key, turn).catch((err) => (isLockWaitTimeout(err) ? retryLater() : Promise.reject(err)));
 */
export function isLockWaitTimeout(err: unknown): err is LockWaitTimeoutError {
  return err instanceof LockWaitTimeoutError;
}

/** The error of a call made after {@link ConversationLock.close}. */
export const lockClosed = (): AppError => new AppError('unavailable', 'The conversation lock is closed.');
