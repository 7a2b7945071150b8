// How good a hotel the traveller wants: tier (经济/舒适/豪华, cheap/mid-range/luxury), OTA grade, stars, rating.
import type { Understanding } from '../understanding.ts';
import type { Scan } from './text.ts';

/** What the grade reader found. */
export type Grade = Pick<Understanding, 'tier' | 'stars' | 'grade'>;

type Tier = NonNullable<Understanding['tier']>;

const STAR_NUM: Record<string, number> = {
  一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5,
  one: 1, two: 2, three: 3, four: 4, five: 5,
};
const S = '([1-5一二两三四五]|one|two|three|four|five)';

// Ratings: a score out of 5 with 分, or after a word for rating: 4.5分以上, 评分是5分, rated above 4.5, rating 4+.
const RATING_ZH = /(?:(评分|评价|口碑|分数|打分)(?:是|为|在|要|要求|最好|达到|不低于|至少|高于)?(?:是|在)?\s*)?(?<![点:\d.])([1-5](?:\.\d)?|[一二三四五](?:点[一二三四五六七八九])?)\s*(分)?\s*(以上|及以上|或以上|往上|起|上|\+)?(?!钟|之|钱|\d)/g;
const RATING_EN = /\b(?:(?:rated|rating|ratings|score|scored|reviews?)\s*(?:of|is|at|above|over|at least|>=?|:)?\s*(?:above|over|at least|of)?\s*([1-5](?:\.\d)?)\s*(\+|or (?:higher|above|more|better)|and (?:up|above)|stars?)?|(?:at least\s+)?([1-5]\.\d)\s*(?:\+|or (?:higher|above|more|better))?\s*(?:stars?\s*)?(?:rating|rated|score|reviews?))\b/g;
// Vague, and not when asked: "评分高吗" asks for the rating, it sets none.
const RATING_VAGUE = /(?:评分高|高评分|评分比较高|评分好|好评|口碑好|口碑不错|评价好|评价高|highly rated|well[- ]rated|top[- ]rated|good reviews|great reviews|high(?:ly)? rated|good ratings?)(?![吗么不没嘛?]|\s*\?)/g;
// "4.5以上的评分": the number before the word.
const RATING_BEFORE_WORD = /(?<![\d.])([1-5](?:\.\d)?)\s*分?\s*(?:以上|及以上)?的?(?:评分|评价|分数)/g;

