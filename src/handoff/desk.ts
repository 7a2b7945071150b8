// The agents' desk: the queue, claiming, replying, handing back and the waiting notice, over one set of dependencies.
import type { Db } from '../../db/index.ts';
import type { BookingService } from '../booking/index.ts';
import type { EventBus } from '../bot/events/index.ts';
import type { Clock } from '../clock.ts';
import { AppError } from '../errors.ts';
import type { JobQueue } from '../jobs/index.ts';
import type { Staff } from '../operators/scope.ts';
import type { Keys } from '../security/index.ts';
import { agentMessage, type AgentMessageResult } from './agent-message.ts';
import { claimHandoff, releaseHandoff } from './claim.ts';
import { conversationView, type ConversationView, type HandoffWithHistory } from './conversation-view.ts';
import type { DeskDeps } from './deps.ts';
import { Delivery, type ChannelPush } from './delivery.ts';
import { handBack, type HandBackInput, type HandBackResult } from './hand-back.ts';
import { eventsOf } from './history.ts';
import { handoffItem, listHandoffs, type HandoffItem, type HandoffQuery } from './queue.ts';
import { assertDeskStaff, seesTenant } from './scope.ts';
import { DEFAULT_RULES, type HandoffRules } from './settings.ts';
import { sendWaitNotices, WAIT_NOTICE_JOB } from './wait-notice.ts';
import type { Quote, ReservationInput, ReservationView, SearchResult } from '../booking/index.ts';
import { agentBook, agentCancel, agentQuote, agentSearch, type AgentBooking } from './booking-tools.ts';
import { createCannedReply, deleteCannedReply, listCannedReplies, type CannedReply } from './canned-replies.ts';
import { offerQueued, type Offer } from './offer.ts';
import { heartbeat, instanceGone, onlineAgents, socketClosed, socketOpened, type OnlineAgent } from './presence.ts';
import type { AgentSearchInput } from './schemas.ts';

/** Options of {@link AgentDesk}. */
export interface AgentDeskOptions {
  db: Db;
  clock: Clock;
  keys: Keys;
  events: EventBus;
  booking: BookingService;
  /** Defaults for tenants without their own rules (capacity 3, waiting notice after 5 minutes, groups over 5 rooms). */
  rules?: Partial<HandoffRules>;
  /** How often the waiting-notice job runs; default 30 s. */
  waitSweepEveryMs?: number;
  onError?: (err: unknown, context: Record<string, unknown>) => void;
}

/**
 * Everything agents (and admins acting as agents) do. Every method takes the acting member of staff and enforces
 * the rules itself: only agents and admins (403); another tenant's handoff or conversation answers 404; moves
 * follow the state machine (409 `conflict` otherwise).
 * @example
 * const queue = await desk.list(staff, { status: 'queued' });
 * await desk.claim(staff, queue[0].id);
 * await desk.reply(staff, queue[0].conversationId, '您好，我是客服小王');
 * await desk.resolve(staff, queue[0].id, { note: 'Booked two rooms', reservations: ['TD7K4Q2P'] });
 */
export class AgentDesk {
  readonly #d: DeskDeps;
  readonly #sweepEveryMs: number;

  constructor(o: AgentDeskOptions) {
    const delivery = new Delivery({ db: o.db, keys: o.keys, clock: o.clock, events: o.events, onError: o.onError });
    this.#d = { db: o.db, clock: o.clock, events: o.events, booking: o.booking, delivery, rules: { ...DEFAULT_RULES, ...o.rules }, onError: o.onError };
    this.#sweepEveryMs = o.waitSweepEveryMs ?? 30_000;
  }

  /** Plugs in a channel that sends later messages itself (WeChat's customer-service messages). */
  pushVia(channel: string, push: ChannelPush): void {
    this.#d.delivery.pushVia(channel, push);
  }

