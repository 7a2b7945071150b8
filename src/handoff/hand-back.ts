// Resolve and close: the person's part ends, the bot takes the conversation back, and the traveller is told so.
import { AppError } from '../errors.ts';
import type { Staff } from '../operators/scope.ts';
import { maskPhonesInText } from '../security/index.ts';
import { handledReservations } from './actions.ts';
import { announce } from './agent-events.ts';
import { loadConversation } from './conversation.ts';
import type { DeskDeps } from './deps.ts';
import type { PushOutcome } from './delivery.ts';
import { recordEvent } from './history.ts';
import type { HandBackDetail, ReservationNote } from './meanwhile.ts';
import { applyMove, handoffRow, lostRace, refusal } from './moves.ts';
import { handoffItem, type HandoffItem } from './queue.ts';
import { actorOf, staffActor } from './scope.ts';
import { MOVES } from './states.ts';
import { handBackText } from './texts.ts';

/** What an agent says when handing back. */
export interface HandBackInput {
  /** For the bot (and the history), never shown to the traveller: what was done, what is still open. */
  note?: string;
  /** Codes of reservations the agent made or changed for the traveller: listed to them and told to the bot. */
  reservations?: string[];
  /** Why a handoff is closed (spam, the traveller left…). */
  reason?: string;
}

/** The handoff after the move, and what became of the message that told the traveller. */
export interface HandBackResult {
  handoff: HandoffItem;
  notice: PushOutcome & { messageId: string };
}

/** The reservations as the agent may see them; a code it may not see is a 400 naming it. */
async function reservationNotes(d: DeskDeps, staff: Staff, codes: readonly string[], optional: ReadonlySet<string> = new Set()): Promise<ReservationNote[]> {
  const actor = staffActor(staff);
  const notes: ReservationNote[] = [];
  for (const code of new Set(codes.map((c) => c.toUpperCase()))) {
    const r = await d.booking.get(code, actor).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'not_found') {
        // A booking another member of staff made in a tenant this one does not see is simply not listed.
        if (optional.has(code)) return null;
        throw new AppError('invalid_request', `No reservation ${code} that you may see.`);
      }
      throw err;
    });
    if (!r) continue;
    notes.push({ code: r.code, status: r.status, hotelName: r.hotelName, roomName: r.roomName, checkIn: r.checkIn, checkOut: r.checkOut, rooms: r.rooms, total: r.total });
  }
  return notes;
}

/**
 * Ends the handoff `id` with `move` (`resolve`: the agent's active one; `close`: a queued or active one, e.g. a
 * traveller who left). The move, the message telling the traveller they are back with the assistant (with the
 * reservations handled), and the history event carrying the agent's note go in one transaction; the message then
 * goes out on the traveller's channel. The bot reads the note and the reservations on its next turn.
 */
export async function handBack(d: DeskDeps, staff: Staff, id: string, move: 'resolve' | 'close', input: HandBackInput = {}): Promise<HandBackResult> {
  const h = await handoffRow(d.db, id);
  const refused = refusal(staff, h, move);
  if (refused) throw refused;
  // The agent's own bookings and cancellations at the desk go with the hand-back whether or not it names them.
  const handled = await handledReservations(d.db, h!.id);
  const reservations = await reservationNotes(d, staff, [...(input.reservations ?? []), ...handled], new Set(handled));
  const conversation = (await loadConversation(d.db, h!.conversation_id))!;
  const to = { id: conversation.id, channel: conversation.channel, travellerId: conversation.travellerId };
  const text = handBackText(conversation.locale, reservations);
  const detail: HandBackDetail = { ...(input.note && { note: maskPhonesInText(input.note) }), ...(reservations.length > 0 && { reservations }) };
  const at = d.clock.now();
  const messageId = await d.db.transaction(async (tx) => {
    if (!(await applyMove(tx, h!, move, staff, at))) throw lostRace(move);
    const messageId = await d.delivery.record(tx, to, 'system', text);
    await recordEvent(tx, {
      handoffId: h!.id, conversationId: h!.conversation_id, kind: move, from: h!.status, to: MOVES[move].to,
      actor: actorOf(staff), actorId: staff.userId, reason: input.reason ?? null, detail, messageId, at,
    });
    return messageId;
  });
  const outcome = await d.delivery.send(to, 'system', text);
  await announce(d.events, {
    type: move === 'resolve' ? 'handoff.resolved' : 'handoff.closed', handoffId: h!.id, conversationId: h!.conversation_id,
    tenantId: h!.tenant_id, agentId: staff.userId,
  }, (err) => d.onError?.(err, { what: 'announce' }));
  return { handoff: (await handoffItem(d.db, h!.id, d.clock.now()))!, notice: { messageId, ...outcome } };
}
