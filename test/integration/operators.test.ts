// The operator API as its console uses it: sign in, set up tenants and staff, hotels, room types and inventory.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdmin } from '../../src/operators/index.ts';
import { aUser } from '../support/builders.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let admin: string;
let operator: string;
let agent: string;
let tenantId: string;

const api = () => request(t.app);
const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const cny = (amount: number) => ({ amount, currency: 'CNY' });

async function signIn(email: string, password: string): Promise<string> {
  const res = await api().post('/v1/operator/login').send({ email, password }).expect(200);
  return res.body.token as string;
}

async function count(table: string): Promise<number> {
  const { rows } = await t.services.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]!.n;
}

async function aHotelViaApi(token: string, body: Record<string, unknown> = {}): Promise<string> {
  const res = await api().post('/v1/operator/hotels').set(as(token)).send({ name: '西湖宾馆', city: '杭州', tier: 'comfort', ...body }).expect(201);
  return res.body.id as string;
}

async function aRoomTypeViaApi(token: string, hotelId: string, basePrice = 38_800): Promise<string> {
  const res = await api().post(`/v1/operator/hotels/${hotelId}/room-types`).set(as(token))
    .send({ name: '大床房', capacity: 2, basePrice: cny(basePrice) }).expect(201);
  return res.body.id as string;
}

beforeAll(async () => {
  t = await startTestApp();
  const a = await aUser(t.services.db, { role: 'admin', tenantId: null, email: 'root@tourdesk.test', password: 'admin password 1' });
  admin = await signIn(a.email, a.password);
  tenantId = (await api().post('/v1/operator/tenants').set(as(admin)).send({ name: '西湖酒店集团' }).expect(201)).body.id;
  await api().post('/v1/operator/users').set(as(admin))
    .send({ email: 'Ops@Westlake.test', password: 'operator pass', role: 'operator', tenantId }).expect(201);
  await api().post('/v1/operator/users').set(as(admin))
    .send({ email: 'agent@westlake.test', password: 'agent password', role: 'agent', tenantId }).expect(201);
  operator = await signIn('ops@westlake.test', 'operator pass');
  agent = await signIn('agent@westlake.test', 'agent password');
});
afterAll(() => t.close());

describe('signing in', () => {
  it('gives a token, with the role and tenant, for the right password (email in any case)', async () => {
    const res = await api().post('/v1/operator/login').send({ email: 'OPS@westlake.test', password: 'operator pass' }).expect(200);
    expect(res.body).toMatchObject({ token: expect.any(String), role: 'operator', tenantId });
    const me = await api().get('/v1/operator/me').set(as(res.body.token)).expect(200);
    expect(me.body).toMatchObject({ email: 'Ops@Westlake.test', role: 'operator', tenantId, tenantName: '西湖酒店集团' });
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const wrong = await api().post('/v1/operator/login').send({ email: 'ops@westlake.test', password: 'nope nope' }).expect(401);
    const unknown = await api().post('/v1/operator/login').send({ email: 'nobody@westlake.test', password: 'nope nope' }).expect(401);
    expect(wrong.body).toEqual({ error: 'invalid_credentials', message: expect.any(String) });
    expect(unknown.body).toEqual(wrong.body);
  });

  it('refuses every other call without a valid token', async () => {
    await api().get('/v1/operator/hotels').expect(401);
    await api().get('/v1/operator/me').set(as('not-a-token')).expect(401);
  });
});

describe('the platform admin ensured at start (ADMIN_EMAIL / ADMIN_PASSWORD)', () => {
  it('is created once, and a changed password replaces the old one', async () => {
    const first = await ensureAdmin(t.services.db, { email: 'boss@tourdesk.test', password: 'first password' });
    expect(first.created).toBe(true);
    expect(await ensureAdmin(t.services.db, { email: 'BOSS@tourdesk.test', password: 'first password' })).toEqual({ id: first.id, created: false });
    await ensureAdmin(t.services.db, { email: 'boss@tourdesk.test', password: 'second password' });
    await api().post('/v1/operator/login').send({ email: 'boss@tourdesk.test', password: 'first password' }).expect(401);
    expect((await api().post('/v1/operator/login').send({ email: 'boss@tourdesk.test', password: 'second password' }).expect(200)).body.role).toBe('admin');
  });

  it('refuses to turn an operator into an admin', async () => {
    await expect(ensureAdmin(t.services.db, { email: 'ops@westlake.test', password: 'whatever 123' })).rejects.toThrow(/operator/);
  });
});