  /** Registers the waiting-notice job and its repeat; call before `jobs.start()`. */
  async registerJobs(jobs: JobQueue): Promise<void> {
    jobs.handle(WAIT_NOTICE_JOB, async () => {
      await this.sendWaitNotices();
      // The safety net of offering: offers that lapsed, agents whose instance died.
      await this.offer();
    });
    await jobs.repeat(WAIT_NOTICE_JOB, this.#sweepEveryMs);
  }

  /** The handoffs of a status in the caller's tenants (queued: oldest first). */
  list(staff: Staff, query: HandoffQuery): Promise<HandoffItem[]> {
    assertDeskStaff(staff);
    return listHandoffs(this.#d.db, staff, query, this.#d.clock.now());
  }

  /** One handoff with its history. */
  async get(staff: Staff, id: string): Promise<HandoffWithHistory> {
    assertDeskStaff(staff);
    const h = await handoffItem(this.#d.db, id, this.#d.clock.now());
    if (!h || !seesTenant(staff, h.tenantId)) throw new AppError('not_found', 'No such handoff.');
    return { ...h, events: (await eventsOf(this.#d.db, [id])).get(id) ?? [] };
  }

  /** Takes a queued handoff: exactly one of two agents at once wins; 409 `agent_at_capacity` beyond the limit. */
  async claim(staff: Staff, id: string): Promise<HandoffItem> {
    assertDeskStaff(staff);
    await claimHandoff(this.#d, staff, id);
    return (await handoffItem(this.#d.db, id, this.#d.clock.now()))!;
  }

  /** Puts one's active handoff back in the queue (the traveller keeps their place). */
  async release(staff: Staff, id: string, reason?: string): Promise<HandoffItem> {
    assertDeskStaff(staff);
    await releaseHandoff(this.#d, staff, id, reason);
    await this.#offerSoon();
    return (await handoffItem(this.#d.db, id, this.#d.clock.now()))!;
  }

  /**
   * Ends one's active handoff: the bot takes the conversation back, knowing the note and the reservations (those
   * the agent booked or cancelled at the desk included).
   */
  async resolve(staff: Staff, id: string, input: HandBackInput = {}): Promise<HandBackResult> {
    assertDeskStaff(staff);
    const result = await handBack(this.#d, staff, id, 'resolve', input);
    await this.#offerSoon();
    return result;
  }

  /** Ends a queued or one's active handoff without handling it (spam, the traveller left); the bot takes it back. */
  async close(staff: Staff, id: string, input: HandBackInput = {}): Promise<HandBackResult> {
    assertDeskStaff(staff);
    const result = await handBack(this.#d, staff, id, 'close', input);
    await this.#offerSoon();
    return result;
  }

  /** Searches hotels for the traveller (the `search_hotels` arguments), as the agent holding the conversation. */
  search(staff: Staff, conversationId: string, input: AgentSearchInput): Promise<SearchResult> {
    assertDeskStaff(staff);
    return agentSearch(this.#d, staff, conversationId, input);
  }

  /** A server-priced quote for the traveller. */
  quote(staff: Staff, conversationId: string, input: Parameters<typeof agentQuote>[3]): Promise<Quote> {
    assertDeskStaff(staff);
    return agentQuote(this.#d, staff, conversationId, input);
  }

  /** Books for the traveller, once per Idempotency-Key; the reservation is the traveller's own. */
  book(staff: Staff, conversationId: string, input: ReservationInput, idempotencyKey: string): Promise<AgentBooking> {
    assertDeskStaff(staff);
    return agentBook(this.#d, staff, conversationId, input, idempotencyKey);
  }

  /** Cancels one of the traveller's reservations. */
  cancelReservation(staff: Staff, conversationId: string, code: string): Promise<ReservationView> {
    assertDeskStaff(staff);
    return agentCancel(this.#d, staff, conversationId, code);
  }

  /** The canned replies of the caller's tenant (a tenant's first look gives it a starter set). */
  cannedReplies(staff: Staff, query: { tenantId?: string; locale?: 'zh-CN' | 'en' }): Promise<CannedReply[]> {
    assertDeskStaff(staff);
    return listCannedReplies(this.#d.db, staff, query, this.#d.clock.now());
  }

  /** Adds a canned reply. */
  addCannedReply(staff: Staff, input: Parameters<typeof createCannedReply>[2]): Promise<CannedReply> {
    assertDeskStaff(staff);
    return createCannedReply(this.#d.db, staff, input, this.#d.clock.now());
  }

  /** Deletes a canned reply. */
  deleteCannedReply(staff: Staff, id: string): Promise<void> {
    assertDeskStaff(staff);
    return deleteCannedReply(this.#d.db, staff, id);
  }

  /** The online agents the caller sees. */
  online(staff: Staff): Promise<OnlineAgent[]> {
    assertDeskStaff(staff);
    return onlineAgents(this.#d.db, staff, this.#d.clock.now());
  }

  /** A console socket of `staff` opened on instance `instanceId`: the agent is online, and queued handoffs are offered. */
  async socketOpened(staff: Staff, instanceId: string): Promise<void> {
    await socketOpened(this.#d.db, staff, instanceId, this.#d.clock.now());
    await this.#offerSoon();
  }

  /** A console socket closed. */
  socketClosed(userId: string, instanceId: string): Promise<void> {
    return socketClosed(this.#d.db, userId, instanceId);
  }

  /** The instance's heartbeat: its agents stay online; lapsed offers and the agents of dead instances are re-offered. */
  async heartbeat(instanceId: string): Promise<void> {
    await heartbeat(this.#d.db, instanceId, this.#d.clock.now());
    await this.#offerSoon();
  }

  /** The instance stops: its agents' sockets are gone. */
  instanceGone(instanceId: string): Promise<void> {
    return instanceGone(this.#d.db, instanceId);
  }

  /** Offers queued handoffs to online agents with free seats now; returns the offers made. */
  offer(): Promise<Offer[]> {
    return offerQueued(this.#d);
  }

  /** Offering after a change is a courtesy: it never fails the change (the heartbeat and the sweep try again). */
  async #offerSoon(): Promise<void> {
    await this.offer().catch((err: unknown) => this.#d.onError?.(err, { what: 'offer' }));
  }

  /** Writes to the traveller on their channel (the holding agent or an admin). */
  reply(staff: Staff, conversationId: string, text: string): Promise<AgentMessageResult> {
    assertDeskStaff(staff);
    return agentMessage(this.#d, staff, conversationId, text);
  }

  /** The transcript, the bot's traces, the handoffs and the traveller's context. */
  conversation(staff: Staff, conversationId: string): Promise<ConversationView> {
    assertDeskStaff(staff);
    return conversationView(this.#d, staff, conversationId);
  }

  /** Sends the due waiting notices now (the job's work); returns how many travellers were told. */
  sendWaitNotices(): Promise<number> {
    return sendWaitNotices(this.#d);
  }
}
