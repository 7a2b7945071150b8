// Booking rules, at the service: every night or none, no overbooking, holds that expire, cancellations that count once.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BookingService, type Actor } from '../../src/booking/index.ts';
import { FixedClock } from '../../src/clock.ts';
import { deriveKeys } from '../../src/security/index.ts';
import { aHotel, aRoomType, aTenant } from '../support/builders.ts';
import { createTestDb, type TestDb } from '../support/db.ts';

const TZ = 'Asia/Shanghai';
const traveller: Actor = { kind: 'traveller', travellerId: 'web:alice', channel: 'web', tenantId: null };
const guest = { name: '张三', phone: '13800138000' };

let t: TestDb;
let clock: FixedClock;
let booking: BookingService;
let tenantId: string;

beforeAll(async () => {
  t = await createTestDb();
  tenantId = await aTenant(t.db);
});
afterAll(() => t.drop());
beforeEach(() => {
  clock = new FixedClock('2026-12-01T02:00:00Z'); // 10:00 on 2026-12-01 in Shanghai
  booking = new BookingService({ db: t.db, clock, keys: deriveKeys(randomBytes(32).toString('base64')), timeZone: TZ });
});

async function room(opts: { allotment?: number; price?: number; paymentMode?: 'at_hotel' | 'prepay'; capacity?: number; cancelHours?: number } = {}) {
  const hotelId = await aHotel(t.db, { tenantId, paymentMode: opts.paymentMode, cancelHours: opts.cancelHours });
  const roomTypeId = await aRoomType(t.db, { hotelId, from: '2026-12-01', nights: 30, allotment: opts.allotment ?? 5, price: opts.price ?? 40_000, capacity: opts.capacity });
  return { hotelId, roomTypeId };
}

async function nights(roomTypeId: string) {
  const { rows } = await t.db.query<{ night: string; booked: number }>(
    'SELECT night, booked FROM inventory WHERE room_type_id = $1 ORDER BY night', [roomTypeId]);
  return Object.fromEntries(rows.map((r) => [r.night, r.booked]));
}

const stay = (r: { hotelId: string; roomTypeId: string }, extra: Record<string, unknown> = {}) => ({
  ...r, checkIn: '2026-12-10', checkOut: '2026-12-12', rooms: 1, guests: 2, guest, ...extra,
});

describe('booking a stay', () => {
  it('takes a room on every night of the stay and prices it from the inventory', async () => {
    const r = await room({ price: 45_600 });
    const { reservation } = await booking.book(stay(r, { rooms: 2, guests: 3 }), traveller);
    expect(reservation).toMatchObject({ status: 'confirmed', rooms: 2, total: { amount: 4 * 45_600, currency: 'CNY' } });
    expect(reservation.code).toMatch(/^TD[2-9A-HJ-NP-Z]{6}$/);
    const booked = await nights(r.roomTypeId);
    expect([booked['2026-12-09'], booked['2026-12-10'], booked['2026-12-11'], booked['2026-12-12']]).toEqual([0, 2, 2, 0]);
  });

  it('takes nothing when one night of the stay is sold out', async () => {
    const r = await room({ allotment: 1 });
    await t.db.query(`UPDATE inventory SET booked = 1 WHERE room_type_id = $1 AND night = '2026-12-11'`, [r.roomTypeId]);
    await expect(booking.book(stay(r), traveller)).rejects.toMatchObject({ code: 'sold_out' });
    expect((await nights(r.roomTypeId))['2026-12-10']).toBe(0);
    expect((await t.db.query('SELECT 1 FROM reservations WHERE room_type_id = $1', [r.roomTypeId])).rowCount).toBe(0);
  });

  it('does not sell a night closed with stop-sell', async () => {
    const r = await room();
    await t.db.query(`UPDATE inventory SET stop_sell = true WHERE room_type_id = $1 AND night = '2026-12-10'`, [r.roomTypeId]);
    await expect(booking.book(stay(r), traveller)).rejects.toMatchObject({ code: 'sold_out' });
  });

  it('does not sell a night that has no inventory row', async () => {
    const r = await room();
    await expect(booking.book(stay(r, { checkIn: '2026-12-30', checkOut: '2027-01-02' }), traveller)).rejects.toMatchObject({ code: 'sold_out' });
  });

  it('refuses more guests than the rooms sleep', async () => {
    const r = await room({ capacity: 2 });
    await expect(booking.book(stay(r, { guests: 3 }), traveller)).rejects.toMatchObject({ code: 'capacity_exceeded' });
  });

  it('refuses a stay that began in the past, in the hotels\' time zone', async () => {
    const r = await room();
    clock.set('2026-12-10T16:30:00Z'); // already 00:30 on 12-11 in Shanghai
    await expect(booking.book(stay(r), traveller)).rejects.toMatchObject({ code: 'invalid_dates', status: 400 });
  });

  it('never lets booked exceed the allotment (the CHECK constraint backs the guard)', async () => {
    const r = await room({ allotment: 2 });
    await expect(t.db.query(`UPDATE inventory SET booked = 3 WHERE room_type_id = $1 AND night = '2026-12-10'`, [r.roomTypeId]))
      .rejects.toMatchObject({ code: '23514' });
  });

  it('honours a quote\'s price while it is valid, and refuses it after it expires', async () => {
    const r = await room({ price: 30_000 });
    const quote = await booking.quote({ hotelId: r.hotelId, roomTypeId: r.roomTypeId, checkIn: '2026-12-10', checkOut: '2026-12-12', rooms: 1, guests: 2 }, traveller);
    expect(quote.total.amount).toBe(60_000);
    await t.db.query('UPDATE inventory SET price = 99000 WHERE room_type_id = $1', [r.roomTypeId]);
    const { reservation } = await booking.book(stay(r, { quoteToken: quote.token }), traveller);
    expect(reservation.total.amount).toBe(60_000);
    const later = await booking.quote({ hotelId: r.hotelId, roomTypeId: r.roomTypeId, checkIn: '2026-12-10', checkOut: '2026-12-12', rooms: 1, guests: 2 }, traveller);
    clock.advance(31 * 60_000);
    await expect(booking.book(stay(r, { quoteToken: later.token }), traveller)).rejects.toMatchObject({ code: 'quote_expired' });
  });
});

