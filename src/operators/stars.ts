// Stars, tiers and the Chinese OTA grade: the one rule that ties them together (the hotels table CHECKs it too).
import type { Tier } from '../booking/index.ts';

/** Stars a hotel gets when its operator names only the tier. */
export const DEFAULT_STARS: Record<Tier, number> = { budget: 2, comfort: 3, luxury: 4 };

/**
 * True when `stars` belongs to `tier`: budget ≤ 2, comfort 3, luxury ≥ 4.
 * @example starsFitTier('luxury', 3) // false
 */
export function starsFitTier(tier: Tier, stars: number): boolean {
  if (tier === 'budget') return stars <= 2;
  if (tier === 'comfort') return stars === 3;
  return stars >= 4;
}

/** What each tier's stars must be, for error messages. */
export const TIER_STARS: Record<Tier, string> = { budget: '1 or 2', comfort: '3', luxury: '4 or 5' };

/**
 * The grade Chinese booking sites show for a star count (经济型 / 舒适型 / 高档型 / 豪华型).
 * @example gradeForStars(4) // '高档型'
 */
export function gradeForStars(stars: number): string {
  if (stars <= 2) return '经济型';
  if (stars === 3) return '舒适型';
  return stars === 4 ? '高档型' : '豪华型';
}
