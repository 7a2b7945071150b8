// Tenant isolation over HTTP: one tenant's staff reaching for another tenant's ids get 404, and nothing changes.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aHotel, aRoomType, aTenant, aUser } from '../support/builders.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
const token = { admin: '', operatorA: '', agentA: '' };
const B = { tenantId: '', hotelId: '', roomTypeId: '', code: '' };
let hotelA: string;

const api = () => request(t.app);
const as = (tok: string) => ({ Authorization: `Bearer ${tok}` });
const TABLES = ['tenants', 'users', 'hotels', 'room_types', 'inventory', 'quotes', 'reservations', 'idempotency_keys'];

/** Every row of every table that an operator could touch, in a stable order. */
async function snapshot(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of TABLES) {
    const { rows } = await t.services.db.query(`SELECT * FROM ${table}`);
    out[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

async function signIn(role: 'admin' | 'operator' | 'agent', tenantId: string | null): Promise<string> {
  const u = await aUser(t.services.db, { role, tenantId });
  return (await api().post('/v1/operator/login').send({ email: u.email, password: u.password }).expect(200)).body.token;
}

type Call = { method: 'get' | 'post' | 'put' | 'patch'; path: () => string; body?: object };

function send(call: Call, tok: string) {
  const req = api()[call.method](call.path()).set(as(tok));
  return call.body ? req.send(call.body) : req;
}

const money = { amount: 1, currency: 'CNY' };
const reads: Array<[string, Call]> = [
  ['read another tenant\'s hotel', { method: 'get', path: () => `/v1/operator/hotels/${B.hotelId}` }],
  ['list another tenant\'s room types', { method: 'get', path: () => `/v1/operator/hotels/${B.hotelId}/room-types` }],
  ['read another tenant\'s room type', { method: 'get', path: () => `/v1/operator/room-types/${B.roomTypeId}` }],
  ['read another tenant\'s inventory', { method: 'get', path: () => `/v1/operator/room-types/${B.roomTypeId}/inventory?from=2026-12-01&to=2026-12-31` }],
  ['list reservations of another tenant\'s hotel', { method: 'get', path: () => `/v1/operator/reservations?hotelId=${B.hotelId}` }],
  ['read another tenant\'s reservation', { method: 'get', path: () => `/v1/reservations/${B.code}` }],
];
const writes: Array<[string, Call]> = [
  ['create a hotel in another tenant', { method: 'post', path: () => '/v1/operator/hotels', body: { get tenantId() { return B.tenantId; }, name: 'Mine', city: '北京', tier: 'budget' } }],
  ['patch another tenant\'s hotel', { method: 'patch', path: () => `/v1/operator/hotels/${B.hotelId}`, body: { name: 'Taken over' } }],
  ['add a room type to another tenant\'s hotel', { method: 'post', path: () => `/v1/operator/hotels/${B.hotelId}/room-types`, body: { name: 'R', capacity: 2, basePrice: money } }],
  ['patch another tenant\'s room type', { method: 'patch', path: () => `/v1/operator/room-types/${B.roomTypeId}`, body: { basePrice: money } }],
  ['set another tenant\'s inventory', { method: 'put', path: () => `/v1/operator/room-types/${B.roomTypeId}/inventory`, body: { from: '2026-12-01', to: '2026-12-31', allotment: 0, stopSell: true } }],
  ['confirm another tenant\'s reservation', { method: 'post', path: () => `/v1/operator/reservations/${B.code}/confirm` }],
  ['cancel another tenant\'s reservation', { method: 'post', path: () => `/v1/operator/reservations/${B.code}/cancel` }],
  ['cancel another tenant\'s reservation as a traveller would', { method: 'post', path: () => `/v1/reservations/${B.code}/cancel` }],
];

beforeAll(async () => {
  t = await startTestApp();
  const db = t.services.db;
  const tenantA = await aTenant(db, 'Tenant A');
  B.tenantId = await aTenant(db, 'Tenant B');
  hotelA = await aHotel(db, { tenantId: tenantA });
  B.hotelId = await aHotel(db, { tenantId: B.tenantId, paymentMode: 'prepay' });
  B.roomTypeId = await aRoomType(db, { hotelId: B.hotelId, from: '2026-12-01', nights: 30, allotment: 5 });
  const { reservation } = await t.services.booking.book(
    { hotelId: B.hotelId, roomTypeId: B.roomTypeId, checkIn: '2026-12-10', checkOut: '2026-12-12', rooms: 1, guests: 2, guest: { name: '李四', phone: '13900139000' } },
    { kind: 'traveller', travellerId: 'web:guest-b', channel: 'web', tenantId: B.tenantId },
  );
  B.code = reservation.code;
  expect(reservation.status).toBe('held'); // a prepay hold, so confirm and cancel would both change it
  token.admin = await signIn('admin', null);
  token.operatorA = await signIn('operator', tenantA);
  token.agentA = await signIn('agent', tenantA);
});
afterAll(() => t.close());

describe('an operator of tenant A', () => {
  it.each([...reads, ...writes])('cannot %s: 404 not_found, and nothing changes', async (_rule, call) => {
    const before = await snapshot();
    const res = await send(call, token.operatorA).expect(404);
    expect(res.body.error).toBe('not_found');
    expect(JSON.stringify(res.body)).not.toContain(B.tenantId);
    expect(await snapshot()).toEqual(before);
  });

  it('sees only its own tenant\'s hotels in the list, even when it asks for another tenant\'s', async () => {
    const own = await api().get('/v1/operator/hotels').set(as(token.operatorA)).expect(200);
    expect(own.body.map((h: { id: string }) => h.id)).toEqual([hotelA]);
    const other = await api().get(`/v1/operator/hotels?tenantId=${B.tenantId}`).set(as(token.operatorA)).expect(200);
    expect(other.body).toEqual([]);
  });

  it('sees only its own tenant in the tenant list', async () => {
    const res = await api().get('/v1/operator/tenants').set(as(token.operatorA)).expect(200);
    expect(res.body.map((x: { name: string }) => x.name)).toEqual(['Tenant A']);
  });

  it('sees none of another tenant\'s reservations in its reservation list', async () => {
    const res = await api().get('/v1/operator/reservations').set(as(token.operatorA)).expect(200);
    expect(res.body.map((r: { code: string }) => r.code)).not.toContain(B.code);
  });
});

describe('an agent of tenant A', () => {
  it.each(reads)('cannot %s: 404 not_found', async (_rule, call) => {
    const before = await snapshot();
    expect((await send(call, token.agentA).expect(404)).body.error).toBe('not_found');
    expect(await snapshot()).toEqual(before);
  });
});

describe('a platform admin (the control: the ids above are real)', () => {
  it.each(reads)('can %s', async (_rule, call) => {
    await send(call, token.admin).expect(200);
  });
});
