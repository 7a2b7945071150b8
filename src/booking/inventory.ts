// Taking and giving back rooms: one conditional statement over every night of the stay.
import type { Queryable } from '../../db/index.ts';

/** What a booking needs to know of its hotel and room type. */
export interface StayTarget {
  tenant_id: string;
  hotel_name: string;
  payment_mode: 'at_hotel' | 'prepay';
  hold_minutes: number;
  cancel_hours: number;
  room_name: string;
  capacity: number;
}

/**
 * Takes `rooms` rooms of a room type for every night of [checkIn, checkOut), and looks the hotel and room type up,
 * in one statement (one round trip). The primary-key scan locks the nights in ascending order, so concurrent
 * bookings never deadlock; a row locked by another booking is re-checked after that booking commits, so
 * `booked <= allotment` holds under any concurrency (and the CHECK constraint backs it up). Rooms are taken only when the room type belongs to the hotel, is within `tenantId` (null: any) and sleeps
 * `guests`. Returns the target (null when not found) and the nightly prices (null unless every night was taken;
 * the caller must then roll back, since some nights may have been taken).
 */
export async function takeRoomsOf(
  tx: Queryable,
  s: { hotelId: string; roomTypeId: string; checkIn: string; checkOut: string; rooms: number; guests: number; nights: number; tenantId: string | null },
): Promise<{ target: StayTarget | null; nightly: number[] | null }> {
  const { rows } = await tx.query<StayTarget & { found: boolean; nightly: number[] | null }>(
    `WITH target AS (
       SELECT h.tenant_id, h.name AS hotel_name, h.payment_mode, h.hold_minutes, h.cancel_hours,
              rt.name AS room_name, rt.capacity
       FROM room_types rt JOIN hotels h ON h.id = rt.hotel_id
       WHERE rt.id = $1 AND h.id = $5 AND ($7::uuid IS NULL OR h.tenant_id = $7::uuid)
     ), taken AS (
       UPDATE inventory SET booked = booked + $4
       WHERE room_type_id = $1 AND night >= $2 AND night < $3 AND NOT stop_sell AND booked + $4 <= allotment
         AND EXISTS (SELECT 1 FROM target WHERE capacity * $4::int >= $6::int)
       RETURNING night, price
     )
     SELECT t.tenant_id IS NOT NULL AS found, t.*, (SELECT array_agg(price ORDER BY night) FROM taken) AS nightly
     FROM (SELECT 1) AS one LEFT JOIN target t ON true`,
    [s.roomTypeId, s.checkIn, s.checkOut, s.rooms, s.hotelId, s.guests, s.tenantId],
  );
  const r = rows[0];
  if (!r?.found) return { target: null, nightly: null };
  const { found: _, nightly, ...target } = r;
  return { target, nightly: nightly && nightly.length === s.nights ? nightly : null };
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
