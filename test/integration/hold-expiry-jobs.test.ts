// Holds expire through jobs: the per-hold job at its deadline, and the periodic sweep when that job was lost.
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/booking/index.ts';
import { aHotel, aRoomType, aTenant } from '../support/builders.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

const traveller: Actor = { kind: 'traveller', travellerId: 'web:holder', channel: 'web', tenantId: null };
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function heldReservation(app: TestApp) {
  const tenantId = await aTenant(app.testDb.db);
  const hotelId = await aHotel(app.testDb.db, { tenantId, paymentMode: 'prepay', holdMinutes: 30 });
  const roomTypeId = await aRoomType(app.testDb.db, { hotelId, from: '2026-12-01', allotment: 2 });
  const { reservation } = await app.services.booking.book(
    { hotelId, roomTypeId, checkIn: '2026-12-10', checkOut: '2026-12-11', rooms: 2, guests: 2, guest: { name: 'H', phone: '13800000001' } },
    traveller,
  );
  expect(reservation.status).toBe('held');
  const booked = async () =>
    (await app.testDb.db.query<{ booked: number }>(`SELECT booked FROM inventory WHERE room_type_id = $1 AND night = '2026-12-10'`, [roomTypeId])).rows[0]!.booked;
  expect(await booked()).toBe(2);
  return { code: reservation.code, booked };
}

const until = async (check: () => Promise<boolean>, ms = 5000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
};
const status = (app: TestApp, code: string) => async () => (await app.services.booking.get(code, traveller)).status;

describe('hold expiry jobs', () => {
  it('the periodic sweep expires an overdue hold whose own job was lost, and gives its rooms back', async () => {
    t = await startTestApp({ startJobs: true, sweepEveryMs: 50 });
    const { code, booked } = await heldReservation(t);
    await new Promise((r) => setTimeout(r, 200));
    expect(await status(t, code)()).toBe('held');
    t.clock.advance(30 * 60_000 + 1);
    expect(await until(async () => (await status(t!, code)()) === 'expired')).toBe(true);
    expect(await booked()).toBe(0);
  });

  it('the expire-hold job expires a hold once its deadline has passed (no sweep running)', async () => {
    t = await startTestApp({ startJobs: true, sweepEveryMs: 3_600_000 });
    const { code, booked } = await heldReservation(t);
    await t.services.jobs.enqueue('expire-hold', { code }, { jobId: `early-${code}` });
    await new Promise((r) => setTimeout(r, 200));
    expect(await status(t, code)()).toBe('held'); // an early run changes nothing
    t.clock.advance(30 * 60_000 + 1);
    await t.services.jobs.enqueue('expire-hold', { code }, { jobId: `due-${code}` });
    expect(await until(async () => (await status(t!, code)()) === 'expired')).toBe(true);
    expect(await booked()).toBe(0);
  });
});
