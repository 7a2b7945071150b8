// Nightly prices of seeded inventory: the base price varied by weekday and season.
import { addDays, weekday } from '../../src/dates.ts';
import type { SeasonProfile } from './types.ts';

/**
 * Percent of the base price for one night. Friday and Saturday nights cost 20% more; the national holiday weeks
 * (1–7 October, 1–5 May) 30% more; city hotels are dearer in July and August and cheaper in January and February,
 * beach hotels dearer from December to March and cheaper from June to September.
 * @example pricePercent('2025-10-03', 'city') // 156: a Friday in Golden Week
 */
export function pricePercent(night: string, profile: SeasonProfile): number {
  const month = Number(night.slice(5, 7));
  const day = Number(night.slice(8, 10));
  const week = weekday(night) === 5 || weekday(night) === 6 ? 120 : 100;
  let season = 100;
  if ((month === 10 && day <= 7) || (month === 5 && day <= 5)) season = 130;
  else if (profile === 'beach') season = [12, 1, 2, 3].includes(month) ? 135 : [6, 7, 8, 9].includes(month) ? 85 : 100;
  else season = [7, 8].includes(month) ? 115 : [1, 2].includes(month) ? 90 : 100;
  return Math.round((week * season) / 100);
}

/** The nightly price in fen, rounded to whole yuan. */
export function nightlyPrice(basePrice: number, night: string, profile: SeasonProfile): number {
  return Math.round((basePrice * pricePercent(night, profile)) / 10_000) * 100;
}

/** pricePercent for each of `nights` nights from `from`, for the SQL that writes a batch's inventory. */
export function pricePercents(from: string, nights: number, profile: SeasonProfile): number[] {
  return Array.from({ length: nights }, (_, i) => pricePercent(addDays(from, i), profile));
}
