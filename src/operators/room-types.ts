// Room types: what a hotel sells, with a base price that new nights of inventory start from.
import type { Db, Queryable } from '../../db/index.ts';
import { AppError } from '../errors.ts';
import { cny, type Money } from '../money.ts';
import { hotelTenant } from './hotels.ts';
import type { RoomTypeInput, RoomTypePatch } from './schemas.ts';
import { assertInScope, assertWriter, type Staff } from './scope.ts';

/** A room type as operators see it. */
export interface RoomTypeView {
  id: string;
  hotelId: string;
  name: string;
  nameEn: string | null;
  capacity: number;
  basePrice: Money;
}

interface RoomTypeRow {
  id: string;
  hotel_id: string;
  tenant_id: string;
  name: string;
  name_en: string | null;
  capacity: number;
  base_price: number;
}

const COLUMNS = 'id, hotel_id, tenant_id, name, name_en, capacity, base_price';

const toView = (r: RoomTypeRow): RoomTypeView => ({
  id: r.id,
  hotelId: r.hotel_id,
  name: r.name,
  nameEn: r.name_en,
  capacity: r.capacity,
  basePrice: cny(r.base_price),
});

/** The room type `id` if it is in scope, else 404 (its tenant is copied from the hotel, so one look suffices). */
export async function roomTypeInScope(q: Queryable, s: Staff, id: string): Promise<RoomTypeView> {
  const { rows } = await q.query<RoomTypeRow>(`SELECT ${COLUMNS} FROM room_types WHERE id = $1`, [id]);
  assertInScope(s, rows[0]?.tenant_id, 'room type');
  return toView(rows[0]!);
}

/** Adds a room type to a hotel in scope; it sells nothing until inventory is set for its nights. */
export async function createRoomType(db: Db, s: Staff, hotelId: string, input: RoomTypeInput, now: Date): Promise<{ id: string }> {
  assertWriter(s);
  return db.transaction(async (tx) => {
    // FOR SHARE keeps the hotel (and its tenant) as it is until the room type is in.
    const tenantId = await hotelTenant(tx, s, hotelId, true);
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO room_types (hotel_id, tenant_id, name, name_en, capacity, base_price, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [hotelId, tenantId, input.name, input.nameEn ?? null, input.capacity, input.basePrice.amount, now],
    );
    return { id: rows[0]!.id };
  });
}

/** The room types of a hotel in scope, in the order they were added. */
export async function listRoomTypes(db: Db, s: Staff, hotelId: string): Promise<RoomTypeView[]> {
  await hotelTenant(db, s, hotelId);
  const { rows } = await db.query<RoomTypeRow>(
    `SELECT ${COLUMNS} FROM room_types WHERE hotel_id = $1 ORDER BY created_at, id`,
    [hotelId],
  );
  return rows.map(toView);
}

/** Changes a room type. A new base price applies to nights created later; nights already set keep their price. */
export async function updateRoomType(db: Db, s: Staff, id: string, p: RoomTypePatch): Promise<RoomTypeView> {
  assertWriter(s);
  return db.transaction(async (tx) => {
    await roomTypeInScope(tx, s, id);
    const { rows } = await tx.query<RoomTypeRow>(
      `UPDATE room_types SET
         name = COALESCE($2, name),
         name_en = CASE WHEN $3::boolean THEN $4 ELSE name_en END,
         capacity = COALESCE($5, capacity),
         base_price = COALESCE($6, base_price)
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, p.name ?? null, p.nameEn !== undefined, p.nameEn ?? null, p.capacity ?? null, p.basePrice?.amount ?? null],
    );
    if (!rows[0]) throw new AppError('not_found', 'No such room type.');
    return toView(rows[0]);
  });
}
