// Nightly inventory of a room type: rooms for sale, rooms booked, price and stop-sell, a row per night.
import type { Db, Queryable } from '../../db/index.ts';
import { AppError, isDbError } from '../errors.ts';
import { cny, type Money } from '../money.ts';
import { roomTypeInScope } from './room-types.ts';
import { hotelTenant } from './hotels.ts';
import type { HotelInventoryInput, InventoryInput, InventoryQuery } from './schemas.ts';
import { assertWriter, type Staff } from './scope.ts';

/** One night of a room type. */
export interface InventoryNight {
  night: string;
  allotment: number;
  booked: number;
  price: Money;
  stopSell: boolean;
}

interface NightRow {
  night: string;
  allotment: number;
  booked: number;
  price: number;
  stop_sell: boolean;
}

const toNight = (r: NightRow): InventoryNight => ({
  night: r.night,
  allotment: r.allotment,
  booked: r.booked,
  price: cny(r.price),
  stopSell: r.stop_sell,
});

/**
 * One statement for every night of [from, to) on the chosen weekdays: a new night starts from allotment 0 and the
 * base price, a night that exists keeps what the input does not name. Nights go in ascending order, the order
 * bookings lock them in, so the two never deadlock. An allotment below `booked` trips the table's CHECK and the
 * whole statement fails: no night changes.
 */
const UPSERT = `
  INSERT INTO inventory AS i (room_type_id, night, allotment, price, stop_sell)
  SELECT rt.id, n.night, COALESCE($4::int, 0), COALESCE($5::bigint, rt.base_price), COALESCE($6::boolean, false)
  FROM room_types rt
  CROSS JOIN LATERAL (SELECT $2::date + g AS night FROM generate_series(0, $3::date - $2::date - 1) AS g) n
  WHERE rt.id = $1 AND ($7::int[] IS NULL OR EXTRACT(DOW FROM n.night)::int = ANY ($7::int[]))
  ORDER BY n.night
  ON CONFLICT (room_type_id, night) DO UPDATE SET
    allotment = COALESCE($4::int, i.allotment),
    price = COALESCE($5::bigint, i.price),
    stop_sell = COALESCE($6::boolean, i.stop_sell)
  RETURNING night, allotment, booked, price, stop_sell`;

/** The nights (of a write that failed) where `booked` exceeds the allotment asked for, to tell the operator. */
async function nightsBelowBooked(q: Queryable, roomTypeId: string, input: Pick<InventoryInput, 'from' | 'to' | 'allotment' | 'weekdays'>) {
  const { rows } = await q.query<{ night: string; booked: number }>(
    `SELECT night, booked FROM inventory
     WHERE room_type_id = $1 AND night >= $2 AND night < $3 AND booked > $4
       AND ($5::int[] IS NULL OR EXTRACT(DOW FROM night)::int = ANY ($5::int[]))
     ORDER BY night LIMIT 100`,
    [roomTypeId, input.from, input.to, input.allotment ?? 0, input.weekdays ?? null],
  );
  return rows;
}

/**
 * Sets allotment, price and/or stop-sell for each night of [from, to) (optionally only some weekdays) and returns
 * the nights as they now are. Throws 409 `allotment_below_booked` (changing nothing) when a night has more rooms
 * booked than the new allotment.
 */
export async function setInventory(db: Db, s: Staff, roomTypeId: string, input: InventoryInput): Promise<InventoryNight[]> {
  assertWriter(s);
  try {
    return await db.transaction(async (tx) => {
      await roomTypeInScope(tx, s, roomTypeId);
      const { rows } = await tx.query<NightRow>(UPSERT, [
        roomTypeId, input.from, input.to, input.allotment ?? null, input.price?.amount ?? null,
        input.stopSell ?? null, input.weekdays ?? null,
      ]);
      return rows.sort((a, b) => (a.night < b.night ? -1 : 1)).map(toNight);
    });
  } catch (err) {
    // 23514 is check_violation; zod already keeps allotment and price non-negative, so only booked <= allotment is left.
    if (!isDbError(err, '23514')) throw err;
    const nights = await nightsBelowBooked(db, roomTypeId, input);
    throw new AppError('allotment_below_booked', undefined, { nights });
  }
}

/** The nights of [from, to) that have a row; nights never set are absent (and not for sale). */
export async function getInventory(db: Db, s: Staff, roomTypeId: string, q: InventoryQuery): Promise<InventoryNight[]> {
  await roomTypeInScope(db, s, roomTypeId);
  const { rows } = await db.query<NightRow>(
    `SELECT night, allotment, booked, price, stop_sell FROM inventory
     WHERE room_type_id = $1 AND night >= $2 AND night < $3 ORDER BY night`,
    [roomTypeId, q.from, q.to],
  );
  return rows.map(toNight);
}

/** One room type's nights after a hotel-wide write. */
export interface RoomTypeNights {
  roomTypeId: string;
  nights: InventoryNight[];
}

/**
 * {@link setInventory} for every room type of a hotel (or the ones named, which must all be the hotel's), in one
 * transaction: all room types change or none. Room types go in id order, each night ascending, so two such writes
 * and bookings lock rows in one order. Throws 404 for a hotel or room type out of scope and 409
 * `allotment_below_booked` (with `{roomTypeId, nights}` of each offending room type) when a night has more rooms
 * booked than the new allotment.
 * @example await setHotelInventory(db, staff, hotelId, { from: '2026-12-24', to: '2026-12-26', price: cny(88_800) });
 */
export async function setHotelInventory(db: Db, s: Staff, hotelId: string, input: HotelInventoryInput): Promise<RoomTypeNights[]> {
  assertWriter(s);
  let ids: string[] = [];
  try {
    return await db.transaction(async (tx) => {
      await hotelTenant(tx, s, hotelId, true);
      const { rows } = await tx.query<{ id: string }>('SELECT id FROM room_types WHERE hotel_id = $1 ORDER BY id', [hotelId]);
      const own = rows.map((r) => r.id);
      if (input.roomTypeIds?.some((id) => !own.includes(id))) throw new AppError('not_found', 'No such room type in this hotel.');
      ids = input.roomTypeIds ? own.filter((id) => input.roomTypeIds!.includes(id)) : own;
      const out: RoomTypeNights[] = [];
      for (const id of ids) {
        const { rows: nights } = await tx.query<NightRow>(UPSERT, [
          id, input.from, input.to, input.allotment ?? null, input.price?.amount ?? null, input.stopSell ?? null, input.weekdays ?? null,
        ]);
        out.push({ roomTypeId: id, nights: nights.sort((a, b) => (a.night < b.night ? -1 : 1)).map(toNight) });
      }
      return out;
    });
  } catch (err) {
    if (!isDbError(err, '23514')) throw err;
    const offending: Array<{ roomTypeId: string; nights: Array<{ night: string; booked: number }> }> = [];
    for (const id of ids) {
      const nights = await nightsBelowBooked(db, id, input);
      if (nights.length) offending.push({ roomTypeId: id, nights });
    }
    throw new AppError('allotment_below_booked', undefined, { roomTypes: offending });
  }
}
