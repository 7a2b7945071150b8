// What the traveller will pay per night: 800以内, 不超过500, 300-400元, 1000元以上, 500左右, under 800, "$100" (ask).
import { NUM, parseNumber } from './numbers.ts';
import type { Scan } from './text.ts';

/** What the budget reader found: whole yuan, or another currency to ask about. */
export interface Budget {
  min?: number;
  max?: number;
  /** Where the amount's words end (to tell whose price it is: 人均50-100元的餐馆 is a restaurant's). */
  end?: number;
  /** ISO code of a currency other than CNY ("USD"), when the amount was given in it. */
  foreignCurrency?: string;
}

/** "About N" allows this much above N: 500左右 → at most 600. */
export const AROUND_MARGIN = 0.2;

// Other currencies: [ISO code, how it is written]. ¥ and 元 are yuan here.
const FOREIGN: Array<[string, string]> = [
  ['HKD', 'hk\\$|hkd|港币|港元|hong kong dollars?'],
  ['USD', 'us\\$|\\$|usd|us dollars?|dollars?|bucks|美元|美金'],
  ['EUR', '€|eur|euros?|欧元'],
  ['GBP', '£|gbp|pounds?(?: sterling)?|英镑'],
  ['JPY', 'jpy|yen|日元|日币'],
  ['KRW', 'krw|won|韩元|韩币'],
  ['AUD', 'a\\$|aud|australian dollars?|澳元'],
  ['CAD', 'c\\$|cad|canadian dollars?|加元'],
  ['SGD', 's\\$|sgd|singapore dollars?|新加坡元|新币'],
  ['TWD', 'nt\\$|twd|新台币|台币'],
  ['THB', 'thb|baht|泰铢'],
  ['RUB', 'rub|rubles?|roubles?|卢布'],
];
const FOREIGN_WORDS = FOREIGN.map(([, w]) => w).join('|');
const CNY_WORDS = '元人民币|元|块钱|块|rmb|cny|yuan|人民币|¥|kuai';
const CUR = `(?:${FOREIGN_WORDS}|${CNY_WORDS})`;
// An amount: optional currency before, the number, optional currency after; "1.5k", "一千二", "800块钱".
const A = `(?:(${CUR})\\s*)?(${NUM})(?:\\s*(${CUR}))?`;
// What may not follow a number for it to be money: units of other things.
const NOT_MONEY_AFTER = '(?!\\s*(?:号|日|月|年|分|点|晚|夜|天|人|位|个|间|星|岁|公里|km|米|m\\b|分钟|min|小时|hours?|层|楼|%|nights?|days?|weeks?|people|persons?|adults?|guests?|rooms?|stars?|kids?|children|minutes?|mins?|kms?|miles?|meters?|metres?))';

const RANGE = new RegExp(`(?:between\\s+|在\\s*)?${A}\\s*(?:-|~|到|至|and|to)\\s*${A}${NOT_MONEY_AFTER}(?:\\s*(?:之间|以内|左右|范围|的范围))?`, 'g');
const MAX_BEFORE = new RegExp(`(?:不超过|不高于|不要超过|别超过|不能超过|不大于|不多于|低于|少于|最多|最高|顶多|至多|控制在|预算(?:是|在|为|大概|大约|只有|就)?|under|below|less than|at most|up to|no more than|not more than|not over|max(?:imum)?(?: of)?|within|cheaper than|budget(?: is| of|:)?|lower than)\\s*${A}${NOT_MONEY_AFTER}(?:\\s*(?:以内|以下|之内|内))?`, 'g');
const MAX_AFTER = new RegExp(`${A}${NOT_MONEY_AFTER}\\s*(?:以内|以下|之内|内|封顶|or less|or below|or under|max(?:imum)?\\b|tops|at most)`, 'g');
const MIN_BEFORE = new RegExp(`(?:不低于|不少于|至少|最少|起码|高于|超过|多于|above|over|more than|at least|minimum|min(?:imum)? of|starting (?:at|from)|from)\\s*${A}${NOT_MONEY_AFTER}(?:\\s*(?:以上|起))?`, 'g');
const MIN_AFTER = new RegExp(`${A}${NOT_MONEY_AFTER}\\s*(?:以上|起|往上|或以上|及以上|or more|or above|and up|and above|plus|\\+)`, 'g');
const AROUND_BEFORE = new RegExp(`(?:大概|大约|约|差不多|around|about|approximately|approx\\.?|roughly|~)\\s*${A}${NOT_MONEY_AFTER}(?:\\s*(?:左右|上下))?`, 'g');
const AROUND_AFTER = new RegExp(`${A}${NOT_MONEY_AFTER}\\s*(?:左右|上下|差不多|ish)`, 'g');
// A plain amount counts only with a currency or after a word about price: 价格是500元, 每晚500, $100.
const PLAIN = new RegExp(`(?:(?:价格|价位|价钱|房价|预算|每晚|一晚|一个晚上|每天|price|budget|per night|a night|each night|pay)(?:是|在|为|大概|:)?\\s*)?${A}${NOT_MONEY_AFTER}(?:\\s*(?:per night|a night|each night|\\/night|一晚|每晚))?`, 'g');

