// When a request is tried again, how long to wait, and the Idempotency-Key that makes a retried booking safe.

/** How one attempt ended: an HTTP answer (with its error code, if any) or no answer at all. */
export type AttemptEnd = { kind: 'response'; status: number; error?: string } | { kind: 'network' };

/** Attempts in all, the first included. */
export const MAX_ATTEMPTS = 3;

/**
 * Whether to send again after `attempt` (1-based). Only idempotent requests (GETs, bookings with their key) are
 * retried: a lost chat message may have reached the bot, and sending it again would ask twice.
 */
export function shouldRetry(end: AttemptEnd, attempt: number, idempotent: boolean): boolean {
  if (!idempotent || attempt >= MAX_ATTEMPTS) return false;
  if (end.kind === 'network') return true;
  // 409 conflict: the same key is still being processed; 5xx: the server or a proxy failed.
  return end.status >= 500 || end.error === 'conflict';
}

/** Wait before attempt `attempt + 1`: 500 ms, then 1.5 s. */
export function backoffMs(attempt: number): number {
  return attempt <= 1 ? 500 : 1500;
}

/**
 * An Idempotency-Key from random bytes: printable ASCII, as the server requires.
 * @example idempotencyKey([1, 255]) // 'mp-01ff'
 */
export function idempotencyKey(bytes: ArrayLike<number>): string {
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += ((bytes[i] ?? 0) & 0xff).toString(16).padStart(2, '0');
  return `mp-${hex}`;
}

/** Random bytes from `Math.random`, for base libraries without `wx.getRandomValues` (keys need uniqueness, not secrecy). */
export function weakRandomBytes(n: number, random: () => number = Math.random): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Math.floor(random() * 256) & 0xff);
  return out;
}
