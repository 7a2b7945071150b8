// Quotes: a server-priced offer for one room type and stay, made in the caller's transaction, read back by token.
import type { Queryable } from '../../db/index.ts';
import { AppError } from '../errors.ts';
import { cny } from '../money.ts';
import { newQuoteToken } from './codes.ts';
import { priceStay } from './inventory.ts';
import type { QuoteInput } from './schemas.ts';
import { stayTarget } from './scope.ts';
import { freeCancellationUntil } from './stay.ts';
import type { Actor, PaymentMode, Quote } from './types.ts';

/** How long a quote's price holds. */
export const QUOTE_TTL_MS = 30 * 60_000;

/** A quote row with what the traveller is shown of its hotel and room type. */
interface QuoteRow {
  id: string;
  token: string;
  hotel_id: string;
  room_type_id: string;
  check_in: string;
  check_out: string;
  rooms: number;
  guests: number;
  nightly: number[];
  total: number;
  expires_at: Date | string;
  hotel_name: string;
  room_name: string;
  payment_mode: PaymentMode;
  cancel_hours: number;
}

function toQuote(q: QuoteRow, timeZone: string): Quote {
  const nights = q.nightly.length;
  return {
    id: q.id, token: q.token, hotelId: q.hotel_id, hotelName: q.hotel_name, roomTypeId: q.room_type_id,
    roomName: q.room_name, checkIn: q.check_in, checkOut: q.check_out, nights, rooms: q.rooms, guests: q.guests,
    nightly: q.nightly.map((n) => cny(n)),
    pricePerNight: cny(Math.round(q.total / q.rooms / nights)), total: cny(q.total),
    paymentMode: q.payment_mode,
    freeCancellationUntil: freeCancellationUntil(q.check_in, q.cancel_hours, timeZone).toISOString(),
    expiresAt: new Date(q.expires_at).toISOString(),
  };
}

/**
 * Prices `q` from the live inventory and stores the quote in `tx`: not_found outside the actor's tenants,
 * capacity_exceeded, sold_out when a night lacks rooms.
 * @example const quote = await makeQuote(tx, input, 2, actor, clock.now(), 'Asia/Shanghai');
 */
export async function makeQuote(tx: Queryable, q: QuoteInput, nights: number, actor: Actor, now: Date, timeZone: string): Promise<Quote> {
  const target = await stayTarget(tx, q.hotelId, q.roomTypeId, actor);
  if (q.guests > target.capacity * q.rooms) throw new AppError('capacity_exceeded');
  const nightly = await priceStay(tx, q.roomTypeId, q.checkIn, q.checkOut, q.rooms, nights);
  if (!nightly) throw new AppError('sold_out');
  const total = nightly.reduce((a, b) => a + b, 0) * q.rooms;
  const token = newQuoteToken();
  const expiresAt = new Date(now.getTime() + QUOTE_TTL_MS);
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO quotes (token, tenant_id, hotel_id, room_type_id, traveller_id, check_in, check_out, rooms, guests,
       nightly, total, expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
    [token, target.tenant_id, q.hotelId, q.roomTypeId, actor.kind === 'traveller' ? actor.travellerId : null,
      q.checkIn, q.checkOut, q.rooms, q.guests, nightly, total, expiresAt, now],
  );
  return toQuote({
    id: rows[0]!.id, token, hotel_id: q.hotelId, room_type_id: q.roomTypeId, check_in: q.checkIn, check_out: q.checkOut,
    rooms: q.rooms, guests: q.guests, nightly, total, expires_at: expiresAt, hotel_name: target.hotel_name,
    room_name: target.room_name, payment_mode: target.payment_mode, cancel_hours: target.cancel_hours,
  }, timeZone);
}

/**
 * A quote by its token, or not_found. Expired quotes are still returned, marked by expiresAt.
 * @example const quote = await quoteByToken(db, token, 'Asia/Shanghai');
 */
export async function quoteByToken(db: Queryable, token: string, timeZone: string): Promise<Quote> {
  const { rows } = await db.query<QuoteRow>(
    `SELECT q.*, h.name AS hotel_name, h.payment_mode, h.cancel_hours, rt.name AS room_name
     FROM quotes q JOIN hotels h ON h.id = q.hotel_id JOIN room_types rt ON rt.id = q.room_type_id
     WHERE q.token = $1`,
    [token],
  );
  if (!rows[0]) throw new AppError('not_found', 'No such quote.');
  return toQuote(rows[0], timeZone);
}
