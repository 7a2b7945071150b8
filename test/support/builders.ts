// Builders of test data, written straight to the database, so a test says only what matters to its rule.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../db/index.ts';
import { cityForHotel } from '../../src/booking/cities.ts';
import type { Tier } from '../../src/booking/types.ts';
import { addDays } from '../../src/dates.ts';
import { hashPassword, issueToken, type Keys } from '../../src/security/index.ts';

const STARS: Record<Tier, number> = { budget: 2, comfort: 3, luxury: 5 };

export async function aTenant(db: Queryable, name = `Tenant ${randomUUID().slice(0, 8)}`): Promise<string> {
  const { rows } = await db.query<{ id: string }>('INSERT INTO tenants (name) VALUES ($1) RETURNING id', [name]);
  return rows[0]!.id;
}

export interface HotelSpec {
  tenantId: string;
  name?: string;
  city?: string;
  tier?: Tier;
  stars?: number;
  rating?: number;
  amenities?: string[];
  paymentMode?: 'at_hotel' | 'prepay';
  holdMinutes?: number;
  cancelHours?: number;
}

export async function aHotel(db: Queryable, spec: HotelSpec): Promise<string> {
  const city = cityForHotel(spec.city ?? '北京');
  const tier = spec.tier ?? 'comfort';
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO hotels (tenant_id, name, name_en, city, city_en, city_key, tier, stars, rating, amenities, payment_mode,
       hold_minutes, cancel_hours)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [spec.tenantId, spec.name ?? `测试酒店 ${randomUUID().slice(0, 6)}`, 'Test Hotel', city.zh, city.en, city.key, tier,
      spec.stars ?? STARS[tier], spec.rating ?? 4.5, spec.amenities ?? [], spec.paymentMode ?? 'at_hotel',
      spec.holdMinutes ?? 30, spec.cancelHours ?? 0],
  );
  return rows[0]!.id;
}

export interface RoomSpec {
  hotelId: string;
  name?: string;
  capacity?: number;
  /** Price per night in fen. */
  price?: number;
  /** Rooms per night. */
  allotment?: number;
  /** First night with inventory, and how many nights. */
  from: string;
  nights?: number;
}

/** A room type with a row of inventory for each of `nights` nights from `from`. */
export async function aRoomType(db: Queryable, spec: RoomSpec): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO room_types (hotel_id, tenant_id, name, name_en, capacity, base_price)
     SELECT $1, tenant_id, $2, 'Queen Room', $3, $4 FROM hotels WHERE id = $1 RETURNING id`,
    [spec.hotelId, spec.name ?? '大床房', spec.capacity ?? 2, spec.price ?? 50_000],
  );
  const id = rows[0]!.id;
  await db.query(
    `INSERT INTO inventory (room_type_id, night, allotment, price)
     SELECT $1, d::date, $2, $3 FROM generate_series($4::date, $5::date, interval '1 day') AS d`,
    [id, spec.allotment ?? 10, spec.price ?? 50_000, spec.from, addDays(spec.from, (spec.nights ?? 30) - 1)],
  );
  return id;
}

export async function aUser(
  db: Queryable,
  spec: { role: 'admin' | 'operator' | 'agent'; tenantId: string | null; email?: string; password?: string },
): Promise<{ id: string; email: string; password: string }> {
  const email = spec.email ?? `${spec.role}-${randomUUID().slice(0, 8)}@test.example`;
  const password = spec.password ?? 'correct horse battery';
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO users (tenant_id, email, password_hash, role) VALUES ($1, $2, $3, $4) RETURNING id',
    [spec.tenantId, email, await hashPassword(password), spec.role],
  );
  return { id: rows[0]!.id, email, password };
}

/** "Now" of the pinned test clock: 10:00 on 2026-12-01 in Asia/Shanghai. */
export const TEST_NOW = '2026-12-01T02:00:00Z';

/** A staff token minted directly (no login round trip), valid at the pinned test clock's time. */
export function staffToken(
  keys: Keys,
  role: 'admin' | 'operator' | 'agent',
  tenantId: string | null,
  userId: string = randomUUID(),
  now = new Date(TEST_NOW),
) {
  return issueToken(keys, { kind: 'staff', userId, role, tenantId }, now);
}
