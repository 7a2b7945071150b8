// One reservation as the operator console shows it: the stay, the guest (phone masked), its hotel, and its history.
import type { Db } from '../../../db/index.ts';
import type { ReservationStatus, ReservationView } from '../../booking/index.ts';
import { RESERVATION_COLUMNS, RESERVATION_FROM, toReservationView, type ReservationRow } from '../../booking/reservation-view.ts';
import { nightsBetween } from '../../dates.ts';
import { AppError } from '../../errors.ts';
import { assertInScope, type Staff } from '../scope.ts';

/** One change of status: when, to what. */
export interface StatusChange {
  status: ReservationStatus;
  at: string;
}

/** A reservation's detail: everything of the list's view, the phone masked, and more. */
export interface ReservationDetail extends ReservationView {
  tenantId: string;
  nights: number;
  travellerId: string | null;
  hotel: { id: string; name: string; city: string; address: string | null; phone: string | null };
  guest: { name: string; phone: string; phoneLast4: string };
  /** Its statuses in the order they came, from its timestamps. */
  history: StatusChange[];
}

interface DetailRow extends ReservationRow {
  city: string;
  hotel_address: string | null;
  hotel_phone: string | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** The statuses a reservation went through: held or confirmed when made, then confirmed, cancelled or expired. */
function historyOf(r: ReservationRow): StatusChange[] {
  // A hold keeps its deadline after it is confirmed; a stay paid at the hotel never had one.
  const wasHeld = r.hold_expires_at !== null || r.status === 'held' || r.expired_at !== null;
  const out: StatusChange[] = [{ status: wasHeld ? 'held' : 'confirmed', at: iso(r.created_at) }];
  if (wasHeld && r.confirmed_at) out.push({ status: 'confirmed', at: iso(r.confirmed_at) });
  if (r.expired_at) out.push({ status: 'expired', at: iso(r.expired_at) });
  if (r.cancelled_at) out.push({ status: 'cancelled', at: iso(r.cancelled_at) });
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/**
 * The reservation `code` if it is in scope, else 404 (another tenant's code answers like an unknown one).
 * @example const d = await reservationDetail(db, tz, staff, 'TD7K4Q2P'); d.guest.phone // '*******8000'
 */
export async function reservationDetail(db: Db, timeZone: string, s: Staff, code: string): Promise<ReservationDetail> {
  const { rows } = await db.query<DetailRow>(
    `SELECT ${RESERVATION_COLUMNS}, h.city, h.address AS hotel_address, h.phone AS hotel_phone
     FROM ${RESERVATION_FROM} WHERE r.code = $1`,
    [code.toUpperCase()],
  );
  const r = rows[0];
  if (!r) throw new AppError('not_found', 'No such reservation.');
  assertInScope(s, r.tenant_id, 'reservation');
  const view = toReservationView(r, timeZone);
  return {
    ...view,
    tenantId: r.tenant_id,
    nights: nightsBetween(r.check_in, r.check_out),
    travellerId: r.traveller_id,
    hotel: { id: r.hotel_id, name: r.hotel_name, city: r.city, address: r.hotel_address, phone: r.hotel_phone },
    guest: { name: r.guest_name, phone: view.guest.phone, phoneLast4: r.guest_phone_last4 },
    history: historyOf(r),
  };
}
