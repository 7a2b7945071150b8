// The hotel page's rules without `wx`: the card read back from the page query, and what the page shows of it.
import { formatMoney, starsText, tierLabel } from '../../utils/format.js';
import { parseQuoteToken } from '../../utils/links.js';
import type { Lang } from '../../utils/texts.js';
import type { HotelCard, Money } from '../../utils/types.js';

/** What the hotel page shows. */
export interface HotelView {
  name: string;
  nameEn: string;
  tier: string;
  tierLabel: string;
  stars: string;
  roomName: string;
  price: string;
  total: string;
  rating: string;
  token: string;
}

const isMoney = (m: unknown): m is Money =>
  typeof m === 'object' && m !== null && Number.isInteger((m as Money).amount) && typeof (m as Money).currency === 'string';

/**
 * The HotelCard carried in the `card` query parameter (see hotelPagePath), or null when it is missing or malformed.
 * WeChat hands query values to onLoad still percent-encoded, so this decodes once more when it must.
 */
export function decodeCard(raw: string | undefined): HotelCard | null {
  if (!raw) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.charAt(0) === '{' ? raw : decodeURIComponent(raw));
  } catch {
    return null;
  }
  const c = parsed as Partial<HotelCard> | null;
  if (!c || typeof c !== 'object' || typeof c.name !== 'string' || typeof c.bookingUrl !== 'string') return null;
  if (!isMoney(c.pricePerNight) || !isMoney(c.total)) return null;
  return c as HotelCard;
}

/** The page's view of a card in `lang`. */
export function hotelView(card: HotelCard, lang: Lang): HotelView {
  return {
    name: card.name,
    nameEn: lang === 'en' || !card.nameEn ? '' : card.nameEn,
    tier: card.tier,
    tierLabel: tierLabel(lang, card.tier),
    stars: starsText(card.stars),
    roomName: card.roomName ?? '',
    price: formatMoney(card.pricePerNight),
    total: formatMoney(card.total),
    rating: typeof card.rating === 'number' ? card.rating.toFixed(1) : '',
    token: parseQuoteToken(card.bookingUrl) ?? '',
  };
}
