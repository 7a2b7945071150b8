// The booking page's rules without `wx`: the quote shown, the guest checked, the body built, every error explained.
import { formatInstant, formatMoney, formatStayDate, statusLabel } from '../../utils/format.js';
import type { ApiResult } from '../../utils/result.js';
import { translate, type Lang, type TextKey } from '../../utils/texts.js';
import type { ApiErrorBody, BookingBody, Quote, Reservation } from '../../utils/types.js';

/** One labelled line of the quote. */
export interface QuoteLine {
  label: string;
  value: string;
}

/** The quote as the page lists it. */
export function quoteLines(q: Quote, lang: Lang, utcOffsetMinutes: number, now: number): QuoteLine[] {
  const t = (k: TextKey, v?: Record<string, string | number>) => translate(lang, k, v);
  const freeUntil = Date.parse(q.freeCancellationUntil);
  const cancellation = Number.isNaN(freeUntil) || freeUntil <= now
    ? t('noFreeCancel')
    : t('freeCancelUntil', { time: formatInstant(q.freeCancellationUntil, utcOffsetMinutes) });
  return [
    { label: t('hotel'), value: q.hotelName },
    { label: t('room'), value: q.roomName },
    { label: t('checkIn'), value: formatStayDate(lang, q.checkIn) },
    { label: t('checkOut'), value: formatStayDate(lang, q.checkOut) },
    { label: t('nights'), value: t('nightsValue', { n: q.nights }) },
    { label: t('rooms'), value: String(q.rooms) },
    { label: t('guests'), value: String(q.guests) },
    { label: t('pricePerNight'), value: formatMoney(q.pricePerNight) },
    { label: t('total'), value: formatMoney(q.total) },
    { label: t('payment'), value: t(q.paymentMode === 'prepay' ? 'prepay' : 'payAtHotel') },
    { label: t('cancellation'), value: cancellation },
  ];
}

/** Whether the quote can no longer be booked (the server says so, or its time is up). */
export function quoteExpired(q: Quote, now: number): boolean {
  return q.expired === true || Date.parse(q.expiresAt) <= now;
}

/** The guest as the server will take it, or the text key of what to fix (the server's own rules, checked early). */
export function checkGuest(name: string, phone: string): { ok: true; name: string; phone: string } | { ok: false; error: TextKey } {
  const n = name.trim();
  const p = phone.trim();
  if (n.length < 1 || n.length > 100) return { ok: false, error: 'errNameRequired' };
  if (!/^\+?[0-9][0-9 ()-]{4,22}$/.test(p) || p.replace(/\D/g, '').length < 6) return { ok: false, error: 'errPhoneRequired' };
  return { ok: true, name: n, phone: p };
}

/** Body of `POST /v1/reservations` for this quote: the stay exactly as quoted, booked at the quote's price. */
export function bookingBody(q: Quote, guest: { name: string; phone: string }): BookingBody {
  return {
    hotelId: q.hotelId,
    roomTypeId: q.roomTypeId,
    checkIn: q.checkIn,
    checkOut: q.checkOut,
    rooms: q.rooms,
    guests: q.guests,
    guest: { name: guest.name, phone: guest.phone },
    quoteToken: q.token,
  };
}

const MESSAGES: Record<string, TextKey> = {
  sold_out: 'errSoldOut',
  quote_expired: 'errQuoteExpired',
  quote_used: 'errQuoteUsed',
  invalid_request: 'errInvalidRequest',
  not_found: 'errNotFound',
  capacity_exceeded: 'errCapacity',
  invalid_dates: 'errDates',
  rate_limited: 'errRate',
  unauthorized: 'errUnauthorized',
  network: 'errNetwork',
};

/** Codes after which this quote cannot be booked from this page: the form locks. */
const FINAL = ['sold_out', 'quote_expired', 'quote_used', 'not_found', 'invalid_dates'];

/** The field a 400's first zod issue names, as the traveller knows it. */
function fieldOf(details: ApiErrorBody['details'], lang: Lang): string | null {
  const path = details?.[0]?.path?.join('.');
  if (path === 'guest.name') return translate(lang, 'guestName');
  if (path === 'guest.phone') return translate(lang, 'guestPhone');
  return null;
}

/**
 * What to tell the traveller about a failed call.
 * @example errorMessage('zh-CN', { error: 'sold_out' }) // '抱歉，所选日期中有一晚已经订满。…'
 */
export function errorMessage(lang: Lang, e: { error: string; details?: ApiErrorBody['details'] }): string {
  if (e.error === 'invalid_request') {
    const field = fieldOf(e.details, lang);
    if (field) return translate(lang, 'errInvalidField', { field });
  }
  const key = MESSAGES[e.error];
  if (key) return translate(lang, key);
  if (e.error === 'conflict' || /^http_5/.test(e.error) || e.error === 'internal' || e.error === 'unavailable') {
    return translate(lang, 'errNetwork');
  }
  return translate(lang, 'errOther', { code: e.error });
}

/** What the page does after a booking attempt. */
export type BookingStep =
  | { kind: 'booked'; reservation: Reservation }
  /** Nothing is known to be written: keep the same body and key, offer Retry (it books at most once). */
  | { kind: 'unknown'; message: string }
  /** A definite refusal that the traveller may correct (the key may be used again: nothing was written). */
  | { kind: 'fix'; message: string }
  /** This quote cannot be booked here any more. */
  | { kind: 'final'; message: string };

/** The next step after `POST /v1/reservations` answered `r`. */
export function afterBooking(r: ApiResult<Reservation>, lang: Lang): BookingStep {
  if (r.ok) return { kind: 'booked', reservation: r.data };
  const message = errorMessage(lang, r);
  if (r.error === 'network' || r.status >= 500 || r.error === 'conflict') return { kind: 'unknown', message };
  if (FINAL.indexOf(r.error) >= 0) return { kind: 'final', message };
  return { kind: 'fix', message };
}

/** What the page shows once booked. */
export function bookedView(r: Reservation, lang: Lang): { title: string; note: string; code: string; status: string; total: string } {
  const held = r.status === 'held';
  return {
    title: translate(lang, held ? 'heldTitle' : 'confirmedTitle'),
    note: translate(lang, held ? 'heldNote' : 'confirmedNote'),
    code: r.code,
    status: statusLabel(lang, r.status),
    total: formatMoney(r.total),
  };
}

/** Whether the traveller accepted `templateId` in `wx.requestSubscribeMessage`'s answer. */
export function acceptedTemplate(answer: Record<string, unknown> | null | undefined, templateId: string): boolean {
  const v = answer?.[templateId];
  return typeof v === 'string' && v.indexOf('accept') === 0;
}
