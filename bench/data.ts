// Bench data built by bulk SQL (generate_series): a tenant, hotels over the known cities in all tiers, room types, inventory.
import type { Queryable } from '../db/index.ts';
import { AMENITY_CODES } from '../src/booking/amenities.ts';
import { knownCities } from '../src/booking/cities.ts';

/** What {@link buildBenchData} writes. */
export interface BenchDataSpec {
  hotels: number;
  /** Nights of inventory from `today` (inclusive). */
  nights: number;
  today: string;
  /** Rooms per room type and night. */
  allotment: number;
}

/** One bookable room type. */
export interface BenchRoomType {
  hotelId: string;
  roomTypeId: string;
  capacity: number;
}

/** The four room types every bench hotel has: name, English name, capacity, price in percent of the cheapest. */
const ROOMS: Array<[string, string, number, number]> = [
  ['大床房', 'Queen Room', 2, 100],
  ['双床房', 'Twin Room', 2, 105],
  ['豪华大床房', 'Deluxe King Room', 2, 130],
  ['家庭房', 'Family Room', 4, 160],
];

/**
 * Writes the data in four statements and returns the tenant and every room type. Hotel g is in city g mod #cities,
 * of tier (g div #cities) mod 3, so every city with at least three hotels has all tiers.
 */
export async function buildBenchData(db: Queryable, spec: BenchDataSpec): Promise<{ tenantId: string; roomTypes: BenchRoomType[]; inventoryRows: number }> {
  const cities = knownCities();
  const t = await db.query<{ id: string }>(`INSERT INTO tenants (name) VALUES ('Bench tenant') RETURNING id`);
  const tenantId = t.rows[0]!.id;
  await db.query(
    `INSERT INTO hotels (tenant_id, name, name_en, city, city_en, city_key, tier, stars, rating, amenities, payment_mode)
     SELECT $1, '压测酒店 ' || g, 'Bench Hotel ' || g, ($2::text[])[c], ($3::text[])[c], ($4::text[])[c], tier,
       CASE tier WHEN 'budget' THEN 2 WHEN 'comfort' THEN 3 ELSE 4 + g % 2 END,
       round(3.5 + (g % 15) / 10.0, 1),
       ARRAY(SELECT a FROM unnest($5::text[]) WITH ORDINALITY AS x(a, o) WHERE (g * 7919 + o * 104729) % 100 < 40 ORDER BY a),
       'at_hotel'
     FROM (
       SELECT g, 1 + g % cardinality($2::text[]) AS c,
              (ARRAY['budget', 'comfort', 'luxury'])[1 + (g / cardinality($2::text[])) % 3] AS tier
       FROM generate_series(0, $6::int - 1) AS g
     ) s`,
    [tenantId, cities.map((c) => c.zh), cities.map((c) => c.en), cities.map((c) => c.key), AMENITY_CODES, spec.hotels],
  );
  await db.query(
    `INSERT INTO room_types (hotel_id, tenant_id, name, name_en, capacity, base_price)
     SELECT h.id, h.tenant_id, r.name, r.name_en, r.capacity,
       (CASE h.tier WHEN 'budget' THEN 200 WHEN 'comfort' THEN 400 ELSE 900 END
         * (100 + abs(hashtext(h.id::text)) % 50) / 100 * r.markup / 100) * 100
     FROM hotels h
     CROSS JOIN unnest($2::text[], $3::text[], $4::int[], $5::int[]) AS r(name, name_en, capacity, markup)
     WHERE h.tenant_id = $1`,
    [tenantId, ROOMS.map((r) => r[0]), ROOMS.map((r) => r[1]), ROOMS.map((r) => r[2]), ROOMS.map((r) => r[3])],
  );
  const inv = await db.query(
    `INSERT INTO inventory (room_type_id, night, allotment, price)
     SELECT rt.id, $2::date + d, $4::int,
       rt.base_price * CASE WHEN extract(isodow FROM $2::date + d) IN (5, 6) THEN 12 ELSE 10 END / 10
     FROM room_types rt CROSS JOIN generate_series(0, $3::int - 1) AS d
     WHERE rt.tenant_id = $1`,
    [tenantId, spec.today, spec.nights, spec.allotment],
  );
  const { rows } = await db.query<{ hotel_id: string; id: string; capacity: number }>(
    'SELECT hotel_id, id, capacity FROM room_types WHERE tenant_id = $1 ORDER BY hotel_id, id',
    [tenantId],
  );
  return {
    tenantId,
    roomTypes: rows.map((r) => ({ hotelId: r.hotel_id, roomTypeId: r.id, capacity: Number(r.capacity) })),
    inventoryRows: inv.rowCount,
  };
}
