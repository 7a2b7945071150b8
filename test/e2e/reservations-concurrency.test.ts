// Under a crowd: 200 travellers racing for the last 5 rooms, and 100 retries of one request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aHotel, aRoomType, aTenant } from '../support/builders.ts';
import { engine } from '../support/db.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { listen, postJson, type Listening } from '../support/server.ts';

let t: TestApp;
let srv: Listening;
let hotelId: string;
let roomTypeId: string;

async function session(): Promise<string> {
  const r = await postJson(`${srv.url}/v1/web/sessions`, {});
  return String(r.body!.token);
}

beforeAll(async () => {
  t = await startTestApp({ poolSize: 24 });
  srv = await listen(t.app);
  const tenantId = await aTenant(t.testDb.db);
  hotelId = await aHotel(t.testDb.db, { tenantId });
  roomTypeId = await aRoomType(t.testDb.db, { hotelId, from: '2026-12-01', nights: 30, allotment: 50 });
  // 5 rooms left on the night of 12-20; plenty on the other nights.
  await t.testDb.db.query(`UPDATE inventory SET booked = 45 WHERE room_type_id = $1 AND night = '2026-12-20'`, [roomTypeId]);
  await t.testDb.db.query(
    `INSERT INTO reservations (code, tenant_id, hotel_id, room_type_id, check_in, check_out, rooms, guests, guest_name,
       guest_phone_enc, guest_phone_hash, guest_phone_last4, nightly, total, status)
     VALUES ('TDSEED45', $1, $2, $3, '2026-12-20', '2026-12-21', 45, 45, 'Group', 'x', 'x', '0000', '{50000}', 2250000, 'confirmed')`,
    [tenantId, hotelId, roomTypeId],
  );
}, 60_000);
afterAll(async () => {
  await srv?.close();
  await t?.close();
});

const body = () => ({
  hotelId, roomTypeId, checkIn: '2026-12-19', checkOut: '2026-12-21', rooms: 1, guests: 1,
  guest: { name: 'Racer', phone: '13800000000' },
});

describe(`reservations under concurrency (${engine})`, () => {
  it('200 concurrent bookings for a night with 5 rooms left: exactly 5 succeed, the rest are sold out', async () => {
    const tokens = await Promise.all(Array.from({ length: 200 }, session));
    const results = await Promise.all(
      tokens.map((token) => postJson(`${srv.url}/v1/reservations`, body(), { authorization: `Bearer ${token}` })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(195);
    expect(results.filter((r) => r.status === 409).every((r) => r.body!.error === 'sold_out')).toBe(true);
    const night = await t.testDb.db.query<{ booked: number; allotment: number }>(
      `SELECT booked, allotment FROM inventory WHERE room_type_id = $1 AND night = '2026-12-20'`, [roomTypeId]);
    expect(night.rows[0]).toEqual({ booked: 50, allotment: 50 });
    expect(await t.services.booking.mismatches()).toEqual([]);
  }, 120_000);

  it('100 concurrent requests with one Idempotency-Key make one reservation, and every answer is the same', async () => {
    await t.testDb.db.query(`UPDATE inventory SET allotment = 60 WHERE room_type_id = $1`, [roomTypeId]);
    const token = await session();
    const req = { ...body(), checkIn: '2026-12-22', checkOut: '2026-12-24' };
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        postJson(`${srv.url}/v1/reservations`, req, { authorization: `Bearer ${token}`, 'idempotency-key': 'retry-storm-1' })),
    );
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    const made = await t.testDb.db.query(`SELECT code FROM reservations WHERE check_in = '2026-12-22'`);
    expect(made.rowCount).toBe(1);
    const booked = await t.testDb.db.query<{ booked: number }>(
      `SELECT booked FROM inventory WHERE room_type_id = $1 AND night = '2026-12-22'`, [roomTypeId]);
    expect(booked.rows[0]!.booked).toBe(1);
  }, 120_000);
});
