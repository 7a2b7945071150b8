// The reservation endpoints over HTTP: what a traveller may do, and bad input that gets a clear 4xx and changes nothing.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aHotel, aRoomType, aTenant, staffToken } from '../support/builders.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let hotelId: string;
let roomTypeId: string;
let otherRoomTypeId: string;
let tenantId: string;
let alice: string;
let bob: string;

const valid = () => ({
  hotelId, roomTypeId, checkIn: '2026-12-10', checkOut: '2026-12-12', rooms: 1, guests: 2,
  guest: { name: 'Alice Chen', phone: '+86 138 0013 8000' },
});

async function session(body: object = {}) {
  const r = await request(t.app).post('/v1/web/sessions').send(body);
  expect(r.status).toBe(200);
  return r.body.token as string;
}

async function writes() {
  const q = async (sql: string) => Number((await t.testDb.db.query<{ n: number }>(sql)).rows[0]!.n);
  return {
    reservations: await q('SELECT count(*)::int AS n FROM reservations'),
    booked: await q('SELECT COALESCE(sum(booked), 0)::int AS n FROM inventory'),
    keys: await q('SELECT count(*)::int AS n FROM idempotency_keys'),
  };
}

beforeAll(async () => {
  t = await startTestApp();
  tenantId = await aTenant(t.testDb.db);
  hotelId = await aHotel(t.testDb.db, { tenantId });
  roomTypeId = await aRoomType(t.testDb.db, { hotelId, from: '2026-12-01', nights: 30, capacity: 2 });
  const otherHotel = await aHotel(t.testDb.db, { tenantId });
  otherRoomTypeId = await aRoomType(t.testDb.db, { hotelId: otherHotel, from: '2026-12-01' });
  alice = await session();
  bob = await session({ locale: 'en' });
});
afterAll(() => t?.close());

describe('bad input gets a clear 4xx and changes nothing', () => {
  const cases: Array<[string, number, string, () => object, Record<string, string>?]> = [
    ['rooms as a string', 400, 'invalid_request', () => ({ ...valid(), rooms: '2' })],
    ['no guest', 400, 'invalid_request', () => { const { guest: _, ...b } = valid(); return b; }],
    ['checkOut before checkIn', 400, 'invalid_request', () => ({ ...valid(), checkIn: '2026-12-12', checkOut: '2026-12-10' })],
    ['checkOut equal to checkIn', 400, 'invalid_request', () => ({ ...valid(), checkOut: '2026-12-10' })],
    ['a date that does not exist', 400, 'invalid_request', () => ({ ...valid(), checkIn: '2026-02-30' })],
    ['a past check-in', 400, 'invalid_dates', () => ({ ...valid(), checkIn: '2026-11-20', checkOut: '2026-11-22' })],
    ['0 rooms', 400, 'invalid_request', () => ({ ...valid(), rooms: 0 })],
    ['10,000 rooms', 400, 'invalid_request', () => ({ ...valid(), rooms: 10_000, guests: 10_000 })],
    ['1.5 rooms', 400, 'invalid_request', () => ({ ...valid(), rooms: 1.5 })],
    ['an unknown field', 400, 'invalid_request', () => ({ ...valid(), price: 1 })],
    ['a phone that is not one', 400, 'invalid_request', () => ({ ...valid(), guest: { name: 'A', phone: 'call me' } })],
    ['a hotel id that is not a UUID', 400, 'invalid_request', () => ({ ...valid(), hotelId: 'h1' })],
    ['an unknown hotel', 404, 'not_found', () => ({ ...valid(), hotelId: '00000000-0000-4000-8000-000000000000' })],
    ['a room type of another hotel', 404, 'not_found', () => ({ ...valid(), roomTypeId: otherRoomTypeId })],
    ['more guests than the room sleeps', 422, 'capacity_exceeded', () => ({ ...valid(), guests: 3 })],
    ['an Idempotency-Key of 300 characters', 400, 'invalid_request', () => valid(), { 'Idempotency-Key': 'k'.repeat(300) }],
  ];
  it.each(cases)('%s → %i %s', async (_name, status, code, body, headers = {}) => {
    const before = await writes();
    const r = await request(t.app).post('/v1/reservations').set('Authorization', `Bearer ${alice}`).set(headers).send(body());
    expect(r.status).toBe(status);
    expect(r.body.error).toBe(code);
    expect(typeof r.body.message).toBe('string');
    if (code === 'invalid_request') expect(Array.isArray(r.body.details)).toBe(true);
    expect(await writes()).toEqual(before);
  });

  it('malformed JSON → 400 invalid_json', async () => {
    const r = await request(t.app).post('/v1/reservations').set('Authorization', `Bearer ${alice}`)
      .set('Content-Type', 'application/json').send('{"hotelId": ');
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('invalid_json');
  });

  it('an oversized body → 413 and nothing written', async () => {
    const before = await writes();
    const r = await request(t.app).post('/v1/reservations').set('Authorization', `Bearer ${alice}`)
      .send({ ...valid(), guest: { name: 'x'.repeat(200_000), phone: '13800138000' } });
    expect(r.status).toBe(413);
    expect(r.body.error).toBe('payload_too_large');
    expect(await writes()).toEqual(before);
  });

  it('no token → 401; a forged token → 401', async () => {
    expect((await request(t.app).post('/v1/reservations').send(valid())).status).toBe(401);
    const forged = `${alice.slice(0, -4)}AAAA`;
    const r = await request(t.app).post('/v1/reservations').set('Authorization', `Bearer ${forged}`).send(valid());
    expect(r.status).toBe(401);
    expect(r.body.error).toBe('unauthorized');
  });
});

