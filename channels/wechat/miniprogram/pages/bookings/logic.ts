// The my-bookings page's rules without `wx`: one row per kept code, from its reservation or from why it could not load.
import { formatMoney, formatStayDate, statusLabel } from '../../utils/format.js';
import type { ApiResult } from '../../utils/result.js';
import { translate, type Lang } from '../../utils/texts.js';
import type { Reservation } from '../../utils/types.js';

/** One row of the list. */
export interface BookingRow {
  code: string;
  title: string;
  detail: string;
  dates: string;
  total: string;
  status: string;
  /** held | confirmed | cancelled | expired | missing | error: the row's colour. */
  tone: string;
}

/** The row of `code` once `GET /v1/reservations/:code` answered `r`. */
export function bookingRow(code: string, r: ApiResult<Reservation>, lang: Lang): BookingRow {
  if (!r.ok) {
    const missing = r.error === 'not_found' || r.error === 'forbidden';
    return {
      code, title: '', detail: '', dates: '', total: '',
      status: translate(lang, missing ? 'reservationMissing' : 'errNetwork'),
      tone: missing ? 'missing' : 'error',
    };
  }
  const v = r.data;
  return {
    code: v.code || code,
    title: v.hotelName ?? '',
    detail: v.roomName ?? '',
    dates: `${formatStayDate(lang, v.checkIn)} – ${formatStayDate(lang, v.checkOut)}`,
    total: formatMoney(v.total),
    status: statusLabel(lang, v.status),
    tone: v.status,
  };
}

/**
 * `items` cut into runs of `size`, so the page loads a few reservations at a time
 * (WeChat allows 10 requests in flight).
 */
export function inBatches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
