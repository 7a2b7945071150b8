// Taking and giving back rooms: one conditional statement over every night of the stay.
import type { Queryable } from '../../db/index.ts';
import { AppError } from '../errors.ts';

/**
 * Takes `rooms` rooms of a room type for every night of [checkIn, checkOut) or none: returns the nightly prices
 * in night order, or throws `sold_out` (and the caller's transaction rolls back). The primary-key scan locks the
 * nights in ascending order, so concurrent bookings never deadlock; a row locked by another booking is re-checked
 * after that booking commits, so `booked <= allotment` holds under any concurrency (and the CHECK backs it up).
 */
export async function takeRooms(
  tx: Queryable,
  roomTypeId: string,
  checkIn: string,
  checkOut: string,
  rooms: number,
  nights: number,
): Promise<number[]> {
  const { rows } = await tx.query<{ night: string; price: number }>(
    `UPDATE inventory SET booked = booked + $4
     WHERE room_type_id = $1 AND night >= $2 AND night < $3 AND NOT stop_sell AND booked + $4 <= allotment
     RETURNING night, price`,
    [roomTypeId, checkIn, checkOut, rooms],
  );
  if (rows.length !== nights) throw new AppError('sold_out');
  return rows.sort((a, b) => (a.night < b.night ? -1 : 1)).map((r) => r.price);
}

/** Gives `rooms` rooms back for every night of [checkIn, checkOut). Call once per reservation, under its row lock. */
export async function releaseRooms(
  tx: Queryable,
  roomTypeId: string,
  checkIn: string,
  checkOut: string,
  rooms: number,
): Promise<void> {
  await tx.query(
    `UPDATE inventory SET booked = booked - $4
     WHERE room_type_id = $1 AND night >= $2 AND night < $3`,
    [roomTypeId, checkIn, checkOut, rooms],
  );
}

/** Nightly prices of a stay if every night has `rooms` free, else null (no rows are locked or changed). */
export async function priceStay(
  tx: Queryable,
  roomTypeId: string,
  checkIn: string,
  checkOut: string,
  rooms: number,
  nights: number,
): Promise<number[] | null> {
  const { rows } = await tx.query<{ price: number }>(
    `SELECT price FROM inventory
     WHERE room_type_id = $1 AND night >= $2 AND night < $3 AND NOT stop_sell AND booked + $4 <= allotment
     ORDER BY night`,
    [roomTypeId, checkIn, checkOut, rooms],
  );
  return rows.length === nights ? rows.map((r) => r.price) : null;
}

/** Nights whose `booked` differs from the rooms of live (held or confirmed) reservations; empty when all is well. */
export async function inventoryMismatches(
  db: Queryable,
  roomTypeId: string | null = null,
): Promise<Array<{ room_type_id: string; night: string; booked: number; live: number }>> {
  const { rows } = await db.query<{ room_type_id: string; night: string; booked: number; live: number }>(
    `SELECT i.room_type_id, i.night, i.booked, COALESCE(sum(r.rooms), 0)::int AS live
     FROM inventory i
     LEFT JOIN reservations r ON r.room_type_id = i.room_type_id AND r.status IN ('held', 'confirmed')
       AND r.check_in <= i.night AND r.check_out > i.night
     WHERE (i.booked > 0 OR r.id IS NOT NULL) AND ($1::uuid IS NULL OR i.room_type_id = $1)
     GROUP BY i.room_type_id, i.night, i.booked
     HAVING i.booked <> COALESCE(sum(r.rooms), 0)`,
    [roomTypeId],
  );
  return rows;
}
