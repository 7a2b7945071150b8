// How a reservation row is read and shown: joined with its hotel and room type, the phone masked or opened.
import { cny } from '../money.ts';
import { decrypt, type Keys } from '../security/index.ts';
import { freeCancellationUntil } from './stay.ts';
import type { PaymentMode, ReservationStatus, ReservationView } from './types.ts';

/** The columns every reservation read selects. */
export const RESERVATION_COLUMNS = `
  r.id, r.code, r.status, r.tenant_id, r.hotel_id, r.room_type_id, r.traveller_id, r.channel, r.booked_by,
  r.check_in, r.check_out, r.rooms, r.guests, r.guest_name, r.guest_phone_enc, r.guest_phone_last4,
  r.nightly, r.total, r.hold_expires_at, r.created_at, r.confirmed_at, r.cancelled_at, r.expired_at,
  h.name AS hotel_name, h.payment_mode, h.cancel_hours, rt.name AS room_name`;

/** FROM clause matching {@link RESERVATION_COLUMNS}. */
export const RESERVATION_FROM = `
  reservations r JOIN hotels h ON h.id = r.hotel_id JOIN room_types rt ON rt.id = r.room_type_id`;

export interface ReservationRow {
  id: string;
  code: string;
  status: ReservationStatus;
  tenant_id: string;
  hotel_id: string;
  room_type_id: string;
  traveller_id: string | null;
  channel: string | null;
  booked_by: ReservationView['bookedBy'];
  check_in: string;
  check_out: string;
  rooms: number;
  guests: number;
  guest_name: string;
  guest_phone_enc: string;
  guest_phone_last4: string;
  nightly: number[];
  total: number;
  hold_expires_at: Date | null;
  created_at: Date;
  confirmed_at: Date | null;
  cancelled_at: Date | null;
  expired_at: Date | null;
  hotel_name: string;
  payment_mode: PaymentMode;
  cancel_hours: number;
  room_name: string;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** The outside view of a reservation; the phone in full only when `keys` are given (staff views). */
export function toReservationView(r: ReservationRow, timeZone: string, keys?: Keys): ReservationView {
  return {
    code: r.code,
    status: r.status,
    hotelId: r.hotel_id,
    roomTypeId: r.room_type_id,
    checkIn: r.check_in,
    checkOut: r.check_out,
    rooms: r.rooms,
    guests: r.guests,
    total: cny(r.total),
    hotelName: r.hotel_name,
    roomName: r.room_name,
    nightly: r.nightly.map((n) => cny(n)),
    guest: {
      name: r.guest_name,
      phone: keys ? decrypt(keys, r.guest_phone_enc) : `*******${r.guest_phone_last4}`,
    },
    paymentMode: r.payment_mode,
    holdExpiresAt: r.status === 'held' ? iso(r.hold_expires_at) : null,
    freeCancellationUntil: freeCancellationUntil(r.check_in, r.cancel_hours, timeZone).toISOString(),
    bookedBy: r.booked_by,
    channel: r.channel,
    createdAt: iso(r.created_at)!,
    confirmedAt: iso(r.confirmed_at),
    cancelledAt: iso(r.cancelled_at),
    expiredAt: iso(r.expired_at),
  };
}
