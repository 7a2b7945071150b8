// What a hotel card shows, computed from the server's HotelCard: pure, so tests need no renderer.
import { formatMoney, starsText, tierLabel } from '../../utils/format.js';
import { parseQuoteToken } from '../../utils/links.js';
import { translate, type Lang } from '../../utils/texts.js';
import type { HotelCard } from '../../utils/types.js';

/** The card's bound data. */
export interface CardView {
  tier: string;
  tierLabel: string;
  name: string;
  roomName: string;
  stars: string;
  price: string;
  perNight: string;
  totalText: string;
  bookLabel: string;
  /** The quote token of the card's booking link; '' when the link has none (the button is then disabled). */
  token: string;
}

/** The view of an empty card (before the property arrives). */
export const EMPTY_VIEW: CardView = {
  tier: '', tierLabel: '', name: '', roomName: '', stars: '', price: '', perNight: '', totalText: '', bookLabel: '', token: '',
};

function isCard(v: unknown): v is HotelCard {
  const c = v as Partial<HotelCard> | null;
  return !!c && typeof c.name === 'string' && !!c.pricePerNight && !!c.total;
}

/**
 * The card's view in `lang`.
 * @example cardView(card, 'zh-CN').tierLabel // '舒适'
 */
export function cardView(card: unknown, lang: Lang): CardView {
  if (!isCard(card)) return EMPTY_VIEW;
  return {
    tier: card.tier,
    tierLabel: tierLabel(lang, card.tier),
    name: card.name,
    roomName: card.roomName ?? '',
    stars: starsText(card.stars),
    price: formatMoney(card.pricePerNight),
    perNight: translate(lang, 'perNight'),
    totalText: `${translate(lang, 'totalPrefix')} ${formatMoney(card.total)}`,
    bookLabel: translate(lang, 'book'),
    token: parseQuoteToken(card.bookingUrl) ?? '',
  };
}
