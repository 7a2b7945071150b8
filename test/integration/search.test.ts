// Tiered search: only hotels with rooms on every night, each with its cheapest fitting room, grouped by tier.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookingService, type Actor } from '../../src/booking/index.ts';
import { FixedClock } from '../../src/clock.ts';
import { deriveKeys } from '../../src/security/index.ts';
import { aHotel, aRoomType, aTenant } from '../support/builders.ts';
import { createTestDb, type TestDb } from '../support/db.ts';

let t: TestDb;
let booking: BookingService;
const ids: Record<string, string> = {};
let tenantA: string;
let tenantB: string;

const base = { city: '杭州', checkIn: '2026-12-10', checkOut: '2026-12-12', guests: 2 };

beforeAll(async () => {
  t = await createTestDb();
  booking = new BookingService({ db: t.db, clock: new FixedClock('2026-12-01T02:00:00Z'), keys: deriveKeys(randomBytes(32).toString('base64')), timeZone: 'Asia/Shanghai' });
  tenantA = await aTenant(t.db);
  tenantB = await aTenant(t.db);
  const from = '2026-12-01';
  const hotel = async (key: string, tier: 'budget' | 'comfort' | 'luxury', tenantId: string, amenities: string[] = []) =>
    (ids[key] = await aHotel(t.db, { tenantId, city: '杭州', tier, amenities, name: key }));
  await hotel('cheap-inn', 'budget', tenantA, ['wifi']);
  await aRoomType(t.db, { hotelId: ids['cheap-inn']!, from, price: 18_000, name: 'single', capacity: 1 });
  ids['cheap-inn-double'] = await aRoomType(t.db, { hotelId: ids['cheap-inn']!, from, price: 22_000, name: 'double' });
  await aRoomType(t.db, { hotelId: ids['cheap-inn']!, from, price: 26_000, name: 'twin' });
  await hotel('hostel', 'budget', tenantA, ['wifi', 'parking']);
  await aRoomType(t.db, { hotelId: ids['hostel']!, from, price: 15_000 });
  await hotel('lake-view', 'comfort', tenantA, ['wifi', 'breakfast', 'parking']);
  await aRoomType(t.db, { hotelId: ids['lake-view']!, from, price: 60_000 });
  await hotel('full-house', 'comfort', tenantA);
  const full = await aRoomType(t.db, { hotelId: ids['full-house']!, from, price: 50_000, allotment: 3 });
  await t.db.query(`UPDATE inventory SET booked = 3 WHERE room_type_id = $1 AND night = '2026-12-11'`, [full]);
  await hotel('palace', 'luxury', tenantB, ['wifi', 'pool', 'parking']);
  await aRoomType(t.db, { hotelId: ids['palace']!, from, price: 200_000 });
  await hotel('other-city', 'budget', tenantA);
  await t.db.query(`UPDATE hotels SET city = '上海', city_en = 'Shanghai', city_key = 'shanghai' WHERE id = $1`, [ids['other-city']]);
  await aRoomType(t.db, { hotelId: ids['other-city']!, from, price: 10_000 });
});
afterAll(() => t.drop());

const names = (hits: Array<{ name: string }>) => hits.map((h) => h.name);

describe('search', () => {
  it('groups hotels by tier, cheapest first, with each hotel\'s cheapest room that fits the party', async () => {
    const r = await booking.search(base);
    expect(names(r.tiers.budget)).toEqual(['hostel', 'cheap-inn']);
    expect(names(r.tiers.comfort)).toEqual(['lake-view']);
    expect(names(r.tiers.luxury)).toEqual(['palace']);
    const inn = r.tiers.budget[1]!;
    expect(inn.roomTypeId).toBe(ids['cheap-inn-double']); // the single room does not sleep two
    expect(inn.pricePerNight).toEqual({ amount: 22_000, currency: 'CNY' });
    expect(inn.total).toEqual({ amount: 44_000, currency: 'CNY' });
    expect(r.city).toEqual({ zh: '杭州', en: 'Hangzhou' });
  });

  it('leaves out a hotel with no room on one night of the stay', async () => {
    const r = await booking.search(base);
    expect(names(r.tiers.comfort)).not.toContain('full-house');
    const oneNight = await booking.search({ ...base, checkOut: '2026-12-11' });
    expect(names(oneNight.tiers.comfort)).toContain('full-house');
  });

  it('knows the city by its English name too', async () => {
    expect(names((await booking.search({ ...base, city: 'hangzhou' })).tiers.budget)).toEqual(['hostel', 'cheap-inn']);
    expect(names((await booking.search({ ...base, city: 'Shanghai' })).tiers.budget)).toEqual(['other-city']);
  });

  it('keeps to a budget per room per night, in whole yuan', async () => {
    const r = await booking.search({ ...base, budgetMax: 600 });
    expect(names([...r.tiers.budget, ...r.tiers.comfort, ...r.tiers.luxury])).toEqual(['hostel', 'cheap-inn', 'lake-view']);
  });

  it('filters by tier and by amenities given as words or codes', async () => {
    expect(names((await booking.search({ ...base, tier: 'luxury' })).tiers.luxury)).toEqual(['palace']);
    expect((await booking.search({ ...base, tier: 'luxury' })).tiers.budget).toEqual([]);
    const parking = await booking.search({ ...base, amenities: ['停车场'] });
    expect(names([...parking.tiers.budget, ...parking.tiers.comfort, ...parking.tiers.luxury])).toEqual(['hostel', 'lake-view', 'palace']);
    const pool = await booking.search({ ...base, amenities: ['pool', 'wifi'] });
    expect(names(pool.tiers.luxury)).toEqual(['palace']);
    expect(pool.tiers.budget).toEqual([]);
  });

  it('needs enough rooms on every night for a group', async () => {
    const r = await booking.search({ ...base, rooms: 11, guests: 11 });
    expect(r.counts).toEqual({ budget: 0, comfort: 0, luxury: 0 });
  });

  it('shows a traveller scoped to a tenant only that tenant\'s hotels', async () => {
    const scoped: Actor = { kind: 'traveller', travellerId: 'web:x', channel: 'web', tenantId: tenantB };
    const r = await booking.search(base, scoped);
    expect(names([...r.tiers.budget, ...r.tiers.comfort, ...r.tiers.luxury])).toEqual(['palace']);
  });

  it('refuses past dates and reversed dates', async () => {
    await expect(booking.search({ ...base, checkIn: '2026-11-30', checkOut: '2026-12-02' })).rejects.toMatchObject({ code: 'invalid_dates' });
    await expect(booking.search({ ...base, checkIn: '2026-12-12', checkOut: '2026-12-10' })).rejects.toThrow();
  });
});
