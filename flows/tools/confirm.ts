// confirm: the confirmation gate. A pending write runs only when the traveller's latest message confirms it.
import { z } from 'zod';
import { defineTool, type PendingAction, type ToolContext } from '../../src/bot/index.ts';
import { decrypt } from '../../src/security/index.ts';
import { confirmedActionId, isAffirmative } from '../confirmation.ts';
import { travellerActor, type FlowDeps } from '../deps.ts';

/**
 * Whether this turn's traveller message confirms `action`: a tap on its confirm button, or a plain yes typed in
 * answer to it (the message right after the summary). Never the model's word alone.
 */
export function travellerConfirms(ctx: ToolContext, action: PendingAction): boolean {
  const tapped = confirmedActionId(ctx.message.payload);
  if (tapped !== undefined) return tapped === action.id;
  return ctx.memory.turn === action.turn + 1 && isAffirmative(ctx.message.text);
}

/** The confirm tool. */
export function confirmTool(deps: FlowDeps) {
  return defineTool({
    name: 'confirm',
    description: "Run the pending action (a booking or a cancellation) after the traveller's explicit yes. Fails with not_confirmed otherwise.",
    kind: 'confirm',
    schema: z.object({ actionId: z.string().min(1).max(100) }).strict(),
    async run({ actionId }, ctx) {
      const action = ctx.memory.pending;
      if (!action || action.id !== actionId) {
        return { data: { error: 'not_confirmed', message: 'There is no pending action with this id; prepare it first.' } };
      }
      if (!travellerConfirms(ctx, action)) {
        return { data: { error: 'not_confirmed', message: "The traveller's latest message does not confirm this action. Ask them." } };
      }
      ctx.memory.pending = undefined;
      const actor = travellerActor(ctx);
      if (action.kind === 'cancel') {
        const r = await deps.booking.cancel(String(action.data.code), actor);
        return { data: { cancelled: true, reservation: { code: r.code, status: r.status, hotelName: r.hotelName, checkIn: r.checkIn, checkOut: r.checkOut } }, wrote: { kind: 'cancel', code: r.code } };
      }
      const d = action.data as { quoteToken: string; hotelId: string; roomTypeId: string; checkIn: string; checkOut: string; rooms: number; guests: number; guestName: string; phoneSealed: string };
      const { reservation: r } = await deps.booking.book(
        { hotelId: d.hotelId, roomTypeId: d.roomTypeId, checkIn: d.checkIn, checkOut: d.checkOut, rooms: d.rooms, guests: d.guests, guest: { name: d.guestName, phone: decrypt(deps.keys, d.phoneSealed) }, quoteToken: d.quoteToken },
        actor,
        // One action books once, however often the model or a retried turn confirms it.
        { idempotencyKey: `action:${action.id}`, bookedBy: 'bot' },
      );
      return {
        data: { booked: true, reservation: { code: r.code, status: r.status, hotelName: r.hotelName, roomName: r.roomName, checkIn: r.checkIn, checkOut: r.checkOut, rooms: r.rooms, total: r.total, holdExpiresAt: r.holdExpiresAt } },
        wrote: { kind: 'book', code: r.code },
      };
    },
  });
}

/** The handoff_to_human tool. */
export function handoffTool() {
  return defineTool({
    name: 'handoff_to_human',
    description: 'Hand the conversation to a human agent (the traveller asks for a person, or you cannot help).',
    kind: 'handoff',
    schema: z.object({ reason: z.string().min(1).max(300) }).strict(),
    async run({ reason }, ctx) {
      const asked = /人工|真人|human|person|agent/i.test(ctx.message.text);
      return { data: { handedOff: true }, handoff: { reason: asked ? 'traveller_request' : 'bot_request', detail: reason } };
    },
  });
}
