// Benchmark-sized data: a tenant "Bench Hotels" with any number of generated hotels over every known city and tier.
import { AMENITY_CODES, amenityLabel, type AmenityCode } from '../../src/booking/amenities.ts';
import { knownCities, type City } from '../../src/booking/cities.ts';
import { isIsoDate } from '../../src/dates.ts';
import type { Db } from '../types.ts';
import { GRADES, type GradeInfo } from './grades.ts';
import { breakfastPriceFor, policiesFor } from './policies.ts';
import { prngFor } from './prng.ts';
import { roomTypesFor } from './room-types.ts';
import { countTenantStock } from './stock-counts.ts';
import { ensureTenant } from './tenants.ts';
import type { HotelSeed, OnProgress, SeedCounts, Tier } from './types.ts';
import { writeHotelsInBatches } from './write-hotels.ts';

/** Options of {@link seedBulk}. */
export interface BulkSeedOptions {
  hotels: number;
  nights: number;
  /** Room types per hotel; default 4. */
  roomTypes?: number;
  /** YYYY-MM-DD: the first night stocked. */
  today: string;
  onProgress?: OnProgress;
}

/** The bench tenant's totals after {@link seedBulk}, and what this run added. */
export interface BulkSeedResult extends SeedCounts {
  tenantId: string;
  added: SeedCounts;
}

/** Limits the CLI enforces too. */
export const BULK_LIMITS = { hotels: 1_000_000, nights: 1096, roomTypes: 10 } as const;

const TIERS: Tier[] = ['budget', 'comfort', 'luxury'];
/** Yuan per night of the cheapest room, by tier. */
const PRICE: Record<Tier, [number, number]> = { budget: [120, 350], comfort: [280, 700], luxury: [600, 2600] };
const BASICS: AmenityCode[] = ['wifi', 'non_smoking', 'hot_water_24h', 'front_desk_24h', 'luggage_storage'];
/** Tropical cities, dearest in winter (see pricing.ts). */
const BEACH_CITIES = new Set(['sanya', 'haikou']);

function gradeFor(tier: Tier, fiveStar: boolean): GradeInfo {
  if (tier === 'budget') return GRADES['经济型'];
  if (tier === 'comfort') return GRADES['舒适型'];
  return fiveStar ? GRADES['豪华型'] : GRADES['高档型'];
}

/** Bench hotel number `n` (1-based): cities in turn, and each city through the three tiers. */
export function benchHotel(n: number, cities: City[], roomTypes: number): HotelSeed {
  const seedKey = `bench-${n}`;
  const prng = prngFor(seedKey);
  const city = cities[(n - 1) % cities.length] as City;
  const tier = TIERS[Math.floor((n - 1) / cities.length) % TIERS.length] as Tier;
  const g = gradeFor(tier, prng.chance(0.4));
  const extras = AMENITY_CODES.filter((a) => !BASICS.includes(a) && a !== 'pets' && prng.chance(tier === 'budget' ? 0.15 : tier === 'comfort' ? 0.3 : 0.55));
  const amenities = [...BASICS, ...extras];
  const pets = prng.chance(0.1);
  if (pets) amenities.push('pets');
  const [lo, hi] = PRICE[tier];
  const price = prng.int(lo, hi);
  const cancelHours = prng.pick([0, 24, 48]);
  const paymentMode = tier === 'luxury' && prng.chance(0.3) ? 'prepay' : 'at_hotel';
  const label = String(n).padStart(6, '0');
  return {
    seedKey,
    name: `基准酒店${label}号(${city.zh})`,
    nameEn: `Bench Hotel ${label} (${city.en})`,
    city,
    tier,
    stars: g.stars,
    grade: g.grade,
    rating: prng.int(35, 50) / 10,
    address: `${city.zh}基准路${n}号`,
    addressEn: `${n} Bench Road, ${city.en}`,
    phone: null,
    metro: null,
    description: `基准测试数据：${city.zh}的${g.grade}酒店（${g.stars}星级）。`,
    descriptionEn: `Benchmark data: a ${g.en} ${g.stars}-star hotel in ${city.en}.`,
    amenities,
    facilities: amenities.map((a) => amenityLabel(a)),
    nearbySights: [],
    policies: policiesFor({
      breakfast: amenities.includes('breakfast') ? (prng.chance(0.5) ? 'included' : 'extra') : 'none',
      breakfastPrice: breakfastPriceFor(g.stars),
      parking: amenities.includes('parking') ? (prng.chance(0.5) ? 'free' : 'paid') : 'none',
      pets,
      cancelHours,
      paymentMode,
      holdMinutes: 30,
    }),
    paymentMode,
    holdMinutes: 30,
    cancelHours,
    source: 'bench',
    season: BEACH_CITIES.has(city.key) ? 'beach' : 'city',
    roomTypes: roomTypesFor(tier, price * 100, prng, roomTypes),
  };
}

function check(opts: BulkSeedOptions): number {
  const roomTypes = opts.roomTypes ?? 4;
  const whole = (name: string, v: number, max: number) => {
    if (!Number.isInteger(v) || v < 1 || v > max) throw new RangeError(`${name} must be a whole number 1…${max}, got ${v}`);
  };
  whole('hotels', opts.hotels, BULK_LIMITS.hotels);
  whole('nights', opts.nights, BULK_LIMITS.nights);
  whole('roomTypes', roomTypes, BULK_LIMITS.roomTypes);
  if (!isIsoDate(opts.today)) throw new RangeError(`today must be a date as YYYY-MM-DD, got "${opts.today}"`);
  return roomTypes;
}

/**
 * Seeds `hotels` bench hotels (seed keys bench-1…bench-N) for the tenant "Bench Hotels", `roomTypes` room types
 * each and `nights` nights of inventory from `today`, in batches; idempotent like the demo seed.
 * @example await seedBulk(db, { hotels: 1000, nights: 365, today: '2025-06-01', onProgress: (d, t) => bar.update(d) });
 */
export async function seedBulk(db: Db, opts: BulkSeedOptions): Promise<BulkSeedResult> {
  const roomTypes = check(opts);
  const tenant = await ensureTenant(db, 'bench', 'Bench Hotels');
  const cities = knownCities();
  const added = await writeHotelsInBatches(
    db,
    tenant.id,
    { count: opts.hotels, make: (i) => benchHotel(i + 1, cities, roomTypes) },
    { from: opts.today, nights: opts.nights },
    { onBatch: (done) => opts.onProgress?.(done, opts.hotels) },
  );
  return { tenantId: tenant.id, ...(await countTenantStock(db, [tenant.id])), added };
}
