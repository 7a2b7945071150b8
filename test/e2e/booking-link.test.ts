// The booking link page: the quote as JSON, the page in both languages and escaped, dead links, and the booking it makes.
import vm from 'node:vm';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Quote } from '../../src/booking/index.ts';
import { aHotel, aRoomType, aTenant } from '../support/builders.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../support/app.ts';

const HOTEL_NAME = '<script>alert(1)</script> 外滩 & "Bund" 酒店';
const ESCAPED_NAME = '&lt;script&gt;alert(1)&lt;/script&gt; 外滩 &amp; &quot;Bund&quot; 酒店';
const traveller: Actor = { kind: 'traveller', travellerId: 'web:booking-link-test', channel: 'web', tenantId: null };

let t: TestApp;
let tenantId: string;
let hotelId: string;
let roomTypeId: string;

beforeAll(async () => {
  t = await startTestApp();
  tenantId = await aTenant(t.testDb.db);
  hotelId = await aHotel(t.testDb.db, { tenantId, name: HOTEL_NAME, cancelHours: 24 });
  roomTypeId = await aRoomType(t.testDb.db, { hotelId, from: '2026-12-01', nights: 30, price: 123_400 });
});
afterEach(() => t.clock.set(TEST_NOW));
afterAll(() => t?.close());

/** A quote for two nights, one room, two guests: ¥1,234 a night, ¥2,468 in all. */
function aQuote(over: Partial<{ hotelId: string; roomTypeId: string }> = {}): Promise<Quote> {
  return t.services.booking.quote(
    { hotelId, roomTypeId, checkIn: '2026-12-10', checkOut: '2026-12-12', rooms: 1, guests: 2, ...over },
    traveller,
  );
}

/** The JSON the page hands its script. */
function pageData(html: string) {
  const m = /<script type="application\/json" id="booking-data">([^<]*)<\/script>/.exec(html);
  if (!m) throw new Error('the page has no booking data');
  return JSON.parse(m[1]!) as { booking: Record<string, unknown>; api: string; lang: string; expiresInMs: number };
}

async function webToken(): Promise<string> {
  const r = await request(t.app).post('/v1/web/sessions').send({});
  expect(r.status).toBe(200);
  return r.body.token as string;
}

describe('GET /v1/quotes/:token', () => {
  it('answers the quote with the server price and expired: false while it holds', async () => {
    const q = await aQuote();
    const r = await request(t.app).get(`/v1/quotes/${q.token}`);
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.body).toMatchObject({
      token: q.token, hotelId, hotelName: HOTEL_NAME, roomTypeId, checkIn: '2026-12-10', checkOut: '2026-12-12',
      nights: 2, rooms: 1, guests: 2, pricePerNight: { amount: 123_400, currency: 'CNY' },
      total: { amount: 246_800, currency: 'CNY' }, paymentMode: 'at_hotel', expiresAt: q.expiresAt, expired: false,
    });
  });

  it('says expired: true once the quote is 30 minutes old', async () => {
    const q = await aQuote();
    t.clock.advance(31 * 60_000);
    expect((await request(t.app).get(`/v1/quotes/${q.token}`)).body.expired).toBe(true);
  });

  it.each([['unknown', 'AAAAAAAAAAAAAAAAAAAAAA'], ['malformed', '%3Cscript%3E'], ['too short', 'abc']])(
    'an %s token → 404 not_found JSON', async (_name, token) => {
      const r = await request(t.app).get(`/v1/quotes/${token}`);
      expect(r.status).toBe(404);
      expect(r.body.error).toBe('not_found');
    },
  );
});

