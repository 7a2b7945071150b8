// The dashboard's numbers, checked against the bookings, conversations and handoffs the test made.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/booking/index.ts';
import { aHotel, aRoomType, aTenant, staffToken } from '../support/builders.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let tenantA: string;
let tenantB: string;
let operatorA: string;
let operatorB: string;
let agentA: string;
let admin: string;
let h1: string;
let h2: string;
let hb: string;

/** When the dashboard is read: the evening of the range's last day. */
const NOW = '2026-12-03T12:00:00Z';
const api = () => request(t.app);
const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const fen = (amount: number) => ({ amount, currency: 'CNY' });
const traveller = (id: string): Actor => ({ kind: 'traveller', travellerId: `app:${id}`, channel: 'app', tenantId: null });

async function book(at: string, who: string, hotelId: string, roomTypeId: string, checkIn: string, checkOut: string, rooms = 1): Promise<string> {
  t.clock.set(at);
  const { reservation } = await t.services.booking.book(
    { hotelId, roomTypeId, checkIn, checkOut, rooms, guests: rooms, guest: { name: '王芳', phone: '13800138000' } },
    traveller(who),
  );
  return reservation.code;
}

/** A conversation of traveller `who` begun at `at`, its messages at the times given, and its handoff if any. */
async function conversation(who: string, tenantId: string | null, at: string, messages: string[], handoff?: { reason: string; at: string; tenantId: string }) {
  const db = t.testDb.db;
  await db.query(`INSERT INTO travellers (id, channel, tenant_id) VALUES ($1, 'app', $2) ON CONFLICT (id) DO NOTHING`, [`app:${who}`, tenantId]);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO conversations (traveller_id, channel, tenant_id, created_at) VALUES ($1, 'app', $2, $3) RETURNING id`,
    [`app:${who}`, tenantId, at],
  );
  const id = rows[0]!.id;
  for (const m of messages) {
    await db.query(`INSERT INTO messages (conversation_id, direction, author, channel, text, created_at) VALUES ($1, 'in', 'traveller', 'app', '你好', $2)`, [id, m]);
  }
  if (handoff) {
    await db.query(
      `INSERT INTO handoffs (conversation_id, tenant_id, channel, reason, created_at, queued_at) VALUES ($1, $2, 'app', $3, $4, $4)`,
      [id, handoff.tenantId, handoff.reason, handoff.at],
    );
  }
  return id;
}

beforeAll(async () => {
  t = await startTestApp();
  const db = t.testDb.db;
  tenantA = await aTenant(db, '西湖酒店集团');
  tenantB = await aTenant(db, '外滩酒店集团');
  h1 = await aHotel(db, { tenantId: tenantA, name: '西湖宾馆', city: '杭州' });
  h2 = await aHotel(db, { tenantId: tenantA, name: '灵隐客栈', city: '杭州' });
  hb = await aHotel(db, { tenantId: tenantB, name: '外滩饭店', city: '上海' });
  const r1 = await aRoomType(db, { hotelId: h1, from: '2026-12-01', nights: 10, allotment: 10, price: 50_000 });
  const r2 = await aRoomType(db, { hotelId: h1, from: '2026-12-01', nights: 10, allotment: 5, price: 80_000 });
  const r3 = await aRoomType(db, { hotelId: h2, from: '2026-12-01', nights: 10, allotment: 4, price: 30_000 });
  const rb = await aRoomType(db, { hotelId: hb, from: '2026-12-01', nights: 10, allotment: 4, price: 90_000 });

  // Conversations (times in UTC; Shanghai is 8 hours ahead).
  await conversation('t1', null, '2026-12-01T01:50:00Z', ['2026-12-01T01:55:00Z']); // books at 02:00: booked
  await conversation('t5', tenantA, '2026-12-01T03:00:00Z', ['2026-12-01T03:01:00Z'], { reason: 'traveller_request', at: '2026-12-01T03:05:00Z', tenantId: tenantA });
  await conversation('t2', null, '2026-12-01T17:20:00Z', ['2026-12-01T17:25:00Z']); // 12-02 local; books 灵隐客栈: booked
  await conversation('t6', tenantA, '2026-12-02T04:00:00Z', ['2026-12-02T04:01:00Z']); // abandoned
  await conversation('t7', tenantA, '2026-12-03T05:00:00Z', ['2026-12-03T05:00:30Z'], { reason: 'low_confidence', at: '2026-12-03T05:01:00Z', tenantId: tenantA });
  await conversation('t8', tenantA, '2026-12-03T11:58:00Z', ['2026-12-03T11:59:00Z']); // still open at 12:00
  await conversation('tb', tenantB, '2026-12-01T04:00:00Z', ['2026-12-01T04:01:00Z'], { reason: 'complaint', at: '2026-12-01T04:02:00Z', tenantId: tenantB });
  await conversation('t9', tenantA, '2026-11-30T10:00:00Z', ['2026-11-30T10:01:00Z']); // before the range

  // Bookings.
  await book('2026-12-01T02:00:00Z', 't1', h1, r1, '2026-12-05', '2026-12-07', 2); // 12-01: 4 room nights, ¥2,000
  await book('2026-12-01T17:30:00Z', 't2', h2, r3, '2026-12-02', '2026-12-03'); // 12-02 local: 1 room night, ¥300
  const cancelled = await book('2026-12-02T03:00:00Z', 't3', h1, r2, '2026-12-03', '2026-12-04'); // cancelled on 12-03
  await book('2026-12-01T05:00:00Z', 'tb', hb, rb, '2026-12-02', '2026-12-04'); // tenant B
  await book('2026-12-04T02:00:00Z', 't4', h1, r1, '2026-12-05', '2026-12-06'); // after the range
  t.clock.set('2026-12-03T03:00:00Z');
  await t.services.booking.cancel(cancelled, { kind: 'staff', userId: '00000000-0000-4000-8000-000000000001', role: 'operator', tenantId: tenantA });
  t.clock.set(NOW);
  const mint = (role: 'admin' | 'operator' | 'agent', tenantId: string | null) => staffToken(t.services.keys, role, tenantId, undefined, new Date(NOW));
  operatorA = await mint('operator', tenantA);
  operatorB = await mint('operator', tenantB);
  agentA = await mint('agent', tenantA);
  admin = await mint('admin', null);
}, 60_000);
afterAll(() => t?.close());

const stats = (token: string, query: string) => api().get(`/v1/operator/stats?${query}`).set(as(token));

describe('the dashboard of a tenant', () => {
  it('counts bookings, room nights, revenue and cancellations per local day', async () => {
    const res = await stats(operatorA, 'from=2026-12-01&to=2026-12-04').expect(200);
    expect(res.body.from).toBe('2026-12-01');
    expect(res.body.to).toBe('2026-12-04');
    expect(res.body.days).toEqual([
      { day: '2026-12-01', bookings: 1, roomNights: 4, revenue: fen(200_000), cancellations: 0, conversations: 2, handoffs: 1 },
      { day: '2026-12-02', bookings: 1, roomNights: 1, revenue: fen(30_000), cancellations: 0, conversations: 2, handoffs: 0 },
      { day: '2026-12-03', bookings: 0, roomNights: 0, revenue: fen(0), cancellations: 1, conversations: 2, handoffs: 1 },
    ]);
  });

  it('tells how conversations ended, the conversion and the handoff rate with reasons', async () => {
    const res = await stats(operatorA, 'from=2026-12-01&to=2026-12-04').expect(200);
    expect(res.body.conversations).toEqual({ total: 6, booked: 2, handedOff: 2, abandoned: 1, open: 1 });
    expect(res.body.conversion).toBeCloseTo(2 / 6, 4);
    expect(res.body.handoffs).toEqual({
      total: 2, rate: expect.closeTo(2 / 6, 4),
      reasons: [{ reason: 'low_confidence', count: 1 }, { reason: 'traveller_request', count: 1 }],
    });
  });

  it("gives each hotel's occupancy over the range's nights, fullest first", async () => {
    const res = await stats(operatorA, 'from=2026-12-01&to=2026-12-04').expect(200);
    // 灵隐客栈: 1 of 4 rooms on one of three nights; 西湖宾馆: nothing sold in the range (15 rooms × 3 nights).
    expect(res.body.occupancy).toEqual([
      { hotelId: h2, name: '灵隐客栈', soldNights: 1, availableNights: 12, rate: 0.0833 },
      { hotelId: h1, name: '西湖宾馆', soldNights: 0, availableNights: 45, rate: 0 },
    ]);
  });

  it('narrows everything to one hotel', async () => {
    const res = await stats(operatorA, `from=2026-12-01&to=2026-12-04&hotelId=${h2}`).expect(200);
    expect(res.body.days.map((d: { bookings: number }) => d.bookings)).toEqual([0, 1, 0]);
    expect(res.body.conversations).toEqual({ total: 1, booked: 1, handedOff: 0, abandoned: 0, open: 0 });
    expect(res.body.conversion).toBe(1);
    expect(res.body.handoffs).toEqual({ total: 0, rate: 0, reasons: [] });
    expect(res.body.occupancy.map((o: { hotelId: string }) => o.hotelId)).toEqual([h2]);
  });
});

describe('tenant isolation', () => {
  it("never counts another tenant's bookings, conversations or hotels", async () => {
    const b = await stats(operatorB, 'from=2026-12-01&to=2026-12-04').expect(200);
    expect(b.body.days[0]).toMatchObject({ day: '2026-12-01', bookings: 1, revenue: fen(180_000), conversations: 1, handoffs: 1 });
    expect(b.body.conversations.total).toBe(1);
    expect(b.body.handoffs.reasons).toEqual([{ reason: 'complaint', count: 1 }]);
    expect(b.body.occupancy.map((o: { hotelId: string }) => o.hotelId)).toEqual([hb]);
    await stats(operatorA, `from=2026-12-01&to=2026-12-04&hotelId=${hb}`).expect(404);
    await stats(operatorA, `from=2026-12-01&to=2026-12-04&tenantId=${tenantB}`).expect(404);
  });

  it('shows an admin every tenant, or the one named', async () => {
    const all = await stats(admin, 'from=2026-12-01&to=2026-12-04').expect(200);
    expect(all.body.conversations.total).toBe(7);
    expect(all.body.days[0].bookings).toBe(2);
    const onlyB = await stats(admin, `from=2026-12-01&to=2026-12-04&tenantId=${tenantB}`).expect(200);
    expect(onlyB.body.conversations.total).toBe(1);
  });
});

describe('the range', () => {
  it('has a row for every day even when nothing happened, and leaves out the day `to`', async () => {
    const res = await stats(operatorA, 'from=2026-11-29&to=2026-12-01').expect(200);
    expect(res.body.days.map((d: { day: string }) => d.day)).toEqual(['2026-11-29', '2026-11-30']);
    expect(res.body.days.map((d: { conversations: number }) => d.conversations)).toEqual([0, 1]);
    expect(res.body.days.every((d: { bookings: number }) => d.bookings === 0)).toBe(true);
  });

  it.each([
    ['to before from', 'from=2026-12-05&to=2026-12-01'],
    ['more than 366 days', 'from=2026-01-01&to=2027-01-03'],
    ['no range', ''],
    ['a bad hotel id', 'from=2026-12-01&to=2026-12-02&hotelId=nope'],
  ])('refuses %s with 400', async (_name, query) => {
    const res = await stats(operatorA, query).expect(400);
    expect(res.body.error).toBe('invalid_request');
  });

  it('is for operators and admins, not agents', async () => {
    await stats(agentA, 'from=2026-12-01&to=2026-12-02').expect(403);
  });
});
