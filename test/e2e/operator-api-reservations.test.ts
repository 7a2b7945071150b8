// The operator's reservations: search by code, name or phone digits, the detail with its history, and the CSV for Excel.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/booking/index.ts';
import { aHotel, aRoomType, aTenant, staffToken } from '../support/builders.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
let operatorA: string;
let agentA: string;
let admin: string;
let hotelA: string;
let prepayA: string;
let hotelB: string;
let tenantB: string;
const codes: Record<string, string> = {};

const api = () => request(t.app);
const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const traveller = (id: string): Actor => ({ kind: 'traveller', travellerId: `app:${id}`, channel: 'app', tenantId: null });

async function book(name: string, hotelId: string, roomTypeId: string, guest: string, phone: string, checkIn: string, checkOut: string) {
  const { reservation } = await t.services.booking.book(
    { hotelId, roomTypeId, checkIn, checkOut, rooms: 1, guests: 2, guest: { name: guest, phone } },
    traveller(name),
  );
  codes[name] = reservation.code;
  t.clock.advance(60_000);
}

/** The raw bytes of a response. */
const bytes = (r: request.Test) => r.buffer(true).parse((res, cb) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
});

beforeAll(async () => {
  t = await startTestApp();
  const db = t.testDb.db;
  const tenantA = await aTenant(db);
  tenantB = await aTenant(db);
  operatorA = await staffToken(t.services.keys, 'operator', tenantA);
  agentA = await staffToken(t.services.keys, 'agent', tenantA);
  admin = await staffToken(t.services.keys, 'admin', null);
  hotelA = await aHotel(db, { tenantId: tenantA, name: '西湖宾馆', city: '杭州' });
  prepayA = await aHotel(db, { tenantId: tenantA, name: '灵隐客栈', city: '杭州', paymentMode: 'prepay', holdMinutes: 60 });
  hotelB = await aHotel(db, { tenantId: tenantB, name: '外滩饭店', city: '上海' });
  const roomA = await aRoomType(db, { hotelId: hotelA, name: '大床房', from: '2026-12-01', nights: 30, price: 68_800 });
  const roomP = await aRoomType(db, { hotelId: prepayA, name: '禅房', from: '2026-12-01', nights: 30, price: 45_000 });
  const roomB = await aRoomType(db, { hotelId: hotelB, name: '江景房', from: '2026-12-01', nights: 30, price: 99_900 });
  await book('zhang', hotelA, roomA, '张伟', '+86 138 0013 8000', '2026-12-10', '2026-12-12');
  await book('li', hotelA, roomA, '李娜', '13912345678', '2026-12-20', '2026-12-21');
  await book('smith', prepayA, roomP, 'John Smith', '+1 415 555 0199', '2026-12-05', '2026-12-08');
  await book('formula', hotelA, roomA, '=HYPERLINK("http://x")', '13700001111', '2026-12-15', '2026-12-16');
  await book('other', hotelB, roomB, '张三', '13800138000', '2026-12-10', '2026-12-11');
  await t.services.booking.confirm(codes.smith!, { kind: 'staff', userId: '00000000-0000-4000-8000-000000000001', role: 'operator', tenantId: tenantA });
  t.clock.advance(60_000);
  await t.services.booking.cancel(codes.li!, { kind: 'staff', userId: '00000000-0000-4000-8000-000000000001', role: 'operator', tenantId: tenantA });
}, 60_000);
afterAll(() => t?.close());

const list = (token: string, query: string) => api().get(`/v1/operator/reservations?${query}`).set(as(token)).expect(200);
const codesOf = (body: Array<{ code: string }>) => body.map((r) => r.code);

describe('searching reservations', () => {
  it('finds one by its code, whole, by its beginning, in any case', async () => {
    expect(codesOf((await list(operatorA, `q=${codes.zhang}`)).body)).toEqual([codes.zhang]);
    expect(codesOf((await list(operatorA, `q=${codes.zhang!.slice(0, 6).toLowerCase()}`)).body)).toContain(codes.zhang);
  });

  it("finds guests by part of the name, and by the phone's last four digits", async () => {
    expect(codesOf((await list(operatorA, `q=${encodeURIComponent('张')}`)).body)).toEqual([codes.zhang]);
    expect(codesOf((await list(operatorA, 'q=smith')).body)).toEqual([codes.smith]);
    expect(codesOf((await list(operatorA, 'q=8000')).body)).toEqual([codes.zhang]);
    expect((await list(operatorA, 'q=9999')).body).toEqual([]);
    // A wildcard is taken as it is written.
    expect((await list(operatorA, `q=${encodeURIComponent('%')}`)).body).toEqual([]);
  });

  it('lists newest first, pages with limit and offset, and combines the search with the filters', async () => {
    const all = codesOf((await list(operatorA, '')).body);
    expect(all).toEqual([codes.formula, codes.smith, codes.li, codes.zhang]);
    expect(codesOf((await list(operatorA, 'limit=2&offset=1')).body)).toEqual([codes.smith, codes.li]);
    expect(codesOf((await list(operatorA, `status=cancelled`)).body)).toEqual([codes.li]);
    expect(codesOf((await list(operatorA, `hotelId=${prepayA}`)).body)).toEqual([codes.smith]);
    expect(codesOf((await list(operatorA, `q=${encodeURIComponent('张')}&status=cancelled`)).body)).toEqual([]);
  });

  it("never shows another tenant's reservations", async () => {
    expect(codesOf((await list(operatorA, '')).body)).not.toContain(codes.other);
    expect(codesOf((await list(operatorA, 'q=8000')).body)).not.toContain(codes.other);
    await api().get(`/v1/operator/reservations?hotelId=${hotelB}`).set(as(operatorA)).expect(404);
    await api().get(`/v1/operator/reservations?tenantId=${tenantB}`).set(as(operatorA)).expect(404);
    expect(codesOf((await list(admin, `tenantId=${tenantB}`)).body)).toEqual([codes.other]);
    expect(codesOf((await list(admin, 'q=8000')).body).sort()).toEqual([codes.zhang, codes.other].sort());
  });

  it.each([['limit=501'], ['offset=-1'], ['status=lost'], [`q=${'x'.repeat(101)}`], ['from=tomorrow']])('refuses %s with 400', async (query) => {
    const res = await api().get(`/v1/operator/reservations?${query}`).set(as(operatorA)).expect(400);
    expect(res.body.error).toBe('invalid_request');
  });
});

