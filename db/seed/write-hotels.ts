// Writes a batch of seeded hotels, their room types and nightly inventory, idempotently, in one transaction.
import type { Db, Queryable } from '../types.ts';
import { addDays } from '../../src/dates.ts';
import { pricePercents } from './pricing.ts';
import type { HotelSeed, SeedCounts } from './types.ts';

/** The nights to stock: `nights` nights from `from` (a YYYY-MM-DD date). */
export interface InventoryWindow {
  from: string;
  nights: number;
}

/** Any constant: two seeders writing the same batch (two instances starting together) take turns. */
const SEED_LOCK = 727_002;

const INSERT_HOTELS = `
INSERT INTO hotels (tenant_id, name, name_en, city, city_en, city_key, tier, stars, grade, rating, address, address_en,
  phone, metro, description, description_en, amenities, facilities, nearby_sights, policies, payment_mode, hold_minutes,
  cancel_hours, source, seed_key, created_at, updated_at)
SELECT $1, h.name, h.name_en, h.city, h.city_en, h.city_key, h.tier, h.stars, h.grade, h.rating, h.address, h.address_en,
  h.phone, h.metro, h.description, h.description_en, h.amenities, h.facilities, h.nearby_sights, h.policies,
  h.payment_mode, h.hold_minutes, h.cancel_hours, h.source, h.seed_key,
  -- one microsecond apart, so listings by created_at keep the seed's order
  now() + h.ord * interval '1 microsecond', now()
FROM jsonb_to_recordset($2::jsonb) AS h(ord int, name text, name_en text, city text, city_en text, city_key text,
  tier text, stars smallint, grade text, rating numeric, address text, address_en text, phone text, metro text,
  description text, description_en text, amenities text[], facilities text[], nearby_sights text[], policies jsonb,
  payment_mode text, hold_minutes int, cancel_hours int, source text, seed_key text)
ON CONFLICT (seed_key) DO NOTHING`;

// room_types has no unique key: "the same name in the same hotel" is what makes a room type already seeded.
const INSERT_ROOM_TYPES = `
INSERT INTO room_types (hotel_id, tenant_id, name, name_en, capacity, base_price, created_at)
SELECT h.id, h.tenant_id, r.name, r.name_en, r.capacity, r.base_price, now() + r.ord * interval '1 microsecond'
FROM jsonb_to_recordset($1::jsonb) AS r(seed_key text, ord int, name text, name_en text, capacity smallint, base_price bigint)
JOIN hotels h ON h.seed_key = r.seed_key
WHERE NOT EXISTS (SELECT 1 FROM room_types x WHERE x.hotel_id = h.id AND x.name = r.name)`;

const SELECT_ROOM_TYPES = `
SELECT rt.id, h.seed_key, rt.name, rt.base_price, s.stocked, coalesce(s.last - $2::date + 1, 0) AS span
FROM room_types rt JOIN hotels h ON h.id = rt.hotel_id
CROSS JOIN LATERAL (
  SELECT count(*)::int AS stocked, max(i.night) AS last FROM inventory i
  WHERE i.room_type_id = rt.id AND i.night >= $2::date AND i.night < $3::date
) s
WHERE h.seed_key = ANY($1::text[])`;

// One statement per batch: every room type × every night of the window from its first missing one. Existing
// nights are left alone, so a re-seed never resets `booked`, and a later run only adds the nights past the last.
// $7/$8: percent of the base price per night of the window for city and beach hotels (pricing.ts); the price is
// rounded to whole yuan as nightlyPrice() does.
const INSERT_INVENTORY = `
INSERT INTO inventory (room_type_id, night, allotment, price)
SELECT r.id, $4::date + d.i, r.allotment,
  (round(r.base_price * (CASE WHEN r.beach THEN $8::int[] ELSE $7::int[] END)[d.i + 1] / 10000.0) * 100)::bigint
FROM unnest($1::uuid[], $2::int[], $3::bigint[], $6::boolean[], $9::int[]) AS r(id, allotment, base_price, beach, first)
CROSS JOIN LATERAL generate_series(r.first, $5::int - 1) AS d(i)
ON CONFLICT (room_type_id, night) DO NOTHING`;

async function insertHotels(tx: Queryable, tenantId: string, hotels: HotelSeed[]): Promise<number> {
  const rows = hotels.map((h, ord) => ({
    ord,
    name: h.name,
    name_en: h.nameEn,
    city: h.city.zh,
    city_en: h.city.en,
    city_key: h.city.key,
    tier: h.tier,
    stars: h.stars,
    grade: h.grade,
    rating: h.rating,
    address: h.address,
    address_en: h.addressEn,
    phone: h.phone,
    metro: h.metro,
    description: h.description,
    description_en: h.descriptionEn,
    amenities: h.amenities,
    facilities: h.facilities,
    nearby_sights: h.nearbySights,
    policies: h.policies,
    payment_mode: h.paymentMode,
    hold_minutes: h.holdMinutes,
    cancel_hours: h.cancelHours,
    source: h.source,
    seed_key: h.seedKey,
  }));
  return (await tx.query(INSERT_HOTELS, [tenantId, JSON.stringify(rows)])).rowCount;
}

