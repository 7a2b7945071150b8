// Dates and instants as the booking page shows them, in the page's language.
import type { PageLang } from './booking-texts.ts';

/**
 * A stay date (YYYY-MM-DD, a calendar date with no zone): "2026年12月10日周四" or "Thu, 10 Dec 2026".
 * @example formatStayDate('2026-12-10', 'en')
 */
export function formatStayDate(date: string, lang: PageLang): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'UTC', year: 'numeric', month: lang === 'en' ? 'short' : 'long', day: 'numeric', weekday: 'short',
  }).format(new Date(`${date}T00:00:00Z`));
}

/** The short name of `timeZone` at `at`, such as "GMT+8". */
export function zoneLabel(timeZone: string, at: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' }).formatToParts(at);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

/**
 * An instant in the hotels' time zone, with the zone: "12月10日 00:00（GMT+8）" or "10 Dec 2026, 00:00 (GMT+8)".
 * @example formatInstant('2026-12-09T16:00:00.000Z', 'Asia/Shanghai', 'zh-CN')
 */
export function formatInstant(iso: string, timeZone: string, lang: PageLang): string {
  const at = new Date(iso);
  const text = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone, year: 'numeric', month: lang === 'en' ? 'short' : 'long', day: 'numeric',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).format(at);
  return lang === 'en' ? `${text} (${zoneLabel(timeZone, at)})` : `${text}（${zoneLabel(timeZone, at)}）`;
}

/**
 * Only the time of an instant in `timeZone` ("10:30"), for deadlines within the hour.
 * @example formatClock('2026-12-01T02:30:00Z', 'Asia/Shanghai')
 */
export function formatClock(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}
