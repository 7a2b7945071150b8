// Messages from the desk to a traveller: written to the transcript, then sent on the traveller's own channel.
import type { Queryable } from '../../db/index.ts';
import { conversationTopic, recordOutbound, type Reply } from '../bot/index.ts';
import type { EventBus } from '../bot/events/index.ts';
import type { Clock } from '../clock.ts';
import type { Keys } from '../security/index.ts';

/** What became of a message on the traveller's channel. */
export interface PushOutcome {
  delivered: boolean;
  /** Why not, as a code: `wechat_window_closed`, `channel_error`. */
  reason?: string;
}

/**
 * A channel that must send a later message itself (WeChat's customer-service API), as the composition root plugs it
 * in. Channels that read the transcript or the conversation's topic (web, app) need none.
 * @example desk.pushVia('wechat', { send: async ({ travellerId, text }) => …, proactiveWindowHours: 48 });
 */
export interface ChannelPush {
  send(m: { conversationId: string; travellerId: string; text: string }): Promise<PushOutcome>;
  /** The channel may write only this many hours after the traveller's last message (WeChat: 48). */
  proactiveWindowHours?: number;
}

/** The conversation a message goes to. */
export interface Recipient {
  id: string;
  channel: string;
  travellerId: string;
}

/** What delivery needs. */
export interface DeliveryDeps {
  db: Queryable;
  keys: Keys;
  clock: Clock;
  events: EventBus;
  /** Told about a channel or the event bus failing; the message stays in the transcript either way. */
  onError?: (err: unknown, context: Record<string, unknown>) => void;
}

/**
 * The desk's way to the traveller. The transcript comes first: the web chat's socket reads it on each event (and
 * replays it on reconnect), the app's stream forwards the event, and WeChat gets a customer-service message.
 * @example
 * const id = await delivery.record(tx, to, 'agent', '您好，我来帮您');
 * const outcome = await delivery.send(to, 'agent', '您好，我来帮您');
 */
export class Delivery {
  readonly #pushes = new Map<string, ChannelPush>();

  constructor(private readonly deps: DeliveryDeps) {}

  /** Plugs in the push of a channel (replacing any earlier one). */
  pushVia(channel: string, push: ChannelPush): void {
    this.#pushes.set(channel, push);
  }

  /** The channel's reply window in hours, when it has one. */
  windowHours(channel: string): number | undefined {
    return this.#pushes.get(channel)?.proactiveWindowHours;
  }

  /** Writes the message to the transcript (in `q`: the move's transaction, or the database) and returns its id. */
  record(q: Queryable, to: Recipient, author: 'agent' | 'system', text: string): Promise<string> {
    return recordOutbound(q, this.deps.keys, { conversationId: to.id, channel: to.channel, author, reply: textOf(text), at: this.deps.clock.now() });
  }

  /** Announces a recorded message on the conversation's topic and pushes it through the channel when it needs that. */
  async send(to: Recipient, author: 'agent' | 'system', text: string): Promise<PushOutcome> {
    try {
      // A Reply, plus who wrote it (the app's stream forwards the event as it is).
      await this.deps.events.publish(conversationTopic(to.id), { ...textOf(text), author });
    } catch (err) {
      // The socket's replay and the next SSE connection still find it in the transcript.
      this.deps.onError?.(err, { conversationId: to.id, what: 'publish' });
    }
    const push = this.#pushes.get(to.channel);
    if (!push) return { delivered: true };
    try {
      return await push.send({ conversationId: to.id, travellerId: to.travellerId, text });
    } catch (err) {
      this.deps.onError?.(err, { conversationId: to.id, channel: to.channel, what: 'push' });
      return { delivered: false, reason: 'channel_error' };
    }
  }

  /** {@link record} then {@link send}. */
  async deliver(to: Recipient, author: 'agent' | 'system', text: string): Promise<PushOutcome & { messageId: string }> {
    const messageId = await this.record(this.deps.db, to, author, text);
    return { messageId, ...(await this.send(to, author, text)) };
  }
}

const textOf = (text: string): Reply => ({ type: 'message', text });