describe('quotes', () => {
  it('a quote books once: booking it again under another key is refused and takes nothing', async () => {
    const r = await room({ price: 30_000 });
    const quote = await booking.quote({ hotelId: r.hotelId, roomTypeId: r.roomTypeId, checkIn: '2026-12-10', checkOut: '2026-12-12', rooms: 1, guests: 2 }, traveller);
    await booking.book(stay(r, { quoteToken: quote.token }), traveller, { idempotencyKey: 'page-load-1' });
    await expect(booking.book(stay(r, { quoteToken: quote.token }), traveller, { idempotencyKey: 'page-load-2' })).rejects.toMatchObject({ code: 'quote_used' });
    expect((await nights(r.roomTypeId))['2026-12-10']).toBe(1);
  });
});

describe('idempotency', () => {
  it('a repeated key returns the first reservation and books nothing more', async () => {
    const r = await room();
    const first = await booking.book(stay(r), traveller, { idempotencyKey: 'k-1' });
    const again = await booking.book(stay(r), traveller, { idempotencyKey: 'k-1' });
    expect(again.replayed).toBe(true);
    expect(again.reservation).toEqual(first.reservation);
    expect((await nights(r.roomTypeId))['2026-12-10']).toBe(1);
  });

  it('the same key with another request is refused', async () => {
    const r = await room();
    await booking.book(stay(r), traveller, { idempotencyKey: 'k-2' });
    await expect(booking.book(stay(r, { rooms: 2, guests: 2 }), traveller, { idempotencyKey: 'k-2' })).rejects.toMatchObject({ code: 'idempotency_key_reused' });
  });

  it('keys belong to their traveller: another traveller\'s same key books anew', async () => {
    const r = await room();
    const a = await booking.book(stay(r), traveller, { idempotencyKey: 'shared' });
    const b = await booking.book(stay(r), { ...traveller, travellerId: 'web:bob' } as Actor, { idempotencyKey: 'shared' });
    expect(b.reservation.code).not.toBe(a.reservation.code);
  });
});