describe('GET /b/:token, the booking page', () => {
  it('is HTML that cannot be cached, sniffed or run foreign script', async () => {
    const q = await aQuote();
    const r = await request(t.app).get(`/b/${q.token}`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['cache-control']).toBe('no-store');
    const csp = r.headers['content-security-policy'] as string;
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(r.text).toContain(`<script nonce="${nonce}">`);
    expect(r.text).toContain(`<style nonce="${nonce}">`);
    expect(r.text).not.toMatch(/ on[a-z]+=/i);
  });

  it('shows the hotel name escaped, the stay, the prices in yuan and the form, in Chinese by default', async () => {
    const q = await aQuote();
    const html = (await request(t.app).get(`/b/${q.token}`)).text;
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain(ESCAPED_NAME);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('2026年12月10日周四');
    expect(html).toContain('2026年12月12日周六');
    expect(html).toContain('¥1,234');
    expect(html).toContain('¥2,468');
    expect(html).toContain('到店付款');
    expect(html).toContain('2026年12月9日 00:00（GMT+8） 前可免费取消');
    expect(html).toContain('此报价保留至 10:30 GMT+8（约剩 30 分钟）');
    expect(html).toContain('id="booking-form"');
    expect(html).toContain('id="guest-name"');
    expect(html).toContain('id="guest-phone"');
  });

  it('hands its script exactly the booking of the quote, and the script is valid JavaScript', async () => {
    const q = await aQuote();
    const html = (await request(t.app).get(`/b/${q.token}`)).text;
    expect(pageData(html)).toMatchObject({
      api: '', lang: 'zh-CN', expiresInMs: 30 * 60_000,
      booking: { hotelId, roomTypeId, checkIn: '2026-12-10', checkOut: '2026-12-12', rooms: 1, guests: 2, quoteToken: q.token },
    });
    const script = /<script nonce="[^"]+">([\s\S]*?)<\/script>/.exec(html)?.[1];
    expect(() => new vm.Script(script ?? '')).not.toThrow();
    expect(script).toContain('Idempotency-Key');
  });

  it('speaks English for ?lang=en and for an English browser; ?lang wins over the browser', async () => {
    const q = await aQuote();
    const en = (await request(t.app).get(`/b/${q.token}?lang=en`)).text;
    expect(en).toContain('<html lang="en">');
    for (const label of ['Check-in', 'Check-out', 'Per room per night', 'Total', 'Pay at the hotel', 'Guest name', 'Book now']) {
      expect(en).toContain(label);
    }
    expect(en).toContain('Free cancellation until 9 Dec 2026, 00:00 (GMT+8)');
    expect(en).toContain('Thu, 10 Dec 2026');
    const browser = await request(t.app).get(`/b/${q.token}`).set('Accept-Language', 'en-US,en;q=0.9');
    expect(browser.text).toContain('Book now');
    const forced = await request(t.app).get(`/b/${q.token}?lang=zh-CN`).set('Accept-Language', 'en-US,en;q=0.9');
    expect(forced.text).toContain('确认预订');
  });

  it('tells a prepaid booking is held until paid', async () => {
    const prepay = await aHotel(t.testDb.db, { tenantId, paymentMode: 'prepay' });
    const room = await aRoomType(t.testDb.db, { hotelId: prepay, from: '2026-12-01' });
    const q = await aQuote({ hotelId: prepay, roomTypeId: room });
    expect((await request(t.app).get(`/b/${q.token}?lang=en`)).text).toContain('the booking is held until paid');
  });

  it.each([['unknown', 'AAAAAAAAAAAAAAAAAAAAAA'], ['malformed', '%3Cscript%3E']])(
    'an %s token → 404 HTML saying the link is invalid', async (_name, token) => {
      const r = await request(t.app).get(`/b/${token}`);
      expect(r.status).toBe(404);
      expect(r.headers['content-type']).toMatch(/^text\/html/);
      expect(r.headers['content-security-policy']).toContain('nonce-');
      expect(r.text).toContain('预订链接无效');
      expect(r.text).not.toContain('booking-form');
      expect((await request(t.app).get(`/b/${token}?lang=en`)).text).toContain('This booking link is invalid');
    },
  );

  it('an expired quote says so, sends the traveller back to the chat, and offers no form', async () => {
    const q = await aQuote();
    t.clock.advance(31 * 60_000);
    const r = await request(t.app).get(`/b/${q.token}?lang=en`);
    expect(r.status).toBe(200);
    expect(r.text).toContain('This quote has expired');
    expect(r.text).toContain('Go back to the chat');
    expect(r.text).not.toContain('booking-form');
    expect(r.text).not.toContain('booking-data');
    expect((await request(t.app).get(`/b/${q.token}`)).text).toContain('报价已过期');
  });
});

describe('the booking the page makes', () => {
  const guest = { name: 'Alice Chen', phone: '+86 138 0013 8000' };

  it('sent twice with one Idempotency-Key, makes one reservation at the quoted total even after a price rise', async () => {
    const room = await aRoomType(t.testDb.db, { hotelId, from: '2026-12-01', price: 123_400 });
    const q = await aQuote({ roomTypeId: room });
    const { booking } = pageData((await request(t.app).get(`/b/${q.token}`)).text);
    await t.testDb.db.query('UPDATE inventory SET price = 200000 WHERE room_type_id = $1', [room]);
    expect((await aQuote({ roomTypeId: room })).total.amount).toBe(400_000);
    const token = await webToken();
    const send = () => request(t.app).post('/v1/reservations').set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', 'link-0123456789abcdef').send({ ...booking, guest });
    const first = await send();
    const again = await send();
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'confirmed', hotelId, roomTypeId: room, checkIn: '2026-12-10', total: { amount: 246_800, currency: 'CNY' } });
    expect(again.status).toBe(201);
    expect(again.body.code).toBe(first.body.code);
    const made = await t.testDb.db.query<{ n: number; quote_id: string }>('SELECT count(*)::int AS n, min(quote_id::text) AS quote_id FROM reservations WHERE room_type_id = $1', [room]);
    expect(made.rows[0]).toEqual({ n: 1, quote_id: q.id });
    const night = await t.testDb.db.query<{ booked: number }>(`SELECT booked FROM inventory WHERE room_type_id = $1 AND night = '2026-12-10'`, [room]);
    expect(night.rows[0]!.booked).toBe(1);
  });

  it('sent after the quote expired → 409 quote_expired and nothing booked', async () => {
    const q = await aQuote();
    const { booking } = pageData((await request(t.app).get(`/b/${q.token}`)).text);
    t.clock.advance(31 * 60_000);
    const r = await request(t.app).post('/v1/reservations').set('Authorization', `Bearer ${await webToken()}`)
      .set('Idempotency-Key', 'link-expired').send({ ...booking, guest });
    expect(r.status).toBe(409);
    expect(r.body.error).toBe('quote_expired');
    const made = await t.testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM reservations WHERE quote_id = $1', [q.id]);
    expect(made.rows[0]!.n).toBe(0);
  });
});
