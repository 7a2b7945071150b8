// How money, stars, tiers, dates and instants are written for travellers: pure functions, no `wx`.
import { translate, type Lang, type TextKey } from './texts.js';
import type { Money, ReservationStatus, Tier } from './types.js';

/** The display order of tiers and their text keys. */
export const TIERS: ReadonlyArray<{ tier: Tier; key: TextKey }> = [
  { tier: 'budget', key: 'tierBudget' },
  { tier: 'comfort', key: 'tierComfort' },
  { tier: 'luxury', key: 'tierLuxury' },
];

/**
 * Money in fen written as yuan without floating point: whole yuan plainly, else with two decimals.
 * @example formatMoney({ amount: 38850, currency: 'CNY' }) // '¥388.50'
 */
export function formatMoney(m: Money): string {
  const negative = m.amount < 0;
  const fen = Math.abs(Math.round(m.amount));
  const whole = Math.floor(fen / 100);
  const cents = fen % 100;
  const digits = cents === 0 ? String(whole) : `${whole}.${cents < 10 ? '0' : ''}${cents}`;
  const sign = negative ? '-' : '';
  return m.currency === 'CNY' ? `${sign}¥${digits}` : `${sign}${m.currency} ${digits}`;
}

/** The label of a tier (经济/舒适/豪华), or '' for a tier this version does not know. */
export function tierLabel(lang: Lang, tier: string): string {
  const found = TIERS.find((t) => t.tier === tier);
  return found ? translate(lang, found.key) : '';
}

/** `n` stars as ★ (1 to 5), '' when unknown. */
export function starsText(stars: number | null | undefined): string {
  if (typeof stars !== 'number' || !Number.isFinite(stars)) return '';
  const n = Math.max(0, Math.min(5, Math.round(stars)));
  return '★★★★★'.slice(0, n);
}

/**
 * A stay date (`YYYY-MM-DD`) for reading: `6月1日` in Chinese, left as is in English.
 * @example formatStayDate('zh-CN', '2025-06-01') // '6月1日'
 */
export function formatStayDate(lang: Lang, date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m || lang !== 'zh-CN') return date;
  return `${Number(m[2])}月${Number(m[3])}日`;
}

/**
 * An ISO instant in the hotels' zone, `YYYY-MM-DD HH:mm` (no Intl: the mini-program's engines differ).
 * @example formatInstant('2025-06-01T04:00:00.000Z', 480) // '2025-06-01 12:00'
 */
export function formatInstant(iso: string, utcOffsetMinutes: number): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const d = new Date(ms + utcOffsetMinutes * 60_000);
  const two = (n: number) => (n < 10 ? `0${n}` : String(n));
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

/** The label of a reservation status. */
export function statusLabel(lang: Lang, status: ReservationStatus | string): string {
  const keys: Record<ReservationStatus, TextKey> = {
    held: 'statusHeld',
    confirmed: 'statusConfirmed',
    cancelled: 'statusCancelled',
    expired: 'statusExpired',
  };
  return status in keys ? translate(lang, keys[status as ReservationStatus]) : status;
}
