// The fictional demo hotels of data/cities.ts as HotelSeeds, with amenities and policies derived from one set of facts.
import { amenityLabel, type AmenityCode } from '../../src/booking/amenities.ts';
import { resolveCity } from '../../src/booking/cities.ts';
import { DEMO_CITIES, type DemoCity, type DemoHotel } from './data/cities.ts';
import { GRADES } from './grades.ts';
import { breakfastPriceFor, policiesFor } from './policies.ts';
import { prngFor } from './prng.ts';
import { roomTypesFor } from './room-types.ts';
import type { HotelSeed } from './types.ts';

/** Amenity codes of a demo hotel: its list, plus breakfast, parking and pets exactly when its facts say so. */
function amenitiesOf(h: DemoHotel): AmenityCode[] {
  const derived: AmenityCode[] = [
    ...(h.breakfast !== 'none' ? (['breakfast'] as const) : []),
    ...(h.parking !== 'none' ? (['parking'] as const) : []),
    ...(h.pets ? (['pets'] as const) : []),
  ];
  const own = h.amenities.filter((a) => a !== 'breakfast' && a !== 'parking' && a !== 'pets');
  return [...new Set([...own, ...derived])];
}

function describe(h: DemoHotel, cityZh: string, cityEn: string): { zh: string; en: string } {
  const g = GRADES[h.grade];
  const zh =
    `${h.highlight.zh}位于${cityZh}${h.district.zh}的${g.grade}酒店（${g.stars}星级）` +
    (h.metro ? `，邻近地铁${h.metro.zh}` : '') +
    `。周边有${h.sights.map((s) => s.zh).join('、')}。`;
  const en =
    `${h.highlight.en} A${g.en === 'upscale' ? 'n' : ''} ${g.en} ${g.stars}-star hotel in ${h.district.en}, ${cityEn}` +
    (h.metro ? `, near ${h.metro.en}` : '') +
    `. Nearby: ${h.sights.map((s) => s.en).join(', ')}.`;
  return { zh, en };
}

/** One fictional hotel as the demo creates it (deterministic: keyed by its seed key). */
export function demoHotelSeed(c: DemoCity, h: DemoHotel): HotelSeed {
  const city = resolveCity(c.city);
  if (!city) throw new Error(`demo city ${c.city} is not a known city`);
  const seedKey = `demo:${city.key}:${h.key}`;
  const g = GRADES[h.grade];
  const amenities = amenitiesOf(h);
  const paymentMode = h.prepay ? 'prepay' : 'at_hotel';
  const { zh, en } = describe(h, city.zh, city.en);
  return {
    seedKey,
    name: h.name,
    nameEn: h.nameEn,
    city,
    tier: g.tier,
    stars: g.stars,
    grade: g.grade,
    rating: h.rating,
    address: h.address.zh,
    addressEn: h.address.en,
    phone: null,
    metro: h.metro?.zh ?? null,
    description: zh,
    descriptionEn: en,
    amenities,
    facilities: amenities.map((a) => amenityLabel(a)),
    nearbySights: h.sights.map((s) => s.zh),
    policies: policiesFor({
      breakfast: h.breakfast,
      breakfastPrice: breakfastPriceFor(g.stars),
      parking: h.parking,
      pets: h.pets ?? false,
      cancelHours: h.cancelHours,
      paymentMode,
      holdMinutes: 30,
    }),
    paymentMode,
    holdMinutes: 30,
    cancelHours: h.cancelHours,
    source: 'demo',
    season: c.season,
    roomTypes: roomTypesFor(g.tier, h.price * 100, prngFor(seedKey)),
  };
}

/** Every fictional demo hotel, city by city. */
export function demoCityHotels(): HotelSeed[] {
  return DEMO_CITIES.flatMap((c) => c.hotels.map((h) => demoHotelSeed(c, h)));
}