describe('holds for prepaid hotels', () => {
  it('a prepaid hotel holds the rooms until the deadline, then the sweep gives them back once', async () => {
    const r = await room({ paymentMode: 'prepay' });
    const { reservation } = await booking.book(stay(r), traveller);
    expect(reservation.status).toBe('held');
    expect(reservation.holdExpiresAt).toBe('2026-12-01T02:30:00.000Z');
    clock.advance(29 * 60_000);
    expect(await booking.sweepExpiredHolds()).toBe(0);
    expect((await nights(r.roomTypeId))['2026-12-10']).toBe(1);
    clock.advance(2 * 60_000);
    expect(await booking.sweepExpiredHolds()).toBe(1);
    expect(await booking.sweepExpiredHolds()).toBe(0);
    expect(await booking.expireHold(reservation.code)).toMatchObject({ expired: false });
    expect((await nights(r.roomTypeId))['2026-12-10']).toBe(0);
    expect((await booking.get(reservation.code, traveller)).status).toBe('expired');
  });

  it('an expiry job that runs early waits for the rest of the hold', async () => {
    const r = await room({ paymentMode: 'prepay' });
    const { reservation } = await booking.book(stay(r), traveller);
    clock.advance(10 * 60_000);
    expect(await booking.expireHold(reservation.code)).toMatchObject({ expired: false, rescheduleInMs: 20 * 60_000 });
  });

  it('an operator confirms a hold before its deadline; after it, the hold is expired instead', async () => {
    const op = { kind: 'staff', userId: 'u1', role: 'operator', tenantId } as const;
    const r = await room({ paymentMode: 'prepay' });
    const a = (await booking.book(stay(r), traveller)).reservation;
    const b = (await booking.book(stay(r), traveller)).reservation;
    expect((await booking.confirm(a.code, op)).status).toBe('confirmed');
    expect((await booking.confirm(a.code, op)).status).toBe('confirmed');
    clock.advance(31 * 60_000);
    await expect(booking.confirm(b.code, op)).rejects.toMatchObject({ code: 'hold_expired' });
    expect((await booking.get(b.code, op)).status).toBe('expired');
    expect((await nights(r.roomTypeId))['2026-12-10']).toBe(1);
  });
});

describe('cancellation', () => {
  it('cancelling twice gives the rooms back once', async () => {
    const r = await room({ allotment: 3 });
    const { reservation } = await booking.book(stay(r, { rooms: 2, guests: 2 }), traveller);
    const other = await booking.book(stay(r), traveller);
    expect((await booking.cancel(reservation.code, traveller)).status).toBe('cancelled');
    expect((await booking.cancel(reservation.code, traveller)).status).toBe('cancelled');
    expect((await nights(r.roomTypeId))['2026-12-10']).toBe(1);
    expect(other.reservation.status).toBe('confirmed');
    expect(await booking.mismatches(r.roomTypeId)).toEqual([]);
  });

  it('a traveller cannot cancel after free cancellation ends; the hotel\'s staff still can', async () => {
    const r = await room({ cancelHours: 24 });
    const { reservation } = await booking.book(stay(r), traveller);
    clock.set('2026-12-08T16:00:00Z'); // 00:00 on 12-09 in Shanghai: 24 h before check-in day
    await expect(booking.cancel(reservation.code, traveller)).rejects.toMatchObject({ code: 'not_cancellable' });
    const staff = { kind: 'staff', userId: 'u1', role: 'operator', tenantId } as const;
    expect((await booking.cancel(reservation.code, staff)).status).toBe('cancelled');
  });

  it('another traveller cannot see or cancel a reservation', async () => {
    const r = await room();
    const { reservation } = await booking.book(stay(r), traveller);
    const bob: Actor = { kind: 'traveller', travellerId: 'web:bob', channel: 'web', tenantId: null };
    await expect(booking.get(reservation.code, bob)).rejects.toMatchObject({ code: 'not_found' });
    await expect(booking.cancel(reservation.code, bob)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('personal data', () => {
  it('guest phone numbers never stand in plain text in the database', async () => {
    const r = await room();
    const phone = '+86 139-1234-5678';
    const { reservation } = await booking.book(stay(r, { guest: { name: '李四', phone } }), traveller, { idempotencyKey: 'pii' });
    expect(reservation.guest.phone).toBe('*******5678');
    const staff = { kind: 'staff', userId: 'u1', role: 'operator', tenantId } as const;
    expect((await booking.get(reservation.code, staff)).guest.phone).toBe('+8613912345678');
    const tables = (await t.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`)).rows;
    for (const { table_name } of tables) {
      const dump = JSON.stringify((await t.db.query(`SELECT * FROM ${table_name}`)).rows);
      expect(dump, table_name).not.toContain('13912345678');
      expect(dump, table_name).not.toContain('1391234');
    }
  });
});