describe('tenants and staff are the admin\'s to create', () => {
  it('lists every tenant to an admin and only its own to an operator', async () => {
    const other = (await api().post('/v1/operator/tenants').set(as(admin)).send({ name: 'Other Co' }).expect(201)).body.id;
    const all = await api().get('/v1/operator/tenants').set(as(admin)).expect(200);
    expect(all.body.map((x: { id: string }) => x.id)).toEqual(expect.arrayContaining([tenantId, other]));
    const own = await api().get('/v1/operator/tenants').set(as(operator)).expect(200);
    expect(own.body).toEqual([{ id: tenantId, name: '西湖酒店集团', createdAt: expect.any(String) }]);
  });

  it('refuses a second user with the same email in another letter case (409 email_taken)', async () => {
    const before = await count('users');
    const res = await api().post('/v1/operator/users').set(as(admin))
      .send({ email: 'OPS@WESTLAKE.TEST', password: 'another pass', role: 'agent', tenantId }).expect(409);
    expect(res.body.error).toBe('email_taken');
    expect(await count('users')).toBe(before);
  });

  it('answers 404 for a user of an unknown tenant', async () => {
    await api().post('/v1/operator/users').set(as(admin))
      .send({ email: 'x@y.test', password: 'long enough', role: 'operator', tenantId: '00000000-0000-4000-8000-000000000000' }).expect(404);
  });

  it('forbids operators and agents to create tenants or users (403)', async () => {
    for (const token of [operator, agent]) {
      expect((await api().post('/v1/operator/tenants').set(as(token)).send({ name: 'Mine' }).expect(403)).body.error).toBe('forbidden');
      await api().post('/v1/operator/users').set(as(token)).send({ email: 'z@z.test', password: 'long enough', role: 'agent', tenantId }).expect(403);
    }
  });
});