describe('a reservation in detail', () => {
  it('shows the guest with the phone masked, the hotel and room, nights, total and history', async () => {
    const res = await api().get(`/v1/operator/reservations/${codes.zhang!.toLowerCase()}`).set(as(agentA)).expect(200);
    expect(res.body).toMatchObject({
      code: codes.zhang, status: 'confirmed', hotelId: hotelA, hotelName: '西湖宾馆', roomName: '大床房',
      checkIn: '2026-12-10', checkOut: '2026-12-12', nights: 2, rooms: 1, guests: 2,
      total: { amount: 137_600, currency: 'CNY' },
      guest: { name: '张伟', phone: '*******8000', phoneLast4: '8000' },
      hotel: { id: hotelA, name: '西湖宾馆', city: '杭州' },
      history: [{ status: 'confirmed', at: expect.any(String) }],
    });
    expect(JSON.stringify(res.body)).not.toContain('13800138000');
  });

  it('tells the history of a held reservation that was confirmed, and of one cancelled', async () => {
    const held = await api().get(`/v1/operator/reservations/${codes.smith}`).set(as(operatorA)).expect(200);
    expect(held.body.history.map((h: { status: string }) => h.status)).toEqual(['held', 'confirmed']);
    const cancelled = await api().get(`/v1/operator/reservations/${codes.li}`).set(as(operatorA)).expect(200);
    expect(cancelled.body.history.map((h: { status: string }) => h.status)).toEqual(['confirmed', 'cancelled']);
    const [made, gone] = cancelled.body.history as Array<{ at: string }>;
    expect(new Date(gone!.at).getTime()).toBeGreaterThan(new Date(made!.at).getTime());
  });

  it("answers another tenant's code, and one that does not exist, with the same 404", async () => {
    const foreign = await api().get(`/v1/operator/reservations/${codes.other}`).set(as(operatorA)).expect(404);
    const unknown = await api().get('/v1/operator/reservations/TD222222').set(as(operatorA)).expect(404);
    expect(foreign.body).toEqual(unknown.body);
  });
});

describe('the CSV export', () => {
  it('is UTF-8 with a byte order mark, phones masked, totals in yuan, and formulas defused', async () => {
    const res = await bytes(api().get('/v1/operator/reservations.csv').set(as(operatorA))).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    const buf = res.body as Buffer;
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buf.subarray(3).toString('utf8');
    const [header, ...lines] = text.trim().split('\n');
    expect(header).toBe('code,status,hotel_id,hotel_name,room_type_id,room_name,check_in,check_out,nights,rooms,guests,guest_name,guest_phone,total,currency,channel,booked_by,created_at,confirmed_at,cancelled_at,expired_at');
    expect(lines).toHaveLength(4);
    const zhang = lines.find((l) => l.startsWith(codes.zhang!))!;
    expect(zhang).toContain(',西湖宾馆,');
    expect(zhang).toContain(',张伟,*******8000,1376.00,CNY,');
    expect(text).not.toContain('13800138000');
    expect(text).not.toContain(codes.other);
    expect(lines.find((l) => l.startsWith(codes.formula!))).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it('takes the same filters as the list', async () => {
    const res = await bytes(api().get(`/v1/operator/reservations.csv?status=cancelled`).set(as(operatorA))).expect(200);
    const lines = (res.body as Buffer).subarray(3).toString('utf8').trim().split('\n');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([codes.li]);
    await api().get(`/v1/operator/reservations.csv?hotelId=${hotelB}`).set(as(operatorA)).expect(404);
    await api().get('/v1/operator/reservations.csv?status=lost').set(as(operatorA)).expect(400);
  });

  it('pages through more reservations than one query reads, none skipped and none twice', async () => {
    const db = t.testDb.db;
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO reservations (code, tenant_id, hotel_id, room_type_id, check_in, check_out, rooms, guests, guest_name,
         guest_phone_enc, guest_phone_hash, guest_phone_last4, nightly, total, status, created_at)
       SELECT 'TDB' || lpad(g::text, 5, '0'), h.tenant_id, h.id, rt.id, '2027-01-01', '2027-01-02', 1, 1, 'Bulk ' || g,
         'x', 'h' || g, '0000', ARRAY[100]::bigint[], 100, 'confirmed', timestamptz '2026-11-01 00:00:00.000001+00' + g * interval '1 microsecond' * (g % 3)
       FROM generate_series(1, 2100) g, hotels h JOIN room_types rt ON rt.hotel_id = h.id WHERE h.id = $1 RETURNING id`,
      [hotelA],
    );
    expect(rows).toHaveLength(2100);
    // 'TDB0': a booked code never holds a 0 (src/booking/codes.ts), so no other test's reservation matches by chance.
    const res = await bytes(api().get('/v1/operator/reservations.csv?q=TDB0').set(as(operatorA))).expect(200);
    const got = (res.body as Buffer).subarray(3).toString('utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    expect(got).toHaveLength(2100);
    expect(new Set(got).size).toBe(2100);
  });
});
