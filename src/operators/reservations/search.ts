// The operator's reservation list: filters and a search box over codes, guest names and phones' last digits.
import type { Db } from '../../../db/index.ts';
import type { ReservationView } from '../../booking/index.ts';
import { RESERVATION_COLUMNS, RESERVATION_FROM, toReservationView, type ReservationRow } from '../../booking/reservation-view.ts';
import type { Keys } from '../../security/index.ts';
import { hotelTenant } from '../hotels.ts';
import type { Staff } from '../scope.ts';
import { reservationFilter } from './filter.ts';
import type { ReservationListQuery } from './schemas.ts';

/**
 * A page of the reservations in scope, newest first (by creation), in the shape of `GET /v1/reservations/:code`.
 * A hotel of another tenant answers 404.
 * @example await searchReservations(db, keys, tz, staff, { q: '8000', limit: 100, offset: 0 });
 */
export async function searchReservations(db: Db, keys: Keys, timeZone: string, s: Staff, q: ReservationListQuery): Promise<ReservationView[]> {
  if (q.hotelId) await hotelTenant(db, s, q.hotelId);
  const { where, params } = reservationFilter(s, q);
  const { rows } = await db.query<ReservationRow>(
    `SELECT ${RESERVATION_COLUMNS} FROM ${RESERVATION_FROM} WHERE ${where}
     ORDER BY r.created_at DESC, r.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, q.limit, q.offset],
  );
  return rows.map((r) => toReservationView(r, timeZone, keys));
}
