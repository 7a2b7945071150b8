// A stay's dates from one message: chrono (extended in date-parsers.ts) finds the dates, this decides which is the
// check-in and which the check-out, and adds the nights.
import type { ParsedResult } from 'chrono-node';
import { addDays, nightsBetween } from '../../../dates.ts';
import type { DateSlots, UnderstandContext } from '../understanding.ts';
import { PAST_TAG, WEEKEND_TAG, dateOf, enStayChrono, zhStayChrono } from './date-parsers.ts';
import { readNights } from './stay-length.ts';
import { Scan } from './text.ts';

// Most messages name no date: chrono is only asked when one of these could start a date.
const DATE_CUE =
  /[今明后昨]|周|星期|礼拜|月|[日号]|晚|夜|宿|天|元旦|国庆|春节|圣诞|五一|劳动节|中秋|除夕|端午|平安夜|情人节|过年|跨年|\d\s*[/.]\s*\d|\d{4}-|today|tonight|tomorrow|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|week|night|day|\d(?:st|nd|rd|th)|christmas|xmas|new year|national day|eve|valentine|golden|festival/i;
const CHECK_OUT_AFTER = /^\s*(?:再|就|才)?(?:退房|离店|离开|走)/;
const CHECK_OUT_BEFORE = /(?:(?:一直|直)?(?:住|待|呆)?到\s*$)|(?:退房|离店|离开|check[- ]?(?:ing )?out|leav(?:e|ing)|depart(?:ing)?|until|till)\s*(?:on|at|in|the|是|在|时间是?|日期是?)?\s*$/i;

interface Found {
  start: string;
  end?: string;
  weekend: boolean;
  checkOut: boolean;
  text: string;
}

/**
 * The stay dates in `text`, read relative to `ctx.today`; undefined when it names none.
 * A range gives check-in and check-out; a date and nights give both; a date alone gives the check-in only; nights
 * alone give `nights`. A date that has passed means its next occurrence (12月1日 said on 12月2日 is next year's);
 * a past date with a written year is ignored. A weekend is Saturday to Sunday unless nights are given.
 * @example parseStayDates('12月24日到26日', { today: '2026-12-01' }) // { checkIn: '2026-12-24', checkOut: '2026-12-26', nights: 2, … }
 */
export function parseStayDates(text: string, ctx: UnderstandContext): DateSlots | undefined {
  return readStayDates(new Scan(text), ctx);
}

/** {@link parseStayDates} on a message under analysis: reads the unclaimed text and claims the dates it uses. */
export function readStayDates(scan: Scan, ctx: UnderstandContext): DateSlots | undefined {
  // Nights first: "for a week" is a length, not a date a week from now.
  const nights = readNights(scan);
  const found = DATE_CUE.test(scan.lower) ? findDates(scan, ctx.today) : [];
  if (!found.length && nights === undefined) return undefined;

  let checkIn: string | undefined;
  let checkOut: string | undefined;
  const range = found.find((f) => f.end);
  if (range) {
    checkIn = range.start;
    checkOut = range.weekend && nights ? undefined : range.end;
  } else {
    checkIn = found.find((f) => !f.checkOut)?.start;
    checkOut = found.find((f) => f.checkOut)?.start;
    const weekend = found.find((f) => f.weekend && f.start === checkIn);
    if (weekend && !checkOut && !nights) checkOut = addDays(weekend.start, 1);
  }
  if (checkIn && checkOut && checkOut <= checkIn) checkOut = undefined;
  if (checkIn && !checkOut && nights) checkOut = addDays(checkIn, nights);
  if (!checkIn && checkOut && nights) checkIn = addDays(checkOut, -nights);

  const slots: DateSlots = {};
  if (checkIn) slots.checkIn = checkIn;
  if (checkOut) slots.checkOut = checkOut;
  const n = checkIn && checkOut ? nightsBetween(checkIn, checkOut) : nights;
  if (n !== undefined) slots.nights = n;
  if (found.length) slots.source = found.map((f) => f.text).join(' ');
  return Object.keys(slots).length ? slots : undefined;
}

function findDates(scan: Scan, today: string): Found[] {
  const text = scan.free();
  const chrono = /\p{Script=Han}/u.test(text) ? zhStayChrono : enStayChrono;
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  // Noon of today on the server's own clock: chrono reads days with the server's zone, so today must be in it too.
  const results = chrono.parse(text, new Date(y, m - 1, d, 12));
  const found: Found[] = [];
  for (const r of results) {
    if (!isDate(r)) continue;
    scan.claim(r.index, r.index + r.text.length);
    if (r.tags().has(PAST_TAG)) continue;
    const before = text.slice(Math.max(0, r.index - 24), r.index);
    const after = text.slice(r.index + r.text.length, r.index + r.text.length + 8);
    const f: Found = {
      start: dateOf(r.start),
      weekend: r.tags().has(WEEKEND_TAG),
      checkOut: !r.end && (CHECK_OUT_AFTER.test(after) || CHECK_OUT_BEFORE.test(before)),
      text: scan.text.slice(r.index, r.index + r.text.length),
    };
    if (r.end) f.end = dateOf(r.end);
    found.push(f);
  }
  return found;
}

/** A day, not only a time of day: "晚上", "下午", "3 pm" name no date (chrono's Chinese parser gives them today). */
function isDate(r: ParsedResult): boolean {
  if (TIME_OF_DAY.test(r.text)) return false;
  return r.start.isCertain('day') || r.start.isCertain('weekday');
}

const TIME_OF_DAY = /^(?:上午|早上|早晨|下午|晚上|夜晚|夜里|夜|中午|凌晨|早|晚|傍晚)$/;
