// Booking on a traveller's behalf: the agent holding the conversation searches, quotes, books and cancels with the
// same booking service as the bot and the booking page, as the traveller's own reservation, recorded as its action.
import type { Actor, Quote, ReservationInput, ReservationView, SearchResult } from '../booking/index.ts';
import { AppError } from '../errors.ts';
import type { Staff } from '../operators/scope.ts';
import { announce } from './agent-events.ts';
import { recordAction } from './actions.ts';
import type { DeskConversation } from './conversation.ts';
import type { DeskDeps } from './deps.ts';
import type { PushOutcome } from './delivery.ts';
import { holding, type OpenHandoff } from './holding.ts';
import type { AgentSearchInput } from './schemas.ts';
import { staffActor } from './scope.ts';
import { agentBookedText } from './texts.ts';

/** What a booking made by an agent answers. */
export interface AgentBooking {
  reservation: ReservationView;
  /** True when the Idempotency-Key was seen before: the first booking, not a second. */
  replayed: boolean;
  /** The message that told the traveller (absent on a replay that had told them already). */
  notice: (PushOutcome & { messageId: string }) | null;
}

/** The traveller of the conversation as the booking domain knows actors: their reservation, in their tenant. */
function travellerOf(c: DeskConversation): Actor {
  return { kind: 'traveller', travellerId: c.travellerId, channel: c.channel, tenantId: c.tenantId };
}

async function told(d: DeskDeps, staff: Staff, h: OpenHandoff, c: DeskConversation, action: string, detail: Record<string, unknown>) {
  await announce(d.events, { type: 'agent.action', handoffId: h.id, conversationId: c.id, tenantId: c.tenantId, agentId: staff.userId, action, ...detail },
    (err) => d.onError?.(err, { what: 'announce' }));
}

/**
 * Searches hotels for the traveller with the arguments of the `search_hotels` tool, in the traveller's tenant:
 * grouped by tier. The search is recorded as the agent's action.
 * @example const result = await agentSearch(deps, staff, conversationId, { city: '北京', checkIn, checkOut, guests: 2 });
 */
export async function agentSearch(d: DeskDeps, staff: Staff, conversationId: string, a: AgentSearchInput): Promise<SearchResult> {
  const { conversation: c, handoff: h } = await holding(d.db, staff, conversationId);
  const result = await d.booking.search({ ...a, rooms: a.rooms ?? 1, limitPerTier: 5 }, travellerOf(c));
  await recordAction(d.db, staff, h, c.id, 'search', { args: a, counts: result.counts }, d.clock.now());
  await told(d, staff, h, c, 'search', {});
  return result;
}

/**
 * A server-priced quote for the traveller (kept like the bot's, with its token), recorded as the agent's action.
 * @example const quote = await agentQuote(deps, staff, conversationId, { hotelId, roomTypeId, checkIn, checkOut, rooms: 1, guests: 2 });
 */
export async function agentQuote(d: DeskDeps, staff: Staff, conversationId: string, input: Parameters<DeskDeps['booking']['quote']>[0]): Promise<Quote> {
  const { conversation: c, handoff: h } = await holding(d.db, staff, conversationId);
  const quote = await d.booking.quote(input, travellerOf(c));
  await recordAction(d.db, staff, h, c.id, 'quote', {
    hotelId: quote.hotelId, hotelName: quote.hotelName, roomName: quote.roomName, checkIn: quote.checkIn, checkOut: quote.checkOut,
    rooms: quote.rooms, guests: quote.guests, total: quote.total, expiresAt: quote.expiresAt,
  }, d.clock.now());
  await told(d, staff, h, c, 'quote', {});
  return quote;
}

/**
 * Books for the traveller: the reservation is theirs (their tenant, their `find_bookings`), made by an agent. The
 * same Idempotency-Key again returns the same reservation, never a second; the action is recorded, and the traveller
 * told, once. The hand-back lists it to the traveller and the bot.
 * @example const { reservation } = await agentBook(deps, staff, conversationId, input, 'console-7f3a');
 */
export async function agentBook(d: DeskDeps, staff: Staff, conversationId: string, input: ReservationInput, idempotencyKey: string): Promise<AgentBooking> {
  const { conversation: c, handoff: h } = await holding(d.db, staff, conversationId);
  const { reservation: r, replayed } = await d.booking.book(input, travellerOf(c), {
    // The desk's keys live beside the traveller's own: an agent's key never replays the traveller's booking.
    idempotencyKey: `desk:${staff.userId}:${idempotencyKey}`, bookedBy: 'agent',
  });
  const first = await recordAction(d.db, staff, h, c.id, 'book', {
    code: r.code, status: r.status, hotelName: r.hotelName, roomName: r.roomName, checkIn: r.checkIn, checkOut: r.checkOut,
    rooms: r.rooms, total: r.total,
  }, d.clock.now());
  if (!first) return { reservation: r, replayed, notice: null };
  const notice = await d.delivery.deliver({ id: c.id, channel: c.channel, travellerId: c.travellerId }, 'system', agentBookedText(c.locale, r));
  await told(d, staff, h, c, 'book', { code: r.code });
  return { reservation: r, replayed, notice };
}

/**
 * Cancels one of the traveller's reservations (staff rules: also after free cancellation ends); the booking service
 * tells the traveller. Another traveller's code answers 404; cancelling again returns the cancelled reservation.
 * @example const r = await agentCancel(deps, staff, conversationId, 'TD7K4Q2P');
 */
export async function agentCancel(d: DeskDeps, staff: Staff, conversationId: string, code: string): Promise<ReservationView> {
  const { conversation: c, handoff: h } = await holding(d.db, staff, conversationId);
  const before = await d.booking.get(code, travellerOf(c)).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'not_found') throw new AppError('not_found', 'No such reservation of this traveller.');
    throw err;
  });
  const r = await d.booking.cancel(before.code, staffActor(staff));
  if (before.status !== 'cancelled') {
    await recordAction(d.db, staff, h, c.id, 'cancel', { code: r.code, hotelName: r.hotelName, checkIn: r.checkIn, checkOut: r.checkOut, from: before.status }, d.clock.now());
    await told(d, staff, h, c, 'cancel', { code: r.code });
  }
  return r;
}
