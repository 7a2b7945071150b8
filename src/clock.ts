// The one source of "now", so tests can pin and move time.

/** Tells the time. */
export interface Clock {
  now(): Date;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that stands still until moved; for tests.
 * @example const clock = new FixedClock('2026-12-01T02:00:00Z'); clock.advance(31 * 60_000);
 */
export class FixedClock implements Clock {
  #t: number;
  constructor(start: string | Date = '2026-12-01T02:00:00Z') {
    this.#t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#t);
  }
  advance(ms: number): void {
    this.#t += ms;
  }
  set(at: string | Date): void {
    this.#t = new Date(at).getTime();
  }
}