describe('hotels', () => {
  it('creates a hotel in the operator\'s tenant with canonical city, default stars and amenity codes', async () => {
    const id = await aHotelViaApi(operator, { city: 'hangzhou', tier: 'luxury', amenities: ['免费WiFi', 'free parking', 'gym', 'wifi'], policies: { checkInTime: '14:00' } });
    const res = await api().get(`/v1/operator/hotels/${id}`).set(as(operator)).expect(200);
    expect(res.body).toMatchObject({
      id, tenantId, name: '西湖宾馆', city: '杭州', cityEn: 'Hangzhou', tier: 'luxury', stars: 4, grade: '高档型',
      amenities: ['wifi', 'parking', 'gym'], policies: { checkInTime: '14:00' }, paymentMode: 'at_hotel',
    });
  });

  it('makes an admin name the tenant, and lets it create in any tenant', async () => {
    const res = await api().post('/v1/operator/hotels').set(as(admin)).send({ name: 'H', city: '北京', tier: 'budget' }).expect(400);
    expect(res.body.details[0].path).toEqual(['tenantId']);
    await aHotelViaApi(admin, { tenantId, stars: 1, tier: 'budget' });
  });

  it.each([
    ['stars that disagree with the tier', { stars: 3, tier: 'luxury' }, ['stars']],
    ['amenity words it cannot place', { amenities: ['wifi', 'helipad', 'moat'] }, ['amenities']],
    ['a field it does not know', { swimmingPool: true }, []],
    ['a photo that is not an http URL', { photos: ['javascript:alert(1)'] }, ['photos', 0]],
  ])('refuses %s with 400 and writes nothing', async (_rule, extra, path) => {
    const before = await count('hotels');
    const res = await api().post('/v1/operator/hotels').set(as(operator)).send({ name: 'X', city: '杭州', tier: 'comfort', ...extra }).expect(400);
    expect(res.body.error).toBe('invalid_request');
    expect(res.body.details[0].path).toEqual(path);
    expect(await count('hotels')).toBe(before);
  });

  it('lists the amenity words it cannot place', async () => {
    const res = await api().post('/v1/operator/hotels').set(as(operator)).send({ name: 'X', city: '杭州', tier: 'comfort', amenities: ['helipad', 'moat'] }).expect(400);
    expect(res.body.details[0].params.unknown).toEqual(['helipad', 'moat']);
    expect(res.body.message).toContain('helipad, moat');
  });

  it('patches only the fields given; a new tier without stars takes the tier\'s default', async () => {
    const id = await aHotelViaApi(operator, { policies: { checkInTime: '14:00', pets: 'No pets' }, address: '北山街1号' });
    const res = await api().patch(`/v1/operator/hotels/${id}`).set(as(operator))
      .send({ tier: 'budget', address: null, city: 'Shanghai', policies: { pets: null, breakfast: '含早' } }).expect(200);
    expect(res.body).toMatchObject({
      name: '西湖宾馆', tier: 'budget', stars: 2, grade: '经济型', address: null, city: '上海', cityKey: 'shanghai',
      policies: { checkInTime: '14:00', breakfast: '含早' },
    });
    expect(res.body.policies).not.toHaveProperty('pets');
  });

  it('refuses a patch whose stars do not fit the stored tier, changing nothing', async () => {
    const id = await aHotelViaApi(operator);
    const res = await api().patch(`/v1/operator/hotels/${id}`).set(as(operator)).send({ name: 'New', stars: 5 }).expect(400);
    expect(res.body.details[0].path).toEqual(['stars']);
    expect((await api().get(`/v1/operator/hotels/${id}`).set(as(operator))).body).toMatchObject({ name: '西湖宾馆', stars: 3 });
  });

  it('lets agents read hotels but not change them (403)', async () => {
    const id = await aHotelViaApi(operator);
    await api().get(`/v1/operator/hotels/${id}`).set(as(agent)).expect(200);
    await api().patch(`/v1/operator/hotels/${id}`).set(as(agent)).send({ name: 'Mine' }).expect(403);
    await api().post('/v1/operator/hotels').set(as(agent)).send({ name: 'X', city: '杭州', tier: 'comfort' }).expect(403);
  });

  it('answers 404 for an id that is not a UUID', async () => {
    await api().get('/v1/operator/hotels/123').set(as(operator)).expect(404);
  });

  it('pages the list with limit and offset and links to the next page', async () => {
    const tid = (await api().post('/v1/operator/tenants').set(as(admin)).send({ name: 'Paged' }).expect(201)).body.id;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await aHotelViaApi(admin, { tenantId: tid, name: `H${i}` }));
    const seen: string[] = [];
    let url: string | undefined = `/v1/operator/hotels?tenantId=${tid}&limit=2`;
    const pages: number[] = [];
    while (url) {
      const res: request.Response = await api().get(url).set(as(admin)).expect(200);
      pages.push(res.body.length);
      seen.push(...res.body.map((h: { id: string }) => h.id));
      url = /<([^>]+)>; rel="next"/.exec(res.headers.link ?? '')?.[1];
    }
    expect(pages).toEqual([2, 2, 1]);
    expect(seen.sort()).toEqual(ids.sort());
    await api().get('/v1/operator/hotels?limit=201').set(as(admin)).expect(400);
  });
});

describe('room types', () => {
  it('adds room types to a hotel and lists them with their base price', async () => {
    const hotelId = await aHotelViaApi(operator);
    const id = await aRoomTypeViaApi(operator, hotelId, 45_600);
    const res = await api().get(`/v1/operator/hotels/${hotelId}/room-types`).set(as(operator)).expect(200);
    expect(res.body).toEqual([{ id, hotelId, name: '大床房', nameEn: null, capacity: 2, basePrice: cny(45_600) }]);
    const patched = await api().patch(`/v1/operator/room-types/${id}`).set(as(operator)).send({ nameEn: 'Queen', capacity: 3 }).expect(200);
    expect(patched.body).toMatchObject({ name: '大床房', nameEn: 'Queen', capacity: 3, basePrice: cny(45_600) });
  });

  it('refuses a price in another currency or in fractions of a fen, writing nothing', async () => {
    const hotelId = await aHotelViaApi(operator);
    const before = await count('room_types');
    for (const basePrice of [{ amount: 100, currency: 'USD' }, cny(10.5), cny(-1)]) {
      const res = await api().post(`/v1/operator/hotels/${hotelId}/room-types`).set(as(operator)).send({ name: 'R', capacity: 2, basePrice }).expect(400);
      expect(res.body.details.length).toBeGreaterThan(0);
    }
    expect(await count('room_types')).toBe(before);
  });
});

