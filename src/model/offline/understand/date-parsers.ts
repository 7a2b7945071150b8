// chrono-node extended for hotel stays: day ranges (24号到26号), bare days, 下个月1号, weekends, holidays, M/D dates,
// and refiners that merge "住到" ranges and move dates that already passed into the future.
import * as chrono from 'chrono-node';
import type { Parser, ParsingContext, Refiner } from 'chrono-node';
import { addDays, isIsoDate } from '../../../dates.ts';
import { EN_HOLIDAYS, ZH_HOLIDAYS, holidayDate, weekendStart } from './holidays.ts';
import { ZH_NUM, parseNumber } from './numbers.ts';

/** Tag on results that name a weekend: they stand for Saturday to Sunday unless nights are given. */
export const WEEKEND_TAG = 'stay/weekend';
/** Tag on results whose date is in the past with a year the traveller wrote: they are not used. */
export const PAST_TAG = 'stay/past';

const DAY = `(?:[12]\\d|3[01]|0?[1-9]|${ZH_NUM})`;
const MONTH = `(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])`;
const REL_MONTH = '(?:下下个?月|下个?月|这个?月|本月|当月)';
const NOT_A_DATE_AFTER = '(?![线楼门口站店馆房床桌层室座区期届])';
const DASH = '(?:到|至|-|~)';

/** today (YYYY-MM-DD) as chrono sees it: the reference, read in the reference's zone. */
function todayOf(context: ParsingContext): string {
  const d = context.refDate;
  return iso(d.getFullYear(), d.getMonth() + 1, d.getDate());
}