describe('a traveller\'s reservation', () => {
  it('is made with 201, read back by its traveller, and hidden from others', async () => {
    const made = await request(t.app).post('/v1/reservations').set('Authorization', `Bearer ${alice}`).send(valid());
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ status: 'confirmed', hotelId, roomTypeId, checkIn: '2026-12-10', checkOut: '2026-12-12', rooms: 1, total: { amount: 100_000, currency: 'CNY' } });
    const code = made.body.code as string;
    const mine = await request(t.app).get(`/v1/reservations/${code}`).set('Authorization', `Bearer ${alice}`);
    expect(mine.status).toBe(200);
    expect(mine.body.guest.phone).toBe('*******8000');
    expect((await request(t.app).get(`/v1/reservations/${code}`).set('Authorization', `Bearer ${bob}`)).status).toBe(404);
    expect((await request(t.app).get(`/v1/reservations/nonsense!`).set('Authorization', `Bearer ${alice}`)).status).toBe(404);
    const op = await staffToken(t.services.keys, 'operator', tenantId);
    const seen = await request(t.app).get(`/v1/reservations/${code}`).set('Authorization', `Bearer ${op}`);
    expect(seen.body.guest.phone).toBe('+8613800138000');
    const agent = await staffToken(t.services.keys, 'agent', tenantId);
    expect((await request(t.app).get(`/v1/reservations/${code}`).set('Authorization', `Bearer ${agent}`)).status).toBe(200);
    const stranger = await staffToken(t.services.keys, 'operator', await aTenant(t.testDb.db));
    expect((await request(t.app).get(`/v1/reservations/${code}`).set('Authorization', `Bearer ${stranger}`)).status).toBe(404);
  });

  it('cancelled twice, gives its room back once', async () => {
    const made = await request(t.app).post('/v1/reservations').set('Authorization', `Bearer ${bob}`).send({ ...valid(), checkIn: '2026-12-20', checkOut: '2026-12-21' });
    const code = made.body.code as string;
    const night = () => t.testDb.db.query<{ booked: number }>(`SELECT booked FROM inventory WHERE room_type_id = $1 AND night = '2026-12-20'`, [roomTypeId]);
    expect((await night()).rows[0]!.booked).toBe(1);
    for (let i = 0; i < 2; i++) {
      const r = await request(t.app).post(`/v1/reservations/${code}/cancel`).set('Authorization', `Bearer ${bob}`);
      expect(r.status).toBe(200);
      expect(r.body.status).toBe('cancelled');
    }
    expect((await night()).rows[0]!.booked).toBe(0);
  });

  it('is listed for the hotel\'s operator, newest first, and a held one can be confirmed', async () => {
    const prepay = await aHotel(t.testDb.db, { tenantId, paymentMode: 'prepay' });
    const room = await aRoomType(t.testDb.db, { hotelId: prepay, from: '2026-12-01' });
    const held = await request(t.app).post('/v1/reservations').set('Authorization', `Bearer ${alice}`).send({ ...valid(), hotelId: prepay, roomTypeId: room });
    expect(held.body.status).toBe('held');
    const op = await staffToken(t.services.keys, 'operator', tenantId);
    const list = await request(t.app).get(`/v1/operator/reservations?hotelId=${prepay}&status=held`).set('Authorization', `Bearer ${op}`);
    expect(list.status).toBe(200);
    expect(list.body.map((r: { code: string }) => r.code)).toEqual([held.body.code]);
    const confirmed = await request(t.app).post(`/v1/operator/reservations/${held.body.code}/confirm`).set('Authorization', `Bearer ${op}`);
    expect(confirmed.body.status).toBe('confirmed');
    const all = await request(t.app).get('/v1/operator/reservations').set('Authorization', `Bearer ${op}`);
    const created = all.body.map((r: { createdAt: string }) => r.createdAt);
    expect([...created].sort().reverse()).toEqual(created);
    expect((await request(t.app).get('/v1/operator/reservations?status=nope').set('Authorization', `Bearer ${op}`)).status).toBe(400);
    expect((await request(t.app).get('/v1/operator/reservations').set('Authorization', `Bearer ${alice}`)).status).toBe(403);
  });
});

describe('sessions and health', () => {
  it('a web session for an unknown tenant is 404, for a malformed one 400', async () => {
    expect((await request(t.app).post('/v1/web/sessions').send({ tenantId: '00000000-0000-4000-8000-000000000000' })).status).toBe(404);
    expect((await request(t.app).post('/v1/web/sessions').send({ tenantId: 'x' })).status).toBe(400);
  });

  it('/healthz and /readyz answer ok when the database answers', async () => {
    expect((await request(t.app).get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await request(t.app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ok');
  });

  it('an unknown path is a JSON 404', async () => {
    const r = await request(t.app).get('/v1/nowhere');
    expect(r.status).toBe(404);
    expect(r.body.error).toBe('not_found');
  });
});