describe('inventory', () => {
  const put = (id: string, body: object) => api().put(`/v1/operator/room-types/${id}/inventory`).set(as(operator)).send(body);
  const get = (id: string, from: string, to: string) => api().get(`/v1/operator/room-types/${id}/inventory?from=${from}&to=${to}`).set(as(operator)).expect(200);
  let roomTypeId: string;
  beforeAll(async () => {
    roomTypeId = await aRoomTypeViaApi(operator, await aHotelViaApi(operator), 38_800);
  });

  it('creates a night per date up to the exclusive end, at the base price unless one is given', async () => {
    const res = await put(roomTypeId, { from: '2026-12-01', to: '2026-12-04', allotment: 5 }).expect(200);
    expect(res.body).toEqual(['2026-12-01', '2026-12-02', '2026-12-03'].map((night) => ({ night, allotment: 5, booked: 0, price: cny(38_800), stopSell: false })));
  });

  it('changes only the nights of the weekdays given (Friday and Saturday)', async () => {
    await put(roomTypeId, { from: '2026-12-07', to: '2026-12-14', allotment: 4 }).expect(200);
    const res = await put(roomTypeId, { from: '2026-12-07', to: '2026-12-14', price: cny(58_800), weekdays: [5, 6] }).expect(200);
    expect(res.body.map((n: { night: string }) => n.night)).toEqual(['2026-12-11', '2026-12-12']);
    const nights = (await get(roomTypeId, '2026-12-07', '2026-12-14')).body;
    expect(nights.map((n: { price: { amount: number } }) => n.price.amount)).toEqual([38_800, 38_800, 38_800, 38_800, 58_800, 58_800, 38_800]);
    expect(nights.every((n: { allotment: number }) => n.allotment === 4)).toBe(true);
  });

  it('stops and restarts sale without touching allotment or price', async () => {
    await put(roomTypeId, { from: '2026-12-20', to: '2026-12-22', allotment: 3, price: cny(40_000) }).expect(200);
    const res = await put(roomTypeId, { from: '2026-12-20', to: '2026-12-22', stopSell: true }).expect(200);
    expect(res.body).toEqual([
      { night: '2026-12-20', allotment: 3, booked: 0, price: cny(40_000), stopSell: true },
      { night: '2026-12-21', allotment: 3, booked: 0, price: cny(40_000), stopSell: true },
    ]);
  });

  it('leaves nights without a row out of the read', async () => {
    const res = await get(roomTypeId, '2026-11-28', '2026-12-03');
    expect(res.body.map((n: { night: string }) => n.night)).toEqual(['2026-12-01', '2026-12-02']);
  });

  it('refuses an allotment below the rooms already booked (409) and changes no night', async () => {
    await put(roomTypeId, { from: '2026-12-25', to: '2026-12-28', allotment: 6 }).expect(200);
    await t.services.db.query(`UPDATE inventory SET booked = 4 WHERE room_type_id = $1 AND night = '2026-12-26'`, [roomTypeId]);
    const before = (await get(roomTypeId, '2026-12-25', '2026-12-28')).body;
    const res = await put(roomTypeId, { from: '2026-12-24', to: '2026-12-28', allotment: 3, price: cny(1) }).expect(409);
    expect(res.body).toMatchObject({ error: 'allotment_below_booked', details: { nights: [{ night: '2026-12-26', booked: 4 }] } });
    expect((await get(roomTypeId, '2026-12-24', '2026-12-28')).body).toEqual(before);
  });

  it.each([
    ['no allotment, price or stop-sell', { from: '2026-12-01', to: '2026-12-02' }],
    ['an end that is not after the start', { from: '2026-12-05', to: '2026-12-05', allotment: 1 }],
    ['more than 366 nights', { from: '2027-01-01', to: '2028-01-03', allotment: 1 }],
    ['a weekday out of range', { from: '2027-01-01', to: '2027-01-05', allotment: 1, weekdays: [7] }],
    ['a negative allotment', { from: '2027-01-01', to: '2027-01-05', allotment: -1 }],
    ['a date that does not exist', { from: '2027-02-29', to: '2027-03-05', allotment: 1 }],
  ])('refuses %s with 400 and writes nothing', async (_rule, body) => {
    const before = await count('inventory');
    const res = await put(roomTypeId, body).expect(400);
    expect(res.body.details.length).toBeGreaterThan(0);
    expect(await count('inventory')).toBe(before);
  });

  it('does not let agents set inventory, but lets them read it', async () => {
    await api().put(`/v1/operator/room-types/${roomTypeId}/inventory`).set(as(agent)).send({ from: '2026-12-01', to: '2026-12-02', allotment: 9 }).expect(403);
    await api().get(`/v1/operator/room-types/${roomTypeId}/inventory?from=2026-12-01&to=2026-12-02`).set(as(agent)).expect(200);
  });
});
