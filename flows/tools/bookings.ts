// find_bookings, prepare_booking and prepare_cancellation: read a traveller's bookings, and propose writes to confirm.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { guestSchema, isoDate, type ReservationView } from '../../src/booking/index.ts';
import { defineTool, type PendingAction, type ReplyAction, type ToolContext } from '../../src/bot/index.ts';
import { groupBookingRule } from '../../src/handoff/index.ts';
import { encrypt, maskPhone } from '../../src/security/index.ts';
import { travellerActor, type FlowDeps } from '../deps.ts';
import { actionTitles } from '../texts.ts';

const codeArg = z.string().trim().regex(/^[A-Za-z0-9]{6,12}$/, 'must be a reservation code such as TD7K4Q2P').transform((s) => s.toUpperCase());

const bookingView = (r: ReservationView) => ({
  code: r.code, status: r.status, hotelName: r.hotelName, roomName: r.roomName, checkIn: r.checkIn, checkOut: r.checkOut,
  rooms: r.rooms, guests: r.guests, total: r.total, guestName: r.guest.name, holdExpiresAt: r.holdExpiresAt,
  freeCancellationUntil: r.freeCancellationUntil,
});

/** Keeps `action` as the conversation's one pending action and gives the buttons that confirm or decline it. */
function propose(ctx: ToolContext, action: Omit<PendingAction, 'id' | 'createdAt' | 'turn'>, now: Date): { id: string; actions: ReplyAction[] } {
  const id = randomUUID();
  ctx.memory.pending = { ...action, id, createdAt: now.toISOString(), turn: ctx.memory.turn };
  const t = actionTitles(ctx.locale, action.kind);
  return { id, actions: [{ title: t.confirm, value: `confirm:${id}` }, { title: t.decline, value: `decline:${id}` }] };
}

/** The find_bookings tool. */
export function findBookingsTool(deps: FlowDeps) {
  return defineTool({
    name: 'find_bookings',
    description: "The traveller's own reservations (newest first), or the one with this code when it is theirs.",
    kind: 'read',
    schema: z.object({ code: codeArg.optional() }).strict(),
    async run({ code }, ctx) {
      const actor = travellerActor(ctx);
      if (code) {
        try {
          return { data: { bookings: [bookingView(await deps.booking.get(code, actor))] } };
        } catch {
          return { data: { bookings: [], message: `No reservation ${code} belongs to this traveller.` } };
        }
      }
      return { data: { bookings: (await deps.booking.listOwn(ctx.travellerId, 10)).map(bookingView) } };
    },
  });
}

/** The prepare_booking tool: a server-priced quote and a pending action, nothing written. */
export function prepareBookingTool(deps: FlowDeps) {
  return defineTool({
    name: 'prepare_booking',
    description:
      'Prepare a booking: returns a server-priced quote and an actionId. Show the summary to the traveller and ask them to confirm; only after their explicit yes call confirm with the actionId.',
    kind: 'prepare',
    schema: z
      .object({
        hotelId: z.uuid(), roomTypeId: z.uuid(), checkIn: isoDate, checkOut: isoDate,
        rooms: z.number().int().min(1).max(20), guests: z.number().int().min(1).max(80),
        guestName: guestSchema.shape.name, guestPhone: guestSchema.shape.phone,
      })
      .strict(),
    async run(a, ctx) {
      // The operator's rule: a group of more rooms than the tenant allows goes to a person, not to a quote.
      const group = await groupBookingRule(deps.db, a.hotelId);
      if (group && a.rooms > group.maxRooms) {
        return {
          data: { handedOff: true, message: `Bookings of more than ${group.maxRooms} rooms are arranged by a colleague; the conversation goes to one now.` },
          handoff: { reason: 'group_booking', detail: `${a.rooms} rooms at ${group.hotelName}, ${a.checkIn} to ${a.checkOut}` },
        };
      }
      const quote = await deps.booking.quote(
        { hotelId: a.hotelId, roomTypeId: a.roomTypeId, checkIn: a.checkIn, checkOut: a.checkOut, rooms: a.rooms, guests: a.guests },
        travellerActor(ctx),
      );
      const summary = `${quote.hotelName} · ${quote.roomName} · ${quote.checkIn}→${quote.checkOut} · ${quote.rooms}×${quote.nights} · ${quote.total.amount / 100} CNY`;
      const { id, actions } = propose(ctx, {
        kind: 'book', summary, expiresAt: quote.expiresAt,
        data: { quoteToken: quote.token, hotelId: a.hotelId, roomTypeId: a.roomTypeId, checkIn: a.checkIn, checkOut: a.checkOut, rooms: a.rooms, guests: a.guests, guestName: a.guestName, phoneSealed: encrypt(deps.keys, a.guestPhone) },
      }, deps.clock.now());
      return {
        data: {
          actionId: id,
          quote: { hotelName: quote.hotelName, roomName: quote.roomName, checkIn: quote.checkIn, checkOut: quote.checkOut, nights: quote.nights, rooms: quote.rooms, guests: quote.guests, pricePerNight: quote.pricePerNight, total: quote.total, paymentMode: quote.paymentMode, freeCancellationUntil: quote.freeCancellationUntil, validUntil: quote.expiresAt },
          guest: { name: a.guestName, phone: maskPhone(a.guestPhone) },
          next: 'Show this summary and ask the traveller to confirm. Call confirm only after they say yes in their next message.',
        },
        actions,
      };
    },
  });
}

/** The prepare_cancellation tool: the cancellation terms and a pending action, nothing written. */
export function prepareCancellationTool(deps: FlowDeps) {
  return defineTool({
    name: 'prepare_cancellation',
    description: "Prepare cancelling one of the traveller's reservations: returns the terms and an actionId to confirm.",
    kind: 'prepare',
    schema: z.object({ code: codeArg }).strict(),
    async run({ code }, ctx) {
      const r = await deps.booking.get(code, travellerActor(ctx));
      if (r.status !== 'held' && r.status !== 'confirmed') {
        return { data: { error: 'not_cancellable', message: `Reservation ${r.code} is ${r.status}.` } };
      }
      const now = deps.clock.now();
      if (now >= new Date(r.freeCancellationUntil)) {
        return { data: { error: 'not_cancellable', message: 'Free cancellation has ended; a person can help.', freeCancellationUntil: r.freeCancellationUntil } };
      }
      const { id, actions } = propose(ctx, {
        kind: 'cancel', summary: `cancel ${r.code}`, expiresAt: new Date(now.getTime() + 30 * 60_000).toISOString(), data: { code: r.code },
      }, now);
      return { data: { actionId: id, reservation: bookingView(r), terms: { free: true, freeCancellationUntil: r.freeCancellationUntil }, next: 'Ask the traveller to confirm the cancellation.' }, actions };
    },
  });
}
