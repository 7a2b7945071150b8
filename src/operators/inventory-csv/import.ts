// Importing an inventory CSV: every row checked against the database, then all applied in one transaction or none.
import type { Db, Queryable } from '../../../db/index.ts';
import { AppError } from '../../errors.ts';
import { assertWriter, inScope, type Staff } from '../scope.ts';
import { parseInventoryCsv } from './parse.ts';
import { MAX_REJECTED, type ImportProgress, type ImportReport, type ImportRow, type RejectedRow } from './rows.ts';

/** Rows per statement: big enough to be quick, small enough for a progress bar to move. */
const CHUNK = 2000;

interface NightRow {
  room_type_id: string;
  night: string;
  allotment: number;
  booked: number;
  price: number;
  stop_sell: boolean;
}

/** A valid row resolved against the calendar: a night to create, to change, or already as asked. */
interface Planned {
  row: ImportRow;
  kind: 'create' | 'update' | 'same';
  allotment: number;
  price: number;
  stopSell: boolean;
}

const byNight = (a: ImportRow, b: ImportRow) =>
  a.roomTypeId < b.roomTypeId ? -1 : a.roomTypeId > b.roomTypeId ? 1 : a.night < b.night ? -1 : a.night > b.night ? 1 : 0;

function chunks<T>(all: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < all.length; i += size) out.push(all.slice(i, i + size));
  return out;
}

/** The room types named in `rows` that exist and are in scope, with their base price. */
async function roomTypesInScope(q: Queryable, s: Staff, rows: ImportRow[]): Promise<Map<string, number>> {
  const ids = [...new Set(rows.map((r) => r.roomTypeId))];
  const found = new Map<string, number>();
  for (const part of chunks(ids)) {
    const { rows: rts } = await q.query<{ id: string; tenant_id: string; base_price: number }>(
      'SELECT id, tenant_id, base_price FROM room_types WHERE id = ANY ($1::uuid[])',
      [part],
    );
    for (const rt of rts) if (inScope(s, rt.tenant_id)) found.set(rt.id, rt.base_price);
  }
  return found;
}

/**
 * The nights of `rows` that exist, locked in ascending order (the order bookings lock them in, so the two never
 * deadlock) unless this is a dry run.
 */
async function existingNights(q: Queryable, rows: ImportRow[], lock: boolean): Promise<Map<string, NightRow>> {
  const { rows: nights } = await q.query<NightRow>(
    `SELECT i.room_type_id, i.night, i.allotment, i.booked, i.price, i.stop_sell
     FROM inventory i JOIN unnest($1::uuid[], $2::date[]) AS u(rt, night) ON i.room_type_id = u.rt AND i.night = u.night
     ORDER BY i.room_type_id, i.night ${lock ? 'FOR UPDATE OF i' : ''}`,
    [rows.map((r) => r.roomTypeId), rows.map((r) => r.night)],
  );
  return new Map(nights.map((n) => [`${n.room_type_id}|${n.night}`, n]));
}

/** What a row does to its night, or why it cannot. */
function plan(row: ImportRow, basePrice: number, cur: NightRow | undefined): Planned | string {
  if (!cur) {
    if (row.allotment === undefined) return 'a night not yet in the calendar needs an allotment';
    return { row, kind: 'create', allotment: row.allotment, price: row.price ?? basePrice, stopSell: row.stopSell ?? false };
  }
  const allotment = row.allotment ?? cur.allotment;
  if (allotment < cur.booked) return `allotment ${allotment} is below the ${cur.booked} rooms already booked`;
  const price = row.price ?? cur.price;
  const stopSell = row.stopSell ?? cur.stop_sell;
  const same = allotment === cur.allotment && price === cur.price && stopSell === cur.stop_sell;
  return { row, kind: same ? 'same' : 'update', allotment, price, stopSell };
}

