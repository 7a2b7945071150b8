// Exporting the inventory calendar as CSV, room type by room type, so a year of a large group never sits in memory.
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../../db/index.ts';
import { hotelTenant } from '../hotels.ts';
import { assertInScope, tenantScope, type Staff } from '../scope.ts';
import { spreadsheetSafe } from './cells.ts';
import { EXPORT_COLUMNS } from './rows.ts';
import { yuanText } from './yuan.ts';

/** Room types read per query. */
const ROOM_TYPES_PER_QUERY = 100;

/** Which nights of which hotels to export; `to` is exclusive. */
export interface InventoryExportQuery {
  from: string;
  to: string;
  hotelId?: string;
  /** An admin's choice of one tenant. */
  tenantId?: string;
}

interface RoomTypeRow {
  id: string;
  name: string;
  hotel_id: string;
  hotel_name: string;
}

/**
 * Writes the calendar of the hotels in scope as CSV lines, the header first (`hotel_id,hotel_name,room_type_id,
 * room_name,night,allotment,booked,price,stop_sell`; price in yuan with two decimals, stop_sell true or false).
 * Scope is checked before the first line: a hotel of another tenant throws 404 with nothing written.
 * Returns a function that writes; `write` may return a promise to slow the export down (backpressure).
 * @example
 * const run = await exportInventoryCsv(db, staff, { from: '2026-12-01', to: '2027-01-01' });
 * await run((chunk) => void res.write(chunk));
 */
export async function exportInventoryCsv(
  db: Db,
  s: Staff,
  q: InventoryExportQuery,
): Promise<(write: (chunk: string) => unknown) => Promise<number>> {
  if (q.hotelId) await hotelTenant(db, s, q.hotelId);
  if (q.tenantId) assertInScope(s, q.tenantId, 'tenant');
  const { rows: roomTypes } = await db.query<RoomTypeRow>(
    `SELECT rt.id, rt.name, h.id AS hotel_id, h.name AS hotel_name
     FROM room_types rt JOIN hotels h ON h.id = rt.hotel_id
     WHERE ($1::uuid IS NULL OR h.tenant_id = $1) AND ($2::uuid IS NULL OR h.id = $2) AND ($3::uuid IS NULL OR h.tenant_id = $3)
     ORDER BY h.created_at, h.id, rt.created_at, rt.id`,
    [tenantScope(s), q.hotelId ?? null, q.tenantId ?? null],
  );
  return async (write) => {
    await write(stringify([[...EXPORT_COLUMNS]]));
    let lines = 0;
    for (let i = 0; i < roomTypes.length; i += ROOM_TYPES_PER_QUERY) {
      const part = roomTypes.slice(i, i + ROOM_TYPES_PER_QUERY);
      const { rows } = await db.query<{ room_type_id: string; night: string; allotment: number; booked: number; price: number; stop_sell: boolean }>(
        `SELECT room_type_id, night, allotment, booked, price, stop_sell FROM inventory
         WHERE room_type_id = ANY ($1::uuid[]) AND night >= $2 AND night < $3 ORDER BY room_type_id, night`,
        [part.map((rt) => rt.id), q.from, q.to],
      );
      const byRoomType = new Map<string, typeof rows>();
      for (const r of rows) {
        const list = byRoomType.get(r.room_type_id);
        if (list) list.push(r);
        else byRoomType.set(r.room_type_id, [r]);
      }
      const records: string[][] = [];
      for (const rt of part) {
        for (const n of byRoomType.get(rt.id) ?? []) {
          records.push([rt.hotel_id, spreadsheetSafe(rt.hotel_name), rt.id, spreadsheetSafe(rt.name), n.night, String(n.allotment), String(n.booked), yuanText(n.price), String(n.stop_sell)]);
        }
      }
      if (records.length) await write(stringify(records));
      lines += records.length;
    }
    return lines;
  };
}
