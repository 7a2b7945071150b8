// The Chinese OTA grades, their star ratings and the tier each belongs to.
import type { Tier } from './types.ts';

/** The four grades Chinese booking sites use. */
export type Grade = '经济型' | '舒适型' | '高档型' | '豪华型';

/** A grade's stars, tier and names. */
export interface GradeInfo {
  grade: Grade;
  stars: number;
  tier: Tier;
  en: string;
}

/** Grade → stars 2/3/4/5 and tier (budget ≤ 2 stars, comfort 3, luxury ≥ 4), as the schema's CHECK requires. */
export const GRADES: Record<Grade, GradeInfo> = {
  经济型: { grade: '经济型', stars: 2, tier: 'budget', en: 'budget' },
  舒适型: { grade: '舒适型', stars: 3, tier: 'comfort', en: 'comfort' },
  高档型: { grade: '高档型', stars: 4, tier: 'luxury', en: 'upscale' },
  豪华型: { grade: '豪华型', stars: 5, tier: 'luxury', en: 'luxury' },
};

/** True for one of the four grades. */
export function isGrade(s: string): s is Grade {
  return Object.hasOwn(GRADES, s);
}
