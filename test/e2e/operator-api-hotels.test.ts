// Editing a hotel in the operator console: photos by URL, amenities, policies in two languages, payment and holds.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aHotel, aRoomType, aTenant, staffToken } from '../support/builders.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let operatorA: string;
let agentA: string;
let hotelA: string;
let hotelB: string;
let roomA: string;
let roomB: string;

const api = () => request(t.app);
const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const photo = (i: number) => `https://img.example.com/hotels/${i}.jpg`;

beforeAll(async () => {
  t = await startTestApp();
  const db = t.testDb.db;
  const tenantA = await aTenant(db);
  const tenantB = await aTenant(db);
  operatorA = await staffToken(t.services.keys, 'operator', tenantA);
  agentA = await staffToken(t.services.keys, 'agent', tenantA);
  hotelA = await aHotel(db, { tenantId: tenantA, name: '西湖宾馆', city: '杭州' });
  hotelB = await aHotel(db, { tenantId: tenantB, name: '外滩饭店', city: '上海' });
  roomA = await aRoomType(db, { hotelId: hotelA, from: '2026-12-01', nights: 2 });
  roomB = await aRoomType(db, { hotelId: hotelB, from: '2026-12-01', nights: 2 });
}, 60_000);
afterAll(() => t?.close());

describe('PATCH /v1/operator/hotels/:id', () => {
  it('keeps every field the console edits, and GET shows them', async () => {
    const patch = {
      name: '西湖国宾馆',
      tier: 'luxury',
      address: '杭州市西湖区杨公堤18号',
      description: '湖畔园林酒店',
      photos: [photo(1), photo(2)],
      amenities: ['免费WiFi', 'free parking', 'gym'],
      policies: {
        checkInTime: { zh: '14:00以后', en: 'after 14:00' },
        checkOutTime: '12:00',
        pets: { zh: '不可携带宠物', en: 'No pets' },
        children: { en: 'Children under 6 stay free' },
      },
      paymentMode: 'prepay',
      holdMinutes: 45,
      cancelHours: 48,
    };
    const res = await api().patch(`/v1/operator/hotels/${hotelA}`).set(as(operatorA)).send(patch).expect(200);
    const got = await api().get(`/v1/operator/hotels/${hotelA}`).set(as(operatorA)).expect(200);
    for (const body of [res.body, got.body]) {
      expect(body).toMatchObject({
        name: '西湖国宾馆', tier: 'luxury', stars: 4, address: patch.address, description: patch.description,
        photos: patch.photos, amenities: ['wifi', 'parking', 'gym'], policies: patch.policies,
        paymentMode: 'prepay', holdMinutes: 45, cancelHours: 48,
      });
    }
  });

  it('replaces one policy and removes another, keeping the rest', async () => {
    const res = await api().patch(`/v1/operator/hotels/${hotelA}`).set(as(operatorA))
      .send({ policies: { pets: { zh: '可携带小型犬', en: 'Small dogs welcome' }, children: null, wifi: '全馆免费WiFi' } }).expect(200);
    expect(res.body.policies).toEqual({
      checkInTime: { zh: '14:00以后', en: 'after 14:00' }, checkOutTime: '12:00',
      pets: { zh: '可携带小型犬', en: 'Small dogs welcome' }, wifi: '全馆免费WiFi',
    });
  });

  it('takes twelve photos and no more, each an http(s) URL', async () => {
    const twelve = Array.from({ length: 12 }, (_, i) => photo(i));
    await api().patch(`/v1/operator/hotels/${hotelA}`).set(as(operatorA)).send({ photos: twelve }).expect(200);
    const before = (await api().get(`/v1/operator/hotels/${hotelA}`).set(as(operatorA))).body;
    for (const photos of [[...twelve, photo(12)], ['javascript:alert(1)'], ['ftp://img.example.com/a.jpg'], ['https://'], ['not a url']]) {
      const res = await api().patch(`/v1/operator/hotels/${hotelA}`).set(as(operatorA)).send({ photos }).expect(400);
      expect(res.body).toMatchObject({ error: 'invalid_request', details: [expect.objectContaining({ path: expect.arrayContaining(['photos']) })] });
    }
    expect((await api().get(`/v1/operator/hotels/${hotelA}`).set(as(operatorA))).body).toEqual(before);
  });

  it.each([
    ['a policy with neither language', { policies: { pets: {} } }],
    ['a policy in a third language', { policies: { pets: { fr: 'Non' } } }],
    ['an unknown payment mode', { paymentMode: 'cash' }],
    ['a hold under five minutes', { holdMinutes: 2 }],
    ['an amenity nobody knows', { amenities: ['helipad landing'] }],
  ])('refuses %s with 400 and changes nothing', async (_name, body) => {
    const before = (await api().get(`/v1/operator/hotels/${hotelA}`).set(as(operatorA))).body;
    const res = await api().patch(`/v1/operator/hotels/${hotelA}`).set(as(operatorA)).send(body).expect(400);
    expect(res.body.error).toBe('invalid_request');
    expect((await api().get(`/v1/operator/hotels/${hotelA}`).set(as(operatorA))).body).toEqual(before);
  });

  it("answers another tenant's hotel with 404 and an agent's patch with 403", async () => {
    const res = await api().patch(`/v1/operator/hotels/${hotelB}`).set(as(operatorA)).send({ name: '我的' }).expect(404);
    expect(res.body.error).toBe('not_found');
    await api().patch(`/v1/operator/hotels/${hotelA}`).set(as(agentA)).send({ name: '我的' }).expect(403);
    const { rows } = await t.testDb.db.query<{ name: string }>('SELECT name FROM hotels WHERE id = $1', [hotelB]);
    expect(rows[0]!.name).toBe('外滩饭店');
  });
});

describe('PATCH /v1/operator/room-types/:id', () => {
  it('changes name, English name, capacity and base price', async () => {
    const res = await api().patch(`/v1/operator/room-types/${roomA}`).set(as(operatorA))
      .send({ name: '湖景大床房', nameEn: 'Lake King', capacity: 3, basePrice: { amount: 78_800, currency: 'CNY' } }).expect(200);
    expect(res.body).toMatchObject({ id: roomA, name: '湖景大床房', nameEn: 'Lake King', capacity: 3, basePrice: { amount: 78_800, currency: 'CNY' } });
    const list = await api().get(`/v1/operator/hotels/${hotelA}/room-types`).set(as(operatorA)).expect(200);
    expect(list.body).toContainEqual(expect.objectContaining({ id: roomA, name: '湖景大床房', capacity: 3 }));
  });

  it("answers another tenant's room type with 404", async () => {
    await api().patch(`/v1/operator/room-types/${roomB}`).set(as(operatorA)).send({ capacity: 4 }).expect(404);
  });
});