async function insertRoomTypes(tx: Queryable, hotels: HotelSeed[]): Promise<number> {
  const rows = hotels.flatMap((h) =>
    h.roomTypes.map((r, ord) => ({
      seed_key: h.seedKey,
      ord,
      name: r.name,
      name_en: r.nameEn,
      capacity: r.capacity,
      base_price: r.basePrice,
    })),
  );
  return (await tx.query(INSERT_ROOM_TYPES, [JSON.stringify(rows)])).rowCount;
}

async function insertInventory(tx: Queryable, hotels: HotelSeed[], window: InventoryWindow): Promise<number> {
  const bySeed = new Map(hotels.map((h) => [h.seedKey, h]));
  const { rows } = await tx.query<{ id: string; seed_key: string; name: string; base_price: number; stocked: number; span: number }>(
    SELECT_ROOM_TYPES,
    [[...bySeed.keys()], window.from, addDays(window.from, window.nights)],
  );
  // Room types an operator added later are theirs to stock; fully stocked ones need no work.
  const todo = rows.flatMap((r) => {
    const hotel = bySeed.get(r.seed_key);
    const seeded = hotel?.roomTypes.find((t) => t.name === r.name);
    // When the stocked nights run unbroken from the window's start, only the nights after them are new.
    const first = r.stocked === r.span ? r.stocked : 0;
    return hotel && seeded && r.stocked < window.nights ? [{ ...r, allotment: seeded.allotment, season: hotel.season, first }] : [];
  });
  if (todo.length === 0) return 0;
  const result = await tx.query(INSERT_INVENTORY, [
    todo.map((r) => r.id),
    todo.map((r) => r.allotment),
    todo.map((r) => r.base_price),
    window.from,
    window.nights,
    todo.map((r) => r.season === 'beach'),
    pricePercents(window.from, window.nights, 'city'),
    pricePercents(window.from, window.nights, 'beach'),
    todo.map((r) => r.first),
  ]);
  return result.rowCount;
}

/**
 * Creates what is missing of `hotels` for `tenantId` (hotels by seed key, room types by hotel and name,
 * inventory by room type and night) in one transaction, so no hotel is ever left without its room types.
 * Returns what it inserted: zeros when everything was there.
 * @example await writeHotels(db, tenantId, batch, { from: '2025-06-01', nights: 180 });
 */
export async function writeHotels(db: Db, tenantId: string, hotels: HotelSeed[], window: InventoryWindow): Promise<SeedCounts> {
  if (hotels.length === 0) return { hotels: 0, roomTypes: 0, inventoryRows: 0 };
  return db.transaction(async (tx) => {
    if (db.kind === 'postgres') {
      await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [SEED_LOCK, hotels[0]?.seedKey]);
    }
    const h = await insertHotels(tx, tenantId, hotels);
    const r = await insertRoomTypes(tx, hotels);
    const i = await insertInventory(tx, hotels, window);
    return { hotels: h, roomTypes: r, inventoryRows: i };
  });
}

/** Hotels to write in batches: a list, or a count and a maker (bulk seeds build each batch when it is due). */
export type HotelSource = readonly HotelSeed[] | { count: number; make: (index: number) => HotelSeed };

/**
 * Writes `hotels` in transactions of `batchSize` (default 100), `concurrency` at a time (default 2 on PostgreSQL;
 * always 1 on PGlite, which has one session), reporting the hotels done after each batch.
 * @example await writeHotelsInBatches(db, tenantId, seeds, { from: today, nights: 180 }, { onBatch: (n) => bar.update(n) });
 */
export async function writeHotelsInBatches(
  db: Db,
  tenantId: string,
  hotels: HotelSource,
  window: InventoryWindow,
  opts: { batchSize?: number; concurrency?: number; onBatch?: (done: number) => void } = {},
): Promise<SeedCounts> {
  const size = opts.batchSize ?? 100;
  const count = 'count' in hotels ? hotels.count : hotels.length;
  const at = (i: number): HotelSeed => ('make' in hotels ? hotels.make(i) : (hotels[i] as HotelSeed));
  const total: SeedCounts = { hotels: 0, roomTypes: 0, inventoryRows: 0 };
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < count) {
      const start = next;
      next = Math.min(count, next + size);
      const batch = Array.from({ length: next - start }, (_, k) => at(start + k));
      const added = await writeHotels(db, tenantId, batch, window);
      total.hotels += added.hotels;
      total.roomTypes += added.roomTypes;
      total.inventoryRows += added.inventoryRows;
      done += batch.length;
      opts.onBatch?.(done);
    }
  };
  opts.onBatch?.(0);
  const workers = db.kind === 'pglite' ? 1 : Math.max(1, opts.concurrency ?? 2);
  await Promise.all(Array.from({ length: Math.min(workers, Math.ceil(count / size)) }, worker));
  return total;
}
