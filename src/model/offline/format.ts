// How the offline concierge writes facts: money, dates, times, hotel names and grades, in Chinese or English.
import { nightsBetween } from '../../dates.ts';
import { formatCny } from '../../money.ts';

/** The two languages the concierge speaks. */
export type Lang = 'zh-CN' | 'en';

/** A money amount as tools return it: integer fen. */
export interface MoneyView {
  amount: number;
  currency?: string;
}

/**
 * An amount exactly as the tool gave it, in yuan: the guards compare it with the tool result, so never round it.
 * @example money({ amount: 64_000 }) // "¥640"
 */
export function money(m: MoneyView): string {
  return formatCny(m.amount);
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const parts = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return { y, m, d, wd: new Date(Date.UTC(y, m - 1, d)).getUTCDay() };
};

/**
 * A stay date for people: "12月10日（周四）" / "Thu, Dec 10", with the year when it is not `today`'s year.
 * @example day('2026-12-10', 'en') // "Thu, Dec 10"
 */
export function day(iso: string, lang: Lang, today?: string): string {
  const p = parts(iso);
  const year = today && iso.slice(0, 4) !== today.slice(0, 4) ? p.y : undefined;
  if (lang === 'en') return `${WEEKDAYS_EN[p.wd]}, ${MONTHS_EN[p.m - 1]} ${p.d}${year ? `, ${year}` : ''}`;
  return `${year ? `${year}年` : ''}${p.m}月${p.d}日（${WEEKDAYS_ZH[p.wd]}）`;
}

/**
 * A stay: "12月10日入住，12月12日退房，共2晚" / "Dec 10 to Dec 12, 2 nights".
 * @example stay('2026-12-10', '2026-12-12', 'zh-CN')
 */
export function stay(checkIn: string, checkOut: string, lang: Lang, today?: string): string {
  const n = nightsBetween(checkIn, checkOut);
  if (lang === 'en') return `${day(checkIn, lang, today)} to ${day(checkOut, lang, today)}, ${n} night${n === 1 ? '' : 's'}`;
  return `${day(checkIn, lang, today)}入住，${day(checkOut, lang, today)}退房，共${n}晚`;
}

/**
 * A stay in few words: "12月10日至12日（2晚）" / "Dec 10–12 (2 nights)", with the year when it is not `today`'s.
 * @example shortStay('2026-12-30', '2027-01-02', 'en') // "Dec 30–Jan 2 (3 nights)"
 */
export function shortStay(checkIn: string, checkOut: string, lang: Lang, today?: string): string {
  const a = parts(checkIn);
  const b = parts(checkOut);
  const n = nightsBetween(checkIn, checkOut);
  const year = today && checkIn.slice(0, 4) !== today.slice(0, 4) ? a.y : undefined;
  if (lang === 'en') {
    const end = a.m === b.m ? `${b.d}` : `${MONTHS_EN[b.m - 1]} ${b.d}`;
    return `${MONTHS_EN[a.m - 1]} ${a.d}–${end}${year ? `, ${year}` : ''} (${n} night${n === 1 ? '' : 's'})`;
  }
  return `${year ? `${year}年` : ''}${a.m}月${a.d}日至${a.m === b.m ? '' : `${b.m}月`}${b.d}日（${n}晚）`;
}

/** Nights of a stay (checkOut exclusive). */
export function nightsOf(checkIn: string, checkOut: string): number {
  return nightsBetween(checkIn, checkOut);
}

/**
 * An instant as local wall time in the hotels' zone: "12月10日 00:00" / "Dec 10, 00:00".
 * @example localTime('2026-12-09T16:00:00Z', 'Asia/Shanghai', 'zh-CN') // "12月10日 00:00"
 */
export function localTime(instant: string, timeZone: string, lang: Lang): string {
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(d);
  const get = (t: string) => f.find((p) => p.type === t)?.value ?? '';
  const m = Number(get('month'));
  const dd = Number(get('day'));
  const hm = `${get('hour')}:${get('minute')}`;
  return lang === 'en' ? `${MONTHS_EN[m - 1]} ${dd}, ${hm}` : `${m}月${dd}日 ${hm}`;
}

/** What a hotel is called for this reader: its English name in English when it has one. */
export function hotelName(h: { name: string; nameEn?: string | null }, lang: Lang): string {
  return lang === 'en' && h.nameEn ? h.nameEn : h.name;
}

/** The OTA grade of a star rating: 经济型 (≤2), 舒适型 (3), 高档型 (4), 豪华型 (5); "budget" … "luxury" in English. */
export function grade(stars: number | null | undefined, tier: 'budget' | 'comfort' | 'luxury', lang: Lang): string {
  const s = stars ?? (tier === 'budget' ? 2 : tier === 'comfort' ? 3 : 5);
  if (lang === 'en') return s <= 2 ? 'budget' : s === 3 ? 'comfort' : s === 4 ? 'upscale' : 'luxury';
  return s <= 2 ? '经济型' : s === 3 ? '舒适型' : s === 4 ? '高档型' : '豪华型';
}

/** A rating as people read it: "4.6分" / "rated 4.6". */
export function rating(r: number | null | undefined, lang: Lang): string {
  if (r === null || r === undefined) return '';
  return lang === 'en' ? `rated ${r}` : `评分${r}`;
}

/** Chinese when the text has Han characters, English when it has Latin words, else `fallback`. */
export function detectLang(text: string, fallback: Lang): Lang {
  if (/\p{Script=Han}/u.test(text)) return 'zh-CN';
  if (/[A-Za-z]{2,}/.test(text)) return 'en';
  return fallback;
}

/** Joins a list the way each language does: "A、B和C" / "A, B and C". */
export function list(items: string[], lang: Lang): string {
  if (items.length <= 1) return items[0] ?? '';
  const head = items.slice(0, -1);
  return lang === 'en' ? `${head.join(', ')} and ${items.at(-1)}` : `${head.join('、')}和${items.at(-1)}`;
}
