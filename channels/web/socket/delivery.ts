// Delivery to one socket: each outgoing message of the conversation once, in seq order, read from the transcript.
import type { Queryable } from '../../../db/index.ts';
import type { Keys } from '../../../src/security/index.ts';
import { outboundAfter } from '../outbox.ts';
import type { NumberedReply } from '../protocol.ts';

/** What a {@link Delivery} reads from and sends to. */
export interface DeliveryDeps {
  db: Queryable;
  keys: Keys;
  conversationId: string;
  send(message: NumberedReply): void;
  /**
   * How long a message may take to appear after a later one did. Two writers (a turn and a booking update) can
   * commit out of seq order; rows this recent are looked at again. Default 5 s.
   */
  settleMs?: number;
  now?: () => number;
}

const PAGE = 200;

/**
 * The transcript is the only source: an event on the bus just says "look again", so a reply is never sent twice
 * even when a turn, an event and a replay all point at it, and a reconnecting client gets exactly what it missed.
 * @example
 * const d = new Delivery({ db, keys, conversationId, send }, lastSeq);
 * await d.flush(); // the replay
 * bus.subscribe(topic, () => void d.flush());
 */
export class Delivery {
  /** Seqs sent that are above {@link #floor}: rows there may still be joined by late ones. */
  readonly #sent = new Set<number>();
  /** (time, mark) after each flush, to find the mark of {@link DeliveryDeps.settleMs} ago. */
  readonly #marks: Array<{ at: number; mark: number }> = [];
  #floor: number;
  #mark: number;
  #chain: Promise<void> = Promise.resolve();
  #queued: Promise<void> | null = null;

  constructor(private readonly deps: DeliveryDeps, afterSeq: number) {
    this.#floor = afterSeq;
    this.#mark = afterSeq;
  }

  /** The highest seq this socket was given (or the client said it had). */
  get mark(): number {
    return this.#mark;
  }

  /** Sends what the transcript holds that this socket has not had. Calls run one at a time; waiting ones merge. */
  flush(): Promise<void> {
    if (this.#queued) return this.#queued;
    const run = this.#chain.then(() => {
      this.#queued = null;
      return this.#flushOnce();
    });
    this.#queued = run;
    this.#chain = run.catch(() => undefined);
    return run;
  }

  /** Sends `message` unless this socket already had it; true when sent. */
  offer(message: NumberedReply): boolean {
    if (this.#sent.has(message.seq)) return false;
    this.#sendOne(message);
    return true;
  }

  #sendOne(m: NumberedReply): void {
    if (m.seq > this.#floor) this.#sent.add(m.seq);
    if (m.seq > this.#mark) this.#mark = m.seq;
    this.deps.send(m);
  }

  async #flushOnce(): Promise<void> {
    const now = this.deps.now?.() ?? Date.now();
    this.#settle(now);
    let after = this.#floor;
    for (;;) {
      const page = await outboundAfter(this.deps.db, this.deps.keys, this.deps.conversationId, after, PAGE);
      for (const m of page) if (!this.#sent.has(m.seq)) this.#sendOne(m);
      if (page.length < PAGE) break;
      after = page.at(-1)!.seq;
    }
    this.#marks.push({ at: now, mark: this.#mark });
  }

  /** Raises the floor to the mark of settleMs ago and forgets the seqs below it. */
  #settle(now: number): void {
    const settleMs = this.deps.settleMs ?? 5_000;
    while (this.#marks.length && now - this.#marks[0]!.at >= settleMs) this.#floor = this.#marks.shift()!.mark;
    for (const seq of this.#sent) if (seq <= this.#floor) this.#sent.delete(seq);
  }
}
