// What the desk tells the traveller in their language: the hand-back to the bot, and the honest "agents are busy".
import type { Locale } from '../bot/index.ts';
import { formatCny } from '../money.ts';
import type { ReservationNote } from './meanwhile.ts';

const zh = (l: Locale) => l !== 'en';

function reservationLine(r: ReservationNote, l: Locale): string {
  const status: Record<string, [string, string]> = {
    held: ['待付款', 'awaiting payment'], confirmed: ['已确认', 'confirmed'], cancelled: ['已取消', 'cancelled'], expired: ['已失效', 'expired'],
  };
  const [sz, se] = status[r.status] ?? [r.status, r.status];
  return zh(l)
    ? `· ${r.code} ${r.hotelName} ${r.roomName}，${r.checkIn} 至 ${r.checkOut}，${r.rooms} 间，${formatCny(r.total)}（${sz}）`
    : `· ${r.code} ${r.hotelName}, ${r.roomName}, ${r.checkIn} to ${r.checkOut}, ${r.rooms} room(s), ${formatCny(r.total)} (${se})`;
}

/**
 * The message that ends a person's part: the traveller is back with the assistant, and hears what was done for them.
 * @example handBackText('zh-CN', [])  // '人工客服已结束本次服务，您已回到智能助手。…'
 */
export function handBackText(locale: Locale, reservations: readonly ReservationNote[]): string {
  const lines = reservations.map((r) => reservationLine(r, locale));
  if (zh(locale)) {
    return [
      '人工客服已结束本次服务，您已回到智能助手。',
      ...(lines.length ? ['客服为您办理的订单：', ...lines] : []),
      '还有其他问题可以直接问我；如需再次联系人工客服，回复“转人工”即可。',
    ].join('\n');
  }
  return [
    'Our colleague has finished helping you, and you are back with the assistant.',
    ...(lines.length ? ['Reservations handled for you:', ...lines] : []),
    'Ask me anything else here; reply "agent" to reach a person again.',
  ].join('\n');
}

/**
 * The one message a traveller gets after waiting in the queue too long. A channel that can only answer within a
 * window after the traveller's last message (WeChat: 48 hours) says so, honestly.
 * @example waitNoticeText('zh-CN', 48)
 */
export function waitNoticeText(locale: Locale, proactiveWindowHours?: number): string {
  const window = proactiveWindowHours
    ? zh(locale)
      ? `客服的回复会在您最后一条消息后的 ${proactiveWindowHours} 小时内继续发送到这里；如超过 ${proactiveWindowHours} 小时仍未收到，请再发一条消息，我们就能继续回复您。`
      : `Replies keep coming here within ${proactiveWindowHours} hours of your last message; if that time passes without an answer, just send us another message so we can reply.`
    : '';
  const head = zh(locale)
    ? '抱歉让您久等了：目前客服繁忙，您仍在排队中，客服接入后会第一时间回复您，无需重复发送。'
    : "Sorry for the wait: our colleagues are busy right now. You are still in the queue and will hear from a person as soon as one is free; there is no need to send your message again.";
  return [head, window].filter(Boolean).join('\n');
}

/**
 * What the traveller reads when an agent booked for them: the reservation, its code and what happens next.
 * @example agentBookedText('en', reservation) // 'Our colleague booked for you: TD7K4Q2P …'
 */
export function agentBookedText(locale: Locale, r: ReservationNote & { paymentMode?: string; holdExpiresAt?: string | null }): string {
  const held = r.status === 'held';
  return zh(locale)
    ? ['客服已为您预订：', reservationLine(r, locale), held ? '请在付款期限内完成付款，逾期订单将自动取消。' : '订单已确认，入住时出示订单号即可。'].join('\n')
    : ['Our colleague booked for you:', reservationLine(r, locale), held ? 'Please pay before the deadline, or the hold is released.' : 'It is confirmed; show the code at check-in.'].join('\n');
}
