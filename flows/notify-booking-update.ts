// Tells a traveller, in their latest conversation, that a reservation changed (confirmed, expired, cancelled by staff).
import type { Queryable } from '../db/index.ts';
import type { ReservationChange } from '../src/booking/index.ts';
import { conversationTopic, recordOutbound, type Reply } from '../src/bot/index.ts';
import type { EventBus } from '../src/bot/events/index.ts';
import type { Clock } from '../src/clock.ts';
import { formatCny } from '../src/money.ts';
import type { Keys } from '../src/security/index.ts';

function text(c: ReservationChange, zh: boolean): string {
  const r = c.reservation;
  const stay = `${r.hotelName} ${r.checkIn}→${r.checkOut}`;
  switch (r.status) {
    case 'confirmed':
      return zh ? `好消息：您的订单 ${r.code}（${stay}）已确认，合计 ${formatCny(r.total)}。` : `Good news: reservation ${r.code} (${stay}) is confirmed, ${formatCny(r.total)} in total.`;
    case 'expired':
      return zh ? `您的订单 ${r.code}（${stay}）因未在期限内付款已自动取消，房间已释放。需要的话我可以帮您重新预订。` : `Reservation ${r.code} (${stay}) was not paid in time and has been released. I can book it again for you if you like.`;
    case 'cancelled':
      if (c.role === 'agent') return zh ? `客服已为您取消订单 ${r.code}（${stay}）。` : `Our agent has cancelled reservation ${r.code} (${stay}) for you.`;
      return zh ? `您的订单 ${r.code}（${stay}）已由酒店取消。如有疑问，可以回复“转人工”。` : `Reservation ${r.code} (${stay}) was cancelled by the hotel. Reply "agent" if you have questions.`;
    default:
      return zh ? `您的订单 ${r.code} 状态已更新：${r.status}。` : `Reservation ${r.code} is now ${r.status}.`;
  }
}

/** The BookingService's onChange: a message in the traveller's latest conversation, on whatever channel it holds. */
export function bookingUpdateNotifier(deps: { db: Queryable; keys: Keys; clock: Clock; events: EventBus }) {
  return async (change: ReservationChange): Promise<void> => {
    if (!change.travellerId) return;
    const { rows } = await deps.db.query<{ id: string; channel: string; locale: string | null }>(
      'SELECT id, channel, locale FROM conversations WHERE traveller_id = $1 ORDER BY created_at DESC LIMIT 1',
      [change.travellerId],
    );
    const conv = rows[0];
    if (!conv) return;
    const reply: Reply = { type: 'message', text: text(change, conv.locale !== 'en') };
    await recordOutbound(deps.db, deps.keys, { conversationId: conv.id, channel: conv.channel, author: 'system', reply, at: deps.clock.now() });
    await deps.events.publish(conversationTopic(conv.id), reply);
  };
}