const REFUSED = /(?:不要|不想要|不想住|不需要|不住|别|不考虑|\bnot\b|\bno\b|don'?t want|rather not)[^,，。.;；!?！？]{0,4}$/;
// Grades as the OTAs name them; 高档 and 豪华 narrow the luxury tier.
const GRADE = /(经济|舒适|高档|豪华)\s*型|(高档|高端)(?!一?[点些])/g;
const STARS = new RegExp(`(?:${S}\\s*(?:到|至|-|~|or|to)\\s*)?${S}[\\s-]*(?:星级|星|stars?|star)\\s*(以上|及以上|或以上|or above|or more|and up|and above|plus|\\+)?(?![\\d.])`, 'g');
const TIER: Array<[RegExp, Tier]> = [
  [/经济实惠|经济|实惠|平价|性价比|便宜(?!一?[点些])|低价|省钱|划算|快捷酒店|青旅|青年旅舍|hostels?|\bcheap(?!er)\b|\bbudget\b(?!\s*(?:is|of|:|\d|around|about|under|up))|inexpensive|affordable|economy|low[- ]cost/g, 'budget'],
  [/舒适|中档|中等|中端|mid[- ]?range|midrange|moderate(?:ly priced)?|mid[- ]?level|comfort(?:able)?\b|three[- ]star/g, 'comfort'],
  [/豪华|奢华|顶级|luxury|luxurious|upscale|up-?market|high[- ]end|deluxe|fancy|premium|five[- ]star|5[- ]star/g, 'luxury'],
];

function starsOf(s: string): number | undefined {
  return STAR_NUM[s.toLowerCase()];
}

/** The tier that star grades fall in (budget ≤2, comfort 3, luxury ≥4), when they all fall in one. */
export function tierOfStars(stars: number[]): Tier | undefined {
  const tiers = new Set(stars.map((s): Tier => (s <= 2 ? 'budget' : s === 3 ? 'comfort' : 'luxury')));
  return tiers.size === 1 ? [...tiers][0] : undefined;
}

/**
 * The least rating asked for: 4.5分以上, 评分是5分, 评分4.5以上, rated above 4.5, 4.5+ rating; 评分高 / highly rated
 * → 4.5. Read before budgets and stars, so that 4.5分 is neither money nor stars. Claims what it reads.
 * @example readRating(new Scan('评分4.5分以上的酒店')) // { value: 4.5, end: 9 }
 */
export function readRating(scan: Scan): Rating | undefined {
  for (const m of scan.matches(RATING_BEFORE_WORD)) return { value: Number(m[1]), end: m.index + m[0].length };
  for (const m of scan.matches(RATING_ZH, false)) {
    // A bare number is a rating only with 分 or a rating word before it.
    if (!m[1] && !m[3]) continue;
    const value = zhScore(m[2]!);
    if (value === undefined || value < 1 || value > 5) continue;
    scan.claim(m.index, m.index + m[0].length);
    return { value, end: m.index + m[0].length };
  }
  for (const m of scan.matches(RATING_EN)) {
    const v = Number(m[1] ?? m[3]);
    if (v >= 1 && v <= 5) return { value: v, end: m.index + m[0].length };
  }
  for (const m of scan.matches(RATING_VAGUE)) return { value: 4.5, end: m.index + m[0].length };
  return undefined;
}

/** A rating read, and where its words end (to tell whose rating it is: 评分4.5分以上的景点 is a sight's). */
export interface Rating {
  value: number;
  end: number;
}

/**
 * The OTA grade (经济型 → budget [1,2], 舒适型 → comfort [3], 高档(型) → luxury [4], 豪华型 → luxury [5]), stars
 * (四星 → [4], 5-star, 四星以上 → [4,5]), then tier words (便宜/实惠/cheap → budget, 舒适/中档/mid-range → comfort,
 * 豪华/luxury → luxury, without stars). Claims what it reads.
 * @example readGrade(new Scan('高档型酒店')) // { grade: '高档型', tier: 'luxury', stars: [4] }
 */
export function readGrade(scan: Scan): Grade {
  const g: Grade = {};
  const free = scan.free();
  // "不要经济型的，要舒适一点的": a grade or tier refused is read (and explained) but not taken.
  const refused = (at: number) => REFUSED.test(free.slice(Math.max(0, at - 12), at));
  for (const m of scan.matches(GRADE)) {
    if (refused(m.index)) continue;
    const word = m[1] ?? '高档';
    if (word === '经济') Object.assign(g, { grade: '经济型', tier: 'budget', stars: [1, 2] });
    else if (word === '舒适') Object.assign(g, { grade: '舒适型', tier: 'comfort', stars: [3] });
    else if (word === '豪华') Object.assign(g, { grade: '豪华型', tier: 'luxury', stars: [5] });
    else Object.assign(g, { grade: '高档型', tier: 'luxury', stars: [4] });
    break;
  }
  for (const m of scan.matches(STARS)) {
    const hi = starsOf(m[2]!);
    const lo = m[1] ? starsOf(m[1]) : hi;
    if (!hi || !lo) continue;
    const top = m[3] ? 5 : Math.max(lo, hi);
    const stars: number[] = [];
    for (let s = Math.min(lo, hi); s <= top; s++) stars.push(s);
    g.stars = stars;
    const t = tierOfStars(stars);
    // Stars across tiers (3-4星) name no one tier.
    if (t && !g.tier) g.tier = t;
    break;
  }
  if (!g.tier) {
    for (const [re, tier] of TIER) {
      for (const m of scan.matches(re)) {
        if (refused(m.index)) continue;
        g.tier = tier;
        break;
      }
      if (g.tier) break;
    }
  }
  return g;
}

function zhScore(s: string): number | undefined {
  if (/^[1-5](?:\.\d)?$/.test(s)) return Number(s);
  const d: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  const [whole, frac] = s.split('点');
  const w = d[whole!];
  if (w === undefined) return undefined;
  return frac ? w + (d[frac] ?? 0) / 10 : w;
}
