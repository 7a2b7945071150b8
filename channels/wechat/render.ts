// Replies as customer-service messages: text split by bytes, numbered quick replies, a mini-program card per hotel.
import { detectLocale, type HotelCard, type Locale, type Reply } from '../../src/bot/index.ts';
import { formatCny } from '../../src/money.ts';
import type { CustomMessage } from './client.ts';

/** Options of {@link renderReplies}. */
export interface RenderOptions {
  /** The mini-program page that books a quote, given `?token=`; default `pages/booking/index`. */
  bookingPage?: string;
  /** Cover image of the cards (a media_id, valid 3 days); none by default. */
  thumbMediaId?: string;
  /** Longest text message in UTF-8 bytes; WeChat answers 45002 beyond about 2048. */
  maxTextBytes?: number;
  /** WeChat allows 5 messages per traveller message (48-hour rule); default 5. */
  maxMessages?: number;
}

const TIER: Record<HotelCard['tier'], Record<Locale, string>> = {
  budget: { 'zh-CN': '经济', en: 'Budget' },
  comfort: { 'zh-CN': '舒适', en: 'Comfort' },
  luxury: { 'zh-CN': '豪华', en: 'Luxury' },
};

const zh = (l: Locale) => l === 'zh-CN';

/** The quote token of a booking link `…/b/<token>`, or null. */
export function quoteTokenOf(bookingUrl: string): string | null {
  const path = bookingUrl.split(/[?#]/)[0] ?? '';
  return /\/b\/([A-Za-z0-9_-]{8,64})\/?$/.exec(path)?.[1] ?? null;
}

/** "· 【经济】如家 ¥320/晚，共¥640" lines under a short heading. */
function hotelList(cards: HotelCard[], l: Locale): string {
  const lines = cards.map((c) =>
    zh(l)
      ? `· 【${TIER[c.tier][l]}】${c.name} ${formatCny(c.pricePerNight)}/晚，共${formatCny(c.total)}`
      : `· ${TIER[c.tier][l]}: ${c.nameEn || c.name} — ${formatCny(c.pricePerNight)}/night, ${formatCny(c.total)} in total`,
  );
  return [zh(l) ? '为您推荐（点下方卡片即可预订）：' : 'Recommended (tap a card below to book):', ...lines].join('\n');
}

/** Quick replies as numbered options: the traveller answers with the number (see {@link pickAction}). */
function numberedActions(actions: NonNullable<Reply['actions']>, l: Locale): string {
  return [zh(l) ? '请回复数字选择：' : 'Reply with a number:', ...actions.map((a, i) => `${i + 1}. ${a.title}`)].join('\n');
}

function card(c: HotelCard, l: Locale, o: RenderOptions): CustomMessage | null {
  const token = quoteTokenOf(c.bookingUrl);
  if (!token) return null;
  const name = zh(l) ? c.name : c.nameEn || c.name;
  const title = `${[...name].slice(0, 48).join('')} ${formatCny(c.pricePerNight)}${zh(l) ? '/晚' : '/night'}`;
  const pagepath = `${o.bookingPage ?? 'pages/booking/index'}?token=${encodeURIComponent(token)}`;
  return { msgtype: 'miniprogrampage', miniprogrampage: { title, pagepath, ...(o.thumbMediaId && { thumb_media_id: o.thumbMediaId }) } };
}

/**
 * Splits text into pieces of at most `maxBytes` UTF-8 bytes, never inside a character, preferring a line break,
 * then a sentence end, then a space in the second half of a piece.
 * @example splitByBytes('一二三', 6) // ['一二', '三']
 */
export function splitByBytes(text: string, maxBytes: number): string[] {
  const out: string[] = [];
  let rest = text.trim();
  while (Buffer.byteLength(rest) > maxBytes) {
    let bytes = 0;
    let cut = 0;
    for (const ch of rest) {
      const b = Buffer.byteLength(ch);
      if (bytes + b > maxBytes) break;
      bytes += b;
      cut += ch.length;
    }
    const head = rest.slice(0, cut);
    const soft = [/\n(?=[^\n]*$)/, /[。！？!?；;.](?=[^。！？!?；;.]*$)/, / (?=[^ ]*$)/]
      .map((re) => re.exec(head))
      .find((m) => m && m.index + 1 >= cut / 2);
    const at = soft ? soft.index + 1 : Math.max(cut, 1);
    out.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest) out.push(rest);
  return out;
}

/**
 * The customer-service messages of a turn's replies: per reply one text (its words, the tiered hotel list, the
 * numbered quick replies; split when too long), then a mini-program card per hotel that opens its booking page.
 * At most `maxMessages` in all; texts come first, cards fill what is left.
 * @example renderReplies(replies, { bookingPage: 'pages/booking/index' })
 */
export function renderReplies(replies: readonly Reply[], o: RenderOptions = {}): CustomMessage[] {
  const maxBytes = o.maxTextBytes ?? 2048;
  const texts: CustomMessage[] = [];
  const cards: CustomMessage[] = [];
  for (const r of replies) {
    const l = detectLocale(r.text, 'zh-CN');
    const body = [r.text.trim(), r.cards?.length ? hotelList(r.cards, l) : '', r.actions?.length ? numberedActions(r.actions, l) : '']
      .filter(Boolean)
      .join('\n\n');
    for (const piece of splitByBytes(body, maxBytes)) texts.push({ msgtype: 'text', text: { content: piece } });
    for (const c of r.cards ?? []) {
      const m = card(c, l, o);
      if (m) cards.push(m);
    }
  }
  const max = o.maxMessages ?? 5;
  return [...texts.slice(0, max), ...cards].slice(0, max);
}

/**
 * The quick reply a traveller chose by typing its number ("1", "２"), when the bot's last message offered some.
 * @example pickAction('1', [{ title: '确认预订', value: 'confirm:a1' }]) // { title: '确认预订', value: 'confirm:a1' }
 */
export function pickAction(text: string, actions: Reply['actions']): NonNullable<Reply['actions']>[number] | undefined {
  const m = /^\s*([0-9０-９]{1,2})\s*[.。、]?\s*$/.exec(text.normalize('NFKC'));
  if (!m || !actions?.length) return undefined;
  return actions[Number(m[1]) - 1];
}
