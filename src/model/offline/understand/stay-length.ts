// How long the stay is: 住两晚, 三个晚上, 住3天, 住一周, 2 nights, for three days, a week.
import { EN_NUM, NUM, parseNumber } from './numbers.ts';
import type { Scan } from './text.ts';

const ZH_STAY_NIGHTS = new RegExp(`(?:住|待|呆|订|入住|连住|过)\\s*(${NUM})\\s*个?\\s*(?:晚上|晚|夜|宿)`, 'g');
// "一晚500" and "一晚多少钱" are a price per night, not a stay.
const ZH_NIGHTS = new RegExp(`(${NUM})\\s*个?\\s*(?:晚上|晚|夜|宿)(?!\\s*(?:多少|\\d|[一二两三四五六七八九]百|的?价|的?房费|的?费用))`, 'g');
// 天 counts nights only after a staying verb, and not in "3天后" (in three days).
const ZH_DAYS = new RegExp(`(?:住|待|呆|停留|逗留|入住|连住|订)\\s*(${NUM})\\s*个?\\s*(天|日|星期|礼拜|周)(?!\\s*(?:后|以后|之后|前|以内|之内|内))`, 'g');
// "600 yuan a night" is a price per night, not a stay of one night.
const EN_NIGHTS = new RegExp(`(?<!(?:yuan|rmb|cny|dollars?|usd|元|块|\\d)\\s*)\\b(${EN_NUM})[\\s-]+nights?\\b`, 'g');
const EN_DAYS = new RegExp(`\\b(?:for|stay(?:ing)?|stay for|staying for)\\s+(${EN_NUM})[\\s-]+(days?|weeks?)\\b`, 'g');

/**
 * Nights the traveller says the stay lasts; "住3天" counts as three nights, as Chinese hotel talk means it,
 * and "a week" as seven. Claims what it reads.
 */
export function readNights(scan: Scan): number | undefined {
  for (const re of [ZH_STAY_NIGHTS, ZH_NIGHTS, ZH_DAYS, EN_NIGHTS, EN_DAYS]) {
    for (const m of scan.matches(re)) {
      const n = parseNumber(m[1]!);
      if (!n || !Number.isInteger(n)) continue;
      const unit = m[2] ?? '';
      const nights = /星期|礼拜|周|week/.test(unit) ? n * 7 : n;
      if (nights >= 1 && nights <= 60) return nights;
    }
  }
  return undefined;
}
