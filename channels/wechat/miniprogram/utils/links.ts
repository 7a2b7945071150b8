// Paths between pages, and the quote token inside a card's booking link: pure string work, no `URL` (absent in mini-programs).
import type { HotelCard } from './types.js';

/** Page paths, as app.json lists them. */
export const PAGES = {
  chat: '/pages/chat/index',
  hotel: '/pages/hotel/index',
  booking: '/pages/booking/index',
  bookings: '/pages/bookings/index',
} as const;

/** The server's quote-token alphabet and length (base64url, as `/b/:token` accepts it). */
const TOKEN_RE = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * The quote token of a booking link `PUBLIC_URL/b/<token>` (any base path, query or fragment), or null.
 * @example parseQuoteToken('https://x.cn/b/Ab3_xYz-12?lang=en') // 'Ab3_xYz-12'
 */
export function parseQuoteToken(bookingUrl: string | undefined | null): string | null {
  if (typeof bookingUrl !== 'string') return null;
  const path = bookingUrl.split(/[?#]/)[0] ?? '';
  const m = /\/b\/([^/]+)\/?$/.exec(path);
  const token = m?.[1];
  return token !== undefined && TOKEN_RE.test(token) ? token : null;
}

/** True when `token` has the shape of a quote token (so it is safe to put in a path). */
export function isQuoteToken(token: unknown): token is string {
  return typeof token === 'string' && TOKEN_RE.test(token);
}

/** The booking page for a quote token. */
export function bookingPagePath(token: string): string {
  return `${PAGES.booking}?token=${encodeURIComponent(token)}`;
}

/** The hotel page, carrying the card itself (the server has no traveller-side hotel endpoint). */
export function hotelPagePath(card: HotelCard): string {
  return `${PAGES.hotel}?card=${encodeURIComponent(JSON.stringify(card))}`;
}