const PRICE_CONTEXT = /价|预算|钱|费|每晚|一晚|budget|price|cost|pay|spend|rate|yuan|rmb|cny|per night|a night|元|块/;

type Kind = 'range' | 'max' | 'min' | 'around' | 'plain';

/**
 * The budget per night. A range gives both ends; 以内/不超过/under give the most; 以上/至少/over the least; "about N"
 * (500左右, around 500) gives at most N × 1.2 rounded to ten yuan and no least. An amount in another currency sets
 * `foreignCurrency` and no budget: the bot asks rather than converts. Claims what it reads.
 * @example readBudget(new Scan('300-400元')) // { min: 300, max: 400 }
 */
export function readBudget(scan: Scan): Budget {
  const priceTalk = PRICE_CONTEXT.test(scan.lower);
  const patterns: Array<[RegExp, Kind]> = [
    // "About" first: 预算800左右 is about 800, not at most 800.
    [RANGE, 'range'], [AROUND_AFTER, 'around'], [AROUND_BEFORE, 'around'], [MAX_BEFORE, 'max'], [MAX_AFTER, 'max'],
    [MIN_BEFORE, 'min'], [MIN_AFTER, 'min'], [PLAIN, 'plain'],
  ];
  for (const [re, kind] of patterns) {
    for (const m of scan.matches(re, false)) {
      const b = amount(m, kind, priceTalk);
      if (!b) continue;
      scan.claim(m.index, m.index + m[0].length);
      // Spending per person and tickets are a restaurant's or a sight's prices, not a room's.
      const clause = /[^，。,.;；!?！？]*$/.exec(scan.lower.slice(Math.max(0, m.index - 16), m.index))![0];
      if (/人均|门票|票价|消费|ticket|admission|per person|per head/.test(clause)) continue;
      return { ...b, end: m.index + m[0].length };
    }
  }
  return {};
}

function amount(m: RegExpExecArray, kind: Kind, priceTalk: boolean): Budget | undefined {
  // Groups: (cur)(num)(cur) once, or twice for a range.
  const curs = kind === 'range' ? [m[1], m[3], m[4], m[6]] : [m[1], m[3]];
  const nums = (kind === 'range' ? [m[2], m[5]] : [m[2]]).map((s) => parseNumber(s!));
  if (nums.some((n) => n === undefined || n <= 0)) return undefined;
  const marked = curs.some(Boolean);
  const foreign = curs.map((c) => c && currencyOf(c)).find((c) => c && c !== 'CNY');
  if (foreign) return { foreignCurrency: foreign };
  const lead = m[0].trimStart();
  const cue = kind !== 'plain' || /^(?:价格|价位|价钱|房价|预算|每晚|一晚|一个晚上|每天|price|budget|per night|a night|each night|pay)/.test(lead) || /(?:per night|a night|each night|\/night|一晚|每晚)$/.test(m[0]);
  if (!marked && !cue) return undefined;
  // A bare number needs to look like a nightly price, and a range of bare numbers a word about price nearby.
  const least = marked ? 10 : 50;
  if (nums.some((n) => n! < least || n! > 200_000)) return undefined;
  if (kind === 'range' && !marked && !priceTalk && !/之间|左右|范围/.test(m[0])) return undefined;
  const [a, b] = nums as [number, number | undefined];
  switch (kind) {
    case 'range':
      return { min: Math.min(a, b!), max: Math.max(a, b!) };
    case 'max':
      return { max: a };
    case 'min':
      return { min: a };
    default:
      return { max: Math.ceil((a * (1 + AROUND_MARGIN)) / 10) * 10 };
  }
}

const FOREIGN_EXACT = FOREIGN.map(([code, words]) => [code, new RegExp(`^(?:${words})$`)] as const);

function currencyOf(written: string): string {
  const w = written.toLowerCase().trim();
  return FOREIGN_EXACT.find(([, re]) => re.test(w))?.[0] ?? 'CNY';
}
