// The reservations of a filter as CSV for Excel: UTF-8 with a BOM (so Chinese names read right), phones masked.
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../../db/index.ts';
import type { ReservationRow } from '../../booking/reservation-view.ts';
import { RESERVATION_COLUMNS, RESERVATION_FROM } from '../../booking/reservation-view.ts';
import { nightsBetween } from '../../dates.ts';
import { hotelTenant } from '../hotels.ts';
import { spreadsheetSafe, yuanText } from '../inventory-csv/index.ts';
import type { Staff } from '../scope.ts';
import { reservationFilter } from './filter.ts';
import type { ReservationCsvQuery } from './schemas.ts';

/** Rows read per query. */
const PAGE = 1000;

/** The header of the export. */
export const RESERVATION_CSV_COLUMNS = [
  'code', 'status', 'hotel_id', 'hotel_name', 'room_type_id', 'room_name', 'check_in', 'check_out', 'nights', 'rooms',
  'guests', 'guest_name', 'guest_phone', 'total', 'currency', 'channel', 'booked_by', 'created_at', 'confirmed_at',
  'cancelled_at', 'expired_at',
] as const;

type CursorRow = ReservationRow & { cursor_at: string };

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : '');

function record(r: ReservationRow): string[] {
  return [
    r.code, r.status, r.hotel_id, spreadsheetSafe(r.hotel_name), r.room_type_id, spreadsheetSafe(r.room_name), r.check_in, r.check_out,
    String(nightsBetween(r.check_in, r.check_out)), String(r.rooms), String(r.guests), spreadsheetSafe(r.guest_name),
    `*******${r.guest_phone_last4}`, yuanText(r.total), 'CNY', r.channel ?? '', r.booked_by, iso(r.created_at),
    iso(r.confirmed_at), iso(r.cancelled_at), iso(r.expired_at),
  ];
}

/**
 * Every reservation of the filter, newest first, as CSV: a BOM, the header, then the rows page by page (keyset, so
 * a large export neither skips nor repeats). Total in yuan with two decimals. Scope is checked before anything is
 * written. Returns a function that writes; `write` may return a promise (backpressure).
 * @example const run = await exportReservationsCsv(db, staff, { status: 'confirmed' }); await run((c) => res.write(c));
 */
export async function exportReservationsCsv(db: Db, s: Staff, f: ReservationCsvQuery): Promise<(write: (chunk: string) => unknown) => Promise<number>> {
  if (f.hotelId) await hotelTenant(db, s, f.hotelId);
  const { where, params } = reservationFilter(s, f);
  return async (write) => {
    await write(`\uFEFF${stringify([[...RESERVATION_CSV_COLUMNS]])}`);
    // The cursor keeps the timestamp as PostgreSQL's text: a JavaScript Date would drop its microseconds.
    let after: { at: string; id: string } | null = null;
    let count = 0;
    for (;;) {
      const n = params.length;
      const page: { rows: CursorRow[] } = await db.query<CursorRow>(
        `SELECT ${RESERVATION_COLUMNS}, r.created_at::text AS cursor_at FROM ${RESERVATION_FROM} WHERE ${where}
           AND ($${n + 1}::timestamptz IS NULL OR (r.created_at, r.id) < ($${n + 1}::timestamptz, $${n + 2}::uuid))
         ORDER BY r.created_at DESC, r.id DESC LIMIT ${PAGE}`,
        [...params, after?.at ?? null, after?.id ?? null],
      );
      const rows = page.rows;
      if (rows.length) await write(stringify(rows.map(record)));
      count += rows.length;
      if (rows.length < PAGE) return count;
      const last: CursorRow = rows[rows.length - 1]!;
      after = { at: last.cursor_at, id: last.id };
    }
  };
}