function iso(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function relativeMonth(word: string | undefined, today: string): { year: number; month: number } | undefined {
  if (!word) return undefined;
  const ahead = word.startsWith('下下') ? 2 : word.startsWith('下') ? 1 : 0;
  const m0 = Number(today.slice(5, 7)) - 1 + ahead;
  return { year: Number(today.slice(0, 4)) + Math.floor(m0 / 12), month: (m0 % 12) + 1 };
}

const num = (s: string | undefined) => (s === undefined ? undefined : parseNumber(s));

/** 12月24日到26日, 24号到26号, 24-26号, 下个月3号到5号, 1月30日到2月2日: one result with start and end. */
class ZhDayRangeParser implements Parser {
  pattern(): RegExp {
    return new RegExp(
      `(?:(${REL_MONTH})的?|(?:(\\d{4})年)?(${MONTH})月)?(${DAY})[日号]?\\s*${DASH}\\s*(?:(${MONTH})月)?(${DAY})[日号]${NOT_A_DATE_AFTER}`,
    );
  }
  extract(context: ParsingContext, m: RegExpMatchArray) {
    const today = todayOf(context);
    const rel = relativeMonth(m[1], today);
    const startMonth = rel?.month ?? num(m[3]);
    const startDay = num(m[4]);
    const endMonth = num(m[5]);
    const endDay = num(m[6]);
    if (!startDay || !endDay || startDay > 31 || endDay > 31) return null;
    const result = context.createParsingResult(m.index!, m[0]);
    result.start.assign('day', startDay);
    if (startMonth) result.start.assign('month', startMonth);
    else result.start.imply('month', Number(today.slice(5, 7)));
    const year = m[2] ? Number(m[2]) : rel?.year;
    if (year) result.start.assign('year', year);
    else result.start.imply('year', Number(today.slice(0, 4)));
    const end = context.createParsingComponents({ day: endDay });
    const sm = result.start.get('month')!;
    const sy = result.start.get('year')!;
    // An end day before the start day without its own month is in the next month (30日到2日).
    const em = endMonth ?? (endDay > startDay ? sm : sm + 1);
    if (endMonth) end.assign('month', ((em - 1) % 12) + 1);
    else end.imply('month', ((em - 1) % 12) + 1);
    end.imply('year', em > 12 || em < sm ? sy + 1 : sy);
    result.end = end;
    return result;
  }
}

/** 24号, 3日, 下个月1号: a day of the month; its month is implied (this month, or the next when passed). */
class ZhBareDayParser implements Parser {
  pattern(): RegExp {
    return new RegExp(`(?:(${REL_MONTH})的?)?(${DAY})[日号]${NOT_A_DATE_AFTER}`);
  }
  extract(context: ParsingContext, m: RegExpMatchArray) {
    const day = num(m[2]);
    if (!day || day > 31) return null;
    const today = todayOf(context);
    const result = context.createParsingResult(m.index!, m[0]);
    result.start.assign('day', day);
    const rel = relativeMonth(m[1], today);
    if (rel) result.start.assign('month', rel.month).assign('year', rel.year);
    else result.start.imply('month', Number(today.slice(5, 7))).imply('year', Number(today.slice(0, 4)));
    return result;
  }
}

/** 周末, 这周末, 下周末, this weekend, next weekend, the weekend: the Saturday, tagged as a weekend. */
class WeekendParser implements Parser {
  pattern(): RegExp {
    return /(?:(下下个?|下个?|这个?|本|next|this|the|coming)\s*)?(?:周末|礼拜六日|星期六日|weekend)/i;
  }
  extract(context: ParsingContext, m: RegExpMatchArray) {
    const w = (m[1] ?? '').toLowerCase();
    const ahead = w.startsWith('下下') ? 2 : w.startsWith('下') || w === 'next' ? 1 : 0;
    const sat = weekendStart(todayOf(context), ahead);
    const [y, mo, d] = sat.split('-').map(Number) as [number, number, number];
    return context.createParsingResult(m.index!, m[0], { year: y, month: mo, day: d }).addTag(WEEKEND_TAG);
  }
}

/** 下下周五, 下下个星期一: the week after next (chrono reads only 下周五 of it). */
class ZhWeekAfterNextParser implements Parser {
  pattern(): RegExp {
    return /下下个?(?:周|星期|礼拜)([一二三四五六日天1-7])/;
  }
  extract(context: ParsingContext, m: RegExpMatchArray) {
    const offset = '一二三四五六'.indexOf(m[1]!) >= 0 ? '一二三四五六'.indexOf(m[1]!) : /[日天7]/.test(m[1]!) ? 6 : Number(m[1]) - 1;
    const today = todayOf(context);
    const dow = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
    const [y, mo, d] = addDays(today, 14 - dow + offset).split('-').map(Number) as [number, number, number];
    return context.createParsingResult(m.index!, m[0], { year: y, month: mo, day: d });
  }
}

/** 元旦, 国庆, 春节, Christmas…: the next such day. */
class HolidayParser implements Parser {
  pattern(): RegExp {
    return new RegExp(`(${ZH_HOLIDAYS})|\\b(${EN_HOLIDAYS})\\b`, 'i');
  }
  extract(context: ParsingContext, m: RegExpMatchArray) {
    const date = holidayDate(m[0], todayOf(context));
    if (!date) return null;
    const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
    return context.createParsingResult(m.index!, m[0], { year: y, month: mo, day: d });
  }
}

/** 12/24 (month first, as both Chinese and American travellers write it), and 12.24 only as 12.24号 or a 12.24-12.26 range. */
class MonthSlashDayParser implements Parser {
  pattern(): RegExp {
    return /(?<![\d/.])(1[0-2]|0?[1-9])(?:\/(3[01]|[12]\d|0?[1-9])(?![\d/])|\.(3[01]|[12]\d|0?[1-9])(?=[日号]|\s*(?:到|至|-|~)\s*(?:1[0-2]|0?[1-9])\.\d))(?:[日号])?/;
  }
  extract(context: ParsingContext, m: RegExpMatchArray) {
    const month = Number(m[1]);
    const day = Number(m[2] ?? m[3]);
    const today = todayOf(context);
    const result = context.createParsingResult(m.index!, m[0], { month, day });
    result.start.imply('year', Number(today.slice(0, 4)));
    return result;
  }
}

/** 12/24-12/26, 12.24-12.26, 12/30到1/2: a range of month/day dates. */
class MonthSlashRangeParser implements Parser {
  pattern(): RegExp {
    return /(?<![\d/.])(1[0-2]|0?[1-9])([/.])(3[01]|[12]\d|0?[1-9])[日号]?\s*(?:到|至|-|~|to)\s*(?:(1[0-2]|0?[1-9])\2)?(3[01]|[12]\d|0?[1-9])[日号]?(?![\d/.%分元块])/;
  }
  extract(context: ParsingContext, m: RegExpMatchArray) {
    const year = Number(todayOf(context).slice(0, 4));
    const sm = Number(m[1]);
    const result = context.createParsingResult(m.index!, m[0], { month: sm, day: Number(m[3]) });
    result.start.imply('year', year);
    const end = context.createParsingComponents({ day: Number(m[5]) });
    if (m[4]) end.assign('month', Number(m[4]));
    else end.imply('month', sm);
    result.end = end.imply('year', year);
    return result;
  }
}

/** "the 24th", "on the 3rd", "24th": a day of this month (or the next, when passed). */
class EnOrdinalDayParser implements Parser {
  pattern(): RegExp {
    return /\b(?:the\s+)?(3[01]|[12]\d|[1-9])(?:st|nd|rd|th)\b/i;
  }
  extract(context: ParsingContext, m: RegExpMatchArray) {
    const today = todayOf(context);
    const result = context.createParsingResult(m.index!, m[0], { day: Number(m[1]) });
    result.start.imply('month', Number(today.slice(5, 7))).imply('year', Number(today.slice(0, 4)));
    return result;
  }
}

/** Merges "明天住到周五", "24号一直住到26号", "Friday till Sunday" into one range. */
class StayRangeMergeRefiner implements Refiner {
  refine(context: ParsingContext, results: chrono.ParsingResult[]): chrono.ParsingResult[] {
    const out: chrono.ParsingResult[] = [];
    for (const r of results) {
      const prev = out[out.length - 1];
      if (prev && !prev.end && !r.end) {
        const between = context.text.slice(prev.index + prev.text.length, r.index);
        if (/^\s*(?:(?:一直)?(?:住|待|呆|玩)?(?:到|至)|-|~|until|till|to|through|thru)\s*$/i.test(between)) {
          const merged = prev.clone();
          merged.end = r.start.clone();
          merged.text = context.text.slice(prev.index, r.index + r.text.length);
          out[out.length - 1] = merged;
          continue;
        }
      }
      out.push(r);
    }
    return out;
  }
}

/**
 * Moves dates that already passed to their next occurrence, as a traveller means them: a weekday to next week, a
 * bare day to next month, a month and day to next year. A past date with a written year is tagged, not moved.
 */
class ForwardStayRefiner implements Refiner {
  refine(context: ParsingContext, results: chrono.ParsingResult[]): chrono.ParsingResult[] {
    const today = todayOf(context);
    for (const r of results) {
      const moved = forward(r.start, today);
      if (r.end) {
        // The end moves with the start (12月1日到3日, said on 12月5日, is next December), then past the start.
        if (moved && dateOf(r.end) < today) move(r.end, moved);
        if (dateOf(r.end) <= dateOf(r.start)) {
          if (r.end.isCertain('weekday') && !r.end.isCertain('day')) move(r.end, 'week');
          else if (!r.end.isCertain('month')) move(r.end, 'month');
          else if (!r.end.isCertain('year')) move(r.end, 'year');
        }
      }
      if (dateOf(r.start) < today || !isIsoDate(dateOf(r.start))) r.addTag(PAST_TAG);
    }
    return results;
  }
}

/** A bare weekday ("周日", "Sunday") is the coming one, before chrono's range merging compares it with its partner. */
class UpcomingWeekdayRefiner implements Refiner {
  refine(context: ParsingContext, results: chrono.ParsingResult[]): chrono.ParsingResult[] {
    const today = todayOf(context);
    for (const r of results) {
      if (r.start.isCertain('weekday') && !r.start.isCertain('day') && dateOf(r.start) < today) move(r.start, 'week');
    }
    return results;
  }
}

type Components = chrono.ParsingComponents;

/** YYYY-MM-DD of parsed components. */
export function dateOf(c: Pick<Components, 'get'>): string {
  return iso(c.get('year') ?? 0, c.get('month') ?? 0, c.get('day') ?? 0);
}

type Move = 'week' | 'month' | 'year';

function move(c: Components, by: Move): void {
  if (by === 'week') {
    const [y, m, d] = addDays(dateOf(c), 7).split('-').map(Number) as [number, number, number];
    c.imply('year', y).imply('month', m).imply('day', d);
  } else if (by === 'month') {
    const m = c.get('month')!;
    if (m === 12) c.imply('month', 1).imply('year', c.get('year')! + 1);
    else c.imply('month', m + 1);
  } else {
    c.imply('year', c.get('year')! + 1);
  }
}

/** Moves a past date to its next occurrence, by what the traveller left unsaid; returns how it moved. */
function forward(c: Components, today: string): Move | undefined {
  if (dateOf(c) >= today) return undefined;
  let by: Move | undefined;
  if (c.isCertain('weekday') && !c.isCertain('day')) by = 'week';
  else if (c.isCertain('day') && !c.isCertain('month')) by = 'month';
  else if (c.isCertain('month') && !c.isCertain('year')) by = 'year';
  if (by) move(c, by);
  return by;
}

// Parsers of the past ("3 days ago", "3天前") never give a stay, and their regexes are the slowest to warm up.
const PAST_PARSERS = /AgoFormatParser$/;

function build(base: chrono.Chrono, extra: Parser[]): chrono.Chrono {
  const c = base.clone();
  c.parsers = c.parsers.filter((p) => !PAST_PARSERS.test(p.constructor.name));
  c.parsers.unshift(...extra);
  c.refiners.unshift(new UpcomingWeekdayRefiner());
  c.refiners.push(new StayRangeMergeRefiner(), new ForwardStayRefiner());
  return c;
}

/** chrono's simplified-Chinese parser, extended for stays. */
export const zhStayChrono = build(chrono.zh.hans.casual, [
  new MonthSlashRangeParser(), new ZhDayRangeParser(), new ZhWeekAfterNextParser(), new ZhBareDayParser(), new WeekendParser(), new HolidayParser(), new MonthSlashDayParser(),
]);

/** chrono's English parser, extended for stays. */
export const enStayChrono = build(chrono.en.casual, [
  new MonthSlashRangeParser(), new WeekendParser(), new HolidayParser(), new EnOrdinalDayParser(),
]);

