// Numbers as travellers write them: 2, 两, 十二, 一千二, 1.5万, 1k, two, a couple.

const DIGIT: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 幺: 1, 二: 2, 两: 2, 俩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10_000 };

/** A regex fragment for a number written in Chinese numerals. */
export const ZH_NUM = '[零〇一二两俩三四五六七八九十百千万]{1,8}';
/**
 * A regex fragment for a number in digits (with an optional decimal part and k/千/万 multiplier) or Chinese numerals.
 * Bounded, and never starting inside a longer number, so that a run of digits cannot make a pattern slow.
 */
export const NUM = `(?:(?<![\\d.])(?<!\\d,)(?:\\d{1,3}(?:,\\d{3}){1,2}|\\d{1,7})(?:\\.\\d{1,2})?(?![\\d.])\\s*(?:k|千|万)?|${ZH_NUM})`;

const EN_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, single: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, twenty: 20, thirty: 30,
  couple: 2, 'a couple of': 2, 'a couple': 2, pair: 2, 'a pair of': 2,
};
/** A regex fragment for a small number in English: digits or a word. */
export const EN_NUM = '(?:(?<!\\d)\\d{1,3}(?!\\d)|a couple of|a couple|a pair of|an|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|thirty)';

/**
 * The value of a Chinese numeral: 十二 → 12, 二十 → 20, 一百零五 → 105, 一千二 → 1200 (the spoken short form),
 * 三百五 → 350, 两万 → 20000; undefined when it is not a well-formed numeral.
 */
export function zhNumber(s: string): number | undefined {
  if (!s) return undefined;
  let total = 0; // finished parts above 万
  let section = 0; // the part below 万
  let digit: number | undefined;
  let lastUnit = 0;
  for (const ch of s) {
    const d = DIGIT[ch];
    if (d !== undefined) {
      // Two digits in a row are read one by one only when written that way (二〇二六); keep it simple: shift.
      digit = digit === undefined ? d : digit * 10 + d;
      continue;
    }
    const u = UNIT[ch];
    if (u === undefined) return undefined;
    if (u === 10_000) {
      total += (section + (digit ?? 0)) * 10_000;
      section = 0;
      digit = undefined;
      lastUnit = 10_000;
      continue;
    }
    section += (digit ?? (u === 10 ? 1 : 0)) * u;
    if (digit === undefined && u !== 10) return undefined;
    digit = undefined;
    lastUnit = u;
  }
  if (digit !== undefined) {
    // 一千二 = 1200, 三百五 = 350, 两万五 = 25000: a last lone digit counts in the next unit down.
    const spoken = lastUnit >= 100 && s.length >= 3 && !/[零〇]/.test(s);
    section += spoken ? digit * (lastUnit / 10) : digit;
  }
  return total + section;
}

/**
 * The value of a number as typed: "800", "1.5万", "1k", "3千", "两", "十二", "two", "a couple of".
 * @example parseNumber('一千二') // 1200
 */
export function parseNumber(raw: string): number | undefined {
  const s = raw.trim().toLowerCase().replace(/(\d),(?=\d{3}\b)/g, '$1');
  if (!s) return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*(k|千|万)?$/.exec(s);
  if (m) {
    const mult = m[2] === 'k' || m[2] === '千' ? 1000 : m[2] === '万' ? 10_000 : 1;
    return Math.round(Number(m[1]) * mult * 100) / 100;
  }
  const en = EN_WORDS[s.replace(/\s+/g, ' ')];
  if (en !== undefined) return en;
  return zhNumber(s);
}
