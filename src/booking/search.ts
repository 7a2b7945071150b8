// Tiered search: hotels of a city where every night of the stay has rooms, each with its cheapest fitting room type.
import type { Queryable } from '../../db/index.ts';
import { cny } from '../money.ts';
import { amenityFromWord } from './amenities.ts';
import { cityKey, resolveCity } from './cities.ts';
import type { SearchQuery } from './schemas.ts';
import { TIERS, type SearchHit, type SearchResult, type Tier } from './types.ts';

/*
 * $1 city key, $2 check-in, $3 check-out, $4 guests, $5 rooms, $6 nights, $7 tier, $8 tenant, $9 amenities,
 * $10 stars, $11 min rating, $12 max stay price per room (fen), $13 min stay price per room (fen).
 * Returns one row per hotel (its cheapest room type that fits), ordered by tier and price.
 */
const SEARCH_SQL = `
WITH fitting AS (
  SELECT rt.hotel_id, i.room_type_id, sum(i.price) AS stay_price, min(i.allotment - i.booked) AS rooms_left
  FROM hotels h
  JOIN room_types rt ON rt.hotel_id = h.id
  JOIN inventory i ON i.room_type_id = rt.id AND i.night >= $2::date AND i.night < $3::date
  WHERE h.city_key = $1
    AND rt.capacity * $5::int >= $4::int
    AND ($7::text IS NULL OR h.tier = $7::text)
    AND ($8::uuid IS NULL OR h.tenant_id = $8::uuid)
    AND h.amenities @> $9::text[]
    AND ($10::smallint[] IS NULL OR h.stars = ANY ($10::smallint[]))
    AND ($11::numeric IS NULL OR h.rating >= $11::numeric)
    AND NOT i.stop_sell
    AND i.allotment - i.booked >= $5::int
  GROUP BY rt.hotel_id, i.room_type_id
  HAVING count(*) = $6::int
     AND ($12::bigint IS NULL OR sum(i.price) <= $12::bigint)
     AND ($13::bigint IS NULL OR sum(i.price) >= $13::bigint)
),
best AS (
  SELECT DISTINCT ON (hotel_id) hotel_id, room_type_id, stay_price, rooms_left
  FROM fitting
  ORDER BY hotel_id, stay_price, room_type_id
)
SELECT h.id AS hotel_id, h.name, h.name_en, h.tier, h.stars, h.grade, h.rating, h.address, h.amenities, h.payment_mode,
       rt.id AS room_type_id, rt.name AS room_name, rt.name_en AS room_name_en, rt.capacity,
       b.stay_price, b.rooms_left
FROM best b
JOIN hotels h ON h.id = b.hotel_id
JOIN room_types rt ON rt.id = b.room_type_id
ORDER BY b.stay_price, h.rating DESC NULLS LAST, h.id`;

interface Row {
  hotel_id: string;
  name: string;
  name_en: string | null;
  tier: Tier;
  stars: number;
  grade: string | null;
  rating: number | null;
  address: string | null;
  amenities: string[];
  payment_mode: SearchHit['paymentMode'];
  room_type_id: string;
  room_name: string;
  room_name_en: string | null;
  capacity: number;
  stay_price: number;
  rooms_left: number;
}

/** Amenity words ("停车", "pool") as canonical codes; unknown words are kept as they are (and so match nothing). */
export function amenityCodes(words: readonly string[] | undefined): string[] {
  return [...new Set((words ?? []).map((w) => amenityFromWord(w) ?? w.trim().toLowerCase()))].sort();
}

/**
 * Searches one city for the stay in `q`; `tenantId` narrows it to one tenant's hotels.
 * @example await searchHotels(db, { city: '北京', checkIn, checkOut, guests: 2, rooms: 1, limitPerTier: 5 }, null, 1);
 */
export async function searchHotels(
  db: Queryable,
  q: SearchQuery,
  tenantId: string | null,
  nights: number,
): Promise<SearchResult> {
  const city = resolveCity(q.city);
  const perRoom = (yuanPerNight: number | undefined) =>
    yuanPerNight === undefined ? null : Math.round(yuanPerNight * 100) * nights;
  const { rows } = await db.query<Row>(SEARCH_SQL, [
    city?.key ?? cityKey(q.city),
    q.checkIn,
    q.checkOut,
    q.guests,
    q.rooms,
    nights,
    q.tier ?? null,
    tenantId,
    amenityCodes(q.amenities),
    q.stars?.length ? q.stars : null,
    q.minRating ?? null,
    perRoom(q.budgetMax),
    perRoom(q.budgetMin),
  ]);
  const tiers: Record<Tier, SearchHit[]> = { budget: [], comfort: [], luxury: [] };
  const counts: Record<Tier, number> = { budget: 0, comfort: 0, luxury: 0 };
  for (const r of rows) {
    counts[r.tier]++;
    if (tiers[r.tier].length >= q.limitPerTier) continue;
    tiers[r.tier].push({
      hotelId: r.hotel_id,
      name: r.name,
      nameEn: r.name_en,
      tier: r.tier,
      stars: r.stars,
      grade: r.grade,
      rating: r.rating,
      address: r.address,
      amenities: r.amenities,
      roomTypeId: r.room_type_id,
      roomName: r.room_name,
      roomNameEn: r.room_name_en,
      capacity: r.capacity,
      pricePerNight: cny(Math.round(r.stay_price / nights)),
      total: cny(r.stay_price * q.rooms),
      roomsLeft: r.rooms_left,
      paymentMode: r.payment_mode,
    });
  }
  for (const t of TIERS) tiers[t].sort((a, b) => a.total.amount - b.total.amount);
  return {
    city: city ? { zh: city.zh, en: city.en } : null,
    checkIn: q.checkIn,
    checkOut: q.checkOut,
    nights,
    rooms: q.rooms,
    guests: q.guests,
    tiers,
    counts,
  };
}
