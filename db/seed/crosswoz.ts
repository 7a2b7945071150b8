// Beijing's demo hotels: CrossWOZ's 1,133 real hotels (Apache-2.0, see data/README.md) mapped to HotelSeeds.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { amenityFromWord, type AmenityCode } from '../../src/booking/amenities.ts';
import { resolveCity } from '../../src/booking/cities.ts';
import { districtOf, englishNames } from './english-name.ts';
import { GRADES, isGrade, type Grade } from './grades.ts';
import { breakfastPriceFor, policiesFor } from './policies.ts';
import { prngFor } from './prng.ts';
import { roomTypesFor } from './room-types.ts';
import { BEIJING_SIGHTS_EN } from './sights-en.ts';
import type { HotelSeed } from './types.ts';

const DATA_FILE = new URL('./data/crosswoz-hotels.json', import.meta.url);

const record = z.object({
  名称: z.string().min(1),
  酒店类型: z.string().refine(isGrade, 'an unknown grade'),
  地址: z.string(),
  地铁: z.string().nullable(),
  电话: z.string().nullable(),
  酒店设施: z.array(z.string()),
  价格: z.number().int().positive().nullable(),
  评分: z.number().min(0).max(5).nullable(),
  周边景点: z.array(z.string()),
});

/** One hotel of CrossWOZ's hotel database, with only the fields the seed uses. */
export type CrossWozHotel = z.infer<typeof record> & { 酒店类型: Grade };

/** Reads and checks db/seed/data/crosswoz-hotels.json. */
export async function loadCrossWozHotels(): Promise<CrossWozHotel[]> {
  return z.array(record).parse(JSON.parse(await readFile(DATA_FILE, 'utf8'))) as CrossWozHotel[];
}

/** Canonical amenity codes for a hotel's own words, in first-seen order. */
export function amenitiesOf(words: string[]): AmenityCode[] {
  return [...new Set(words.flatMap((w) => amenityFromWord(w) ?? []))];
}

/** The median price of each grade, standing in for the hotels CrossWOZ gives no price. */
function medianPrices(hotels: CrossWozHotel[]): Record<Grade, number> {
  const median = (grade: Grade) => {
    const prices = hotels.flatMap((h) => (h.酒店类型 === grade && h.价格 ? [h.价格] : [])).sort((a, b) => a - b);
    return prices[Math.floor(prices.length / 2)] ?? 300;
  };
  return { 经济型: median('经济型'), 舒适型: median('舒适型'), 高档型: median('高档型'), 豪华型: median('豪华型') };
}

function metroEn(metro: string): string {
  const m = /^(.+?)地铁站.*?(?:([A-Z]\d?|\d{1,2})口)?$/u.exec(metro);
  if (!m?.[1]) return metro;
  return `${m[1]} metro station${m[2] ? ` (exit ${m[2]})` : ''}`;
}

function describe(h: CrossWozHotel, sights: string[]): { zh: string; en: string } {
  const g = GRADES[h.酒店类型];
  const district = districtOf(h.地址);
  const zh = [
    `位于北京${district ? `${district.zh}区` : ''}的${g.grade}酒店（${g.stars}星级）`,
    h.地铁 ? `，邻近${h.地铁}` : '',
    '。',
    sights.length ? `周边有${sights.slice(0, 3).join('、')}${sights.length > 3 ? '等' : ''}景点。` : '',
  ].join('');
  // Sights without a known English name keep their Chinese one, as the metro stations do: honest, and showable.
  const shown = sights.slice(0, 3).map((s) => BEIJING_SIGHTS_EN[s] ?? s);
  const more = sights.length - shown.length;
  const sightsEn = shown.length ? ` Nearby: ${shown.join(', ')}${more ? ` and ${more} more sight${more > 1 ? 's' : ''}` : ''}.` : '';
  const en = [
    `A${g.en === 'upscale' ? 'n' : ''} ${g.en} ${g.stars}-star hotel in ${district ? `${district.en} District, ` : ''}Beijing`,
    h.地铁 ? `, near ${metroEn(h.地铁)}` : '',
    '.',
    sightsEn,
  ].join('');
  return { zh, en };
}

/** Maps one CrossWOZ hotel to the hotel the demo creates (deterministic: keyed by its name). */
export function crossWozHotelSeed(h: CrossWozHotel, nameEn: string, fallbackPrice: number): HotelSeed {
  const seedKey = `crosswoz:${h.名称}`;
  const prng = prngFor(seedKey);
  const g = GRADES[h.酒店类型];
  const facilities = h.酒店设施.map((f) => f.trim()).filter((f) => f.length > 0);
  const amenities = amenitiesOf(facilities);
  const prepay = g.tier === 'luxury' && prng.chance(0.3);
  const cancelHours = prepay ? 48 : g.tier === 'luxury' ? prng.pick([24, 48]) : g.tier === 'comfort' ? prng.pick([0, 24]) : prng.chance(0.8) ? 0 : 24;
  const paymentMode = prepay ? 'prepay' : 'at_hotel';
  const breakfast = facilities.some((f) => /早餐.*免费|含早/u.test(f)) ? 'included' : amenities.includes('breakfast') ? 'extra' : 'none';
  const parking = !amenities.includes('parking') ? 'none' : facilities.some((f) => /免费停车/u.test(f)) ? 'free' : 'paid';
  const city = resolveCity('北京');
  if (!city) throw new Error('北京 is missing from the known cities');
  const district = districtOf(h.地址);
  const { zh, en } = describe(h, h.周边景点);
  return {
    seedKey,
    name: h.名称,
    nameEn,
    city,
    tier: g.tier,
    stars: g.stars,
    grade: g.grade,
    rating: h.评分,
    address: h.地址,
    addressEn: district ? `${h.地址} (${district.en} District, Beijing)` : `${h.地址} (Beijing)`,
    phone: h.电话,
    metro: h.地铁,
    description: zh,
    descriptionEn: en,
    amenities,
    facilities,
    nearbySights: h.周边景点,
    policies: policiesFor({
      breakfast,
      breakfastPrice: breakfastPriceFor(g.stars),
      parking,
      pets: false,
      cancelHours,
      paymentMode,
      holdMinutes: 30,
    }),
    paymentMode,
    holdMinutes: 30,
    cancelHours,
    source: 'crosswoz',
    season: 'city',
    roomTypes: roomTypesFor(g.tier, (h.价格 ?? fallbackPrice) * 100, prng),
  };
}

/**
 * Every CrossWOZ hotel as a HotelSeed, in the file's order; with `limit`, that many spread over the grades
 * (round robin), so a small demo still has every tier.
 */
export async function beijingHotels(limit?: number): Promise<HotelSeed[]> {
  const all = await loadCrossWozHotels();
  const medians = medianPrices(all);
  // Names and fallback prices come from the whole list, so a limited demo names and prices hotels the same way.
  const names = englishNames(all.map((h) => ({ name: h.名称, address: h.地址 })));
  const chosen = limit === undefined || limit >= all.length ? all : spread(all, limit);
  return chosen.map((h) => crossWozHotelSeed(h, names.get(h.名称) ?? h.名称, medians[h.酒店类型]));
}

function spread(hotels: CrossWozHotel[], limit: number): CrossWozHotel[] {
  const byGrade = Object.keys(GRADES).map((g) => hotels.filter((h) => h.酒店类型 === g));
  const out: CrossWozHotel[] = [];
  for (let i = 0; out.length < limit; i++) {
    for (const list of byGrade) if (list[i] && out.length < limit) out.push(list[i] as CrossWozHotel);
  }
  return out;
}
