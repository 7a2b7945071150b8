// Holidays travellers book around, by name, as the next date on or after today.
import { addDays } from '../../../dates.ts';

/** A holiday on a fixed Gregorian date: [month, day]. */
const FIXED: Array<[RegExp, number, number]> = [
  [/^(元旦|新年|new year'?s? day|new year'?s?)$/i, 1, 1],
  [/^(情人节|valentine'?s?(?: day)?)$/i, 2, 14],
  [/^(五一|劳动节|五一劳动节|may day|labou?r day)$/i, 5, 1],
  [/^(国庆|国庆节|十一黄金周|十一长假|national day|golden week)$/i, 10, 1],
  [/^(平安夜|christmas eve)$/i, 12, 24],
  [/^(圣诞|圣诞节|christmas(?: day)?|xmas)$/i, 12, 25],
  [/^(跨年|new year'?s eve)$/i, 12, 31],
];

/** Lunar holidays, from the published calendars (2026–2030); beyond them the holiday is not read. */
const LUNAR: Array<[RegExp, string[]]> = [
  [/^(春节|过年|大年初一|chinese new year|spring festival|lunar new year)$/i,
    ['2026-02-17', '2027-02-06', '2028-01-26', '2029-02-13', '2030-02-03']],
  [/^(除夕|大年三十|年三十)$/i, ['2026-02-16', '2027-02-05', '2028-01-25', '2029-02-12', '2030-02-02']],
  [/^(端午|端午节|dragon boat festival)$/i, ['2026-06-19', '2027-06-09', '2028-05-28', '2029-06-16', '2030-06-05']],
  [/^(中秋|中秋节|mid-?autumn(?: festival)?)$/i, ['2026-09-25', '2027-09-15', '2028-10-03', '2029-09-22', '2030-09-12']],
];

/** A regex fragment that finds holiday names in Chinese. */
export const ZH_HOLIDAYS = '元旦|情人节|五一劳动节|五一|劳动节|国庆节|国庆|十一黄金周|十一长假|平安夜|圣诞节|圣诞|跨年|春节|过年|大年初一|除夕|大年三十|年三十|端午节|端午|中秋节|中秋';
/** A regex fragment that finds holiday names in English. */
export const EN_HOLIDAYS =
  "new year'?s eve|new year'?s? day|new year'?s?|valentine'?s?(?: day)?|may day|labou?r day|national day|golden week|christmas eve|christmas(?: day)?|xmas|chinese new year|spring festival|lunar new year|dragon boat festival|mid-?autumn(?: festival)?";

/**
 * The next date (YYYY-MM-DD, on or after `today`) of the holiday `name`, or undefined for an unknown name.
 * @example holidayDate('元旦', '2026-12-01') // '2027-01-01'
 */
export function holidayDate(name: string, today: string): string | undefined {
  const n = name.trim().replace(/\s+/g, ' ');
  for (const [re, month, day] of FIXED) {
    if (!re.test(n)) continue;
    const year = Number(today.slice(0, 4));
    for (const y of [year, year + 1]) {
      const d = `${y}-${pad(month)}-${pad(day)}`;
      if (d >= today) return d;
    }
  }
  for (const [re, dates] of LUNAR) {
    if (re.test(n)) return dates.find((d) => d >= today);
  }
  return undefined;
}

/** The Saturday of the weekend `weeksAhead` weeks from `today` (0: this weekend, or today when it is the Sunday). */
export function weekendStart(today: string, weeksAhead: number): string {
  const dow = new Date(`${today}T00:00:00Z`).getUTCDay();
  // On a Sunday "this weekend" is today; "next weekend" is the Saturday six days on.
  if (dow === 0) return weeksAhead === 0 ? today : addDays(today, 7 * weeksAhead - 1);
  return addDays(today, 6 - dow + 7 * weeksAhead);
}

const pad = (n: number) => String(n).padStart(2, '0');