async function apply(q: Queryable, planned: Planned[], onProgress: ImportProgress | undefined): Promise<void> {
  const changes = planned.filter((p) => p.kind !== 'same');
  let done = 0;
  onProgress?.('applying', 0, changes.length);
  for (const part of chunks(changes)) {
    const updates = part.filter((p) => p.kind === 'update');
    const creates = part.filter((p) => p.kind === 'create');
    const cols = (ps: Planned[]) => [ps.map((p) => p.row.roomTypeId), ps.map((p) => p.row.night), ps.map((p) => p.allotment), ps.map((p) => p.price), ps.map((p) => p.stopSell)];
    if (updates.length) {
      await q.query(
        `UPDATE inventory i SET allotment = u.allotment, price = u.price, stop_sell = u.stop_sell
         FROM unnest($1::uuid[], $2::date[], $3::int[], $4::bigint[], $5::boolean[]) AS u(rt, night, allotment, price, stop_sell)
         WHERE i.room_type_id = u.rt AND i.night = u.night`,
        cols(updates),
      );
    }
    if (creates.length) {
      const r = await q.query(
        `INSERT INTO inventory (room_type_id, night, allotment, price, stop_sell)
         SELECT * FROM unnest($1::uuid[], $2::date[], $3::int[], $4::bigint[], $5::boolean[]) ORDER BY 1, 2
         ON CONFLICT (room_type_id, night) DO NOTHING`,
        cols(creates),
      );
      // A night created by someone else since it was read: refuse the whole import rather than overwrite it blindly.
      if (r.rowCount !== creates.length) throw new AppError('conflict', 'The calendar changed while importing; nothing was changed. Import the file again.');
    }
    done += part.length;
    onProgress?.('applying', done, changes.length);
  }
}

/**
 * Imports an inventory CSV (`room_type_id,night,allotment,price,stop_sell`, other columns ignored; an empty cell
 * leaves that value as it is; prices in yuan). All or nothing: when any row is bad (unknown or another tenant's
 * room type, bad date, negative number, allotment below booked, a price that is no number, the same room type and
 * night twice, a new night without an allotment) it throws 422 `invalid_csv` listing every bad row (up to 1,000)
 * and changes nothing. Booked counts are never changed. `dryRun` checks everything and changes nothing.
 * @example
 * const report = await importInventory(db, staff, csvText, { dryRun: true });
 * // { dryRun: true, rows: 365, applied: 365, created: 300, updated: 65, unchanged: 0 }
 */
export async function importInventory(
  db: Db,
  s: Staff,
  text: string,
  opts: { dryRun?: boolean; onProgress?: ImportProgress } = {},
): Promise<ImportReport> {
  assertWriter(s);
  const dryRun = opts.dryRun ?? false;
  const parsed = parseInventoryCsv(text);
  if (parsed.fileError) throw new AppError('invalid_csv', parsed.fileError, { rejected: [], rejectedCount: 0 });
  const rows = [...parsed.rows].sort(byNight);
  const rejected: RejectedRow[] = [...parsed.rejected];
  const reject = (row: ImportRow, reason: string) => rejected.push({ line: row.line, roomTypeId: row.roomTypeId, night: row.night, reason });
  return db.transaction(async (tx) => {
    const roomTypes = await roomTypesInScope(tx, s, rows);
    const planned: Planned[] = [];
    let done = 0;
    opts.onProgress?.('validating', 0, parsed.total);
    for (const part of chunks(rows)) {
      const known = part.filter((r) => roomTypes.has(r.roomTypeId));
      for (const r of part) if (!roomTypes.has(r.roomTypeId)) reject(r, 'no such room type');
      const nights = await existingNights(tx, known, !dryRun);
      for (const r of known) {
        const p = plan(r, roomTypes.get(r.roomTypeId)!, nights.get(`${r.roomTypeId}|${r.night}`));
        if (typeof p === 'string') reject(r, p);
        else planned.push(p);
      }
      done += part.length;
      opts.onProgress?.('validating', done + parsed.rejected.length, parsed.total);
    }
    opts.onProgress?.('validating', parsed.total, parsed.total);
    if (rejected.length) {
      rejected.sort((a, b) => a.line - b.line);
      throw new AppError(
        'invalid_csv',
        `${rejected.length} of ${parsed.total} rows cannot be applied; nothing was changed.`,
        { rejected: rejected.slice(0, MAX_REJECTED), rejectedCount: rejected.length },
      );
    }
    const count = (k: Planned['kind']) => planned.filter((p) => p.kind === k).length;
    const report: ImportReport = {
      dryRun, rows: parsed.total, applied: count('create') + count('update'), created: count('create'), updated: count('update'), unchanged: count('same'),
    };
    if (!dryRun) await apply(tx, planned, opts.onProgress);
    return report;
  });
}
