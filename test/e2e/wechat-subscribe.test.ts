// The booking confirmation notice: a traveller's accepted subscribe message, sent once when the reservation is confirmed.
import { randomBytes, randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SUBSCRIBE_SEND_JOB, SUBSCRIBE_SWEEP_JOB } from '../../channels/wechat/index.ts';
import { RESERVATION_CHANGES_TOPIC } from '../../src/compose.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { aHotel, aRoomType, aTenant, staffToken } from '../support/builders.ts';
import { PATHS, startFakeWechat, type FakeWechat } from '../support/fake-wechat.ts';

const REDIS_URL = process.env.REDIS_URL;
const APPID = `wx${randomBytes(8).toString('hex')}`;
const SECRET = randomBytes(16).toString('hex');
const TEMPLATE = '4WAZ0yFrO3v3dT8gRmLU1tB6bIbFQ9GOnhvHbCFbJmk';

let t: TestApp;
let wx: FakeWechat;
let tenantId: string;
const held = { hotelId: '', roomTypeId: '' }; // prepay: held until an operator confirms
const atHotel = { hotelId: '', roomTypeId: '' }; // pay at the hotel: confirmed when booked

beforeAll(async () => {
  wx = await startFakeWechat({ appId: APPID, secret: SECRET });
  t = await startTestApp({
    env: {
      WECHAT_APPID: APPID, WECHAT_SECRET: SECRET, WECHAT_TOKEN: 'tourdesk-push-token', WECHAT_API_BASE: wx.url,
      ...(REDIS_URL && { REDIS_URL }),
    },
    startJobs: true,
    // With Redis, the confirmation reaches the channel over Redis pub/sub, as it would on another instance.
    redis: Boolean(REDIS_URL),
  });
  const db = t.testDb.db;
  tenantId = await aTenant(db, '海岛度假集团');
  held.hotelId = await aHotel(db, { tenantId, name: '三亚海景酒店', paymentMode: 'prepay', city: '三亚' });
  held.roomTypeId = await aRoomType(db, { hotelId: held.hotelId, from: '2026-12-01', price: 50_000 });
  atHotel.hotelId = await aHotel(db, { tenantId, name: '京伦饭店', paymentMode: 'at_hotel' });
  atHotel.roomTypeId = await aRoomType(db, { hotelId: atHotel.hotelId, from: '2026-12-01', price: 56_000 });
}, 60_000);

afterAll(async () => {
  await t?.close();
  await wx?.close();
  if (REDIS_URL) {
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`*:wechat:*${APPID}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  }
});

// ---- A WeChat traveller, as the mini-program plays one ----

interface Traveller {
  openid: string;
  token: string;
}

async function aWechatTraveller(): Promise<Traveller> {
  const openid = `o${randomBytes(12).toString('base64url')}`;
  const code = `code-${randomInt(1e9)}`;
  wx.registerCode(code, openid);
  const res = await request(t.app).post('/v1/wechat/login').send({ code });
  expect(res.status, res.text).toBe(200);
  return { openid, token: res.body.token };
}

async function book(who: Traveller, stay: { hotelId: string; roomTypeId: string }): Promise<{ code: string; status: string }> {
  const res = await request(t.app).post('/v1/reservations').set('Authorization', `Bearer ${who.token}`).send({
    ...stay, checkIn: '2026-12-10', checkOut: '2026-12-12', rooms: 1, guests: 2, guest: { name: '张三', phone: '13800138000' },
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/** The mini-program's call after `wx.requestSubscribeMessage` answered accept (the fake WeChat learns of the accept). */
function subscribe(who: Traveller, body: unknown, { acceptAtWechat = true } = {}) {
  const b = body as { templateId?: unknown };
  if (acceptAtWechat && typeof b.templateId === 'string') wx.acceptSubscription(who.openid, b.templateId);
  return request(t.app).post('/v1/wechat/subscriptions').set('Authorization', `Bearer ${who.token}`).send(body as object);
}

async function confirm(code: string) {
  const op = await staffToken(t.services.keys, 'operator', tenantId);
  const res = await request(t.app).post(`/v1/operator/reservations/${code}/confirm`).set('Authorization', `Bearer ${op}`);
  expect(res.status, res.text).toBe(200);
  expect(res.body.status).toBe('confirmed');
}

const notices = (openid: string) => wx.callsTo(PATHS.subscribe).filter((c) => c.body?.touser === openid);

async function waitForNotice(openid: string) {
  await vi.waitFor(() => expect(wx.subscribed(openid).length).toBeGreaterThanOrEqual(1), { timeout: 5000, interval: 20 });
  return wx.subscribed(openid)[0];
}

/** The row once the worker has written what WeChat answered (the fake records a call before it answers). */
async function settledRow(code: string) {
  await vi.waitFor(async () => expect((await subscriptionRow(code))[0]?.status).not.toBe('pending'), { timeout: 5000, interval: 20 });
  return subscriptionRow(code);
}

async function subscriptionRow(code: string) {
  const { rows } = await t.testDb.db.query<{ status: string; attempts: number; last_error: string | null; traveller_id: string }>(
    `SELECT w.status, w.attempts, w.last_error, w.traveller_id FROM wechat_subscriptions w
     JOIN reservations r ON r.id = w.reservation_id WHERE r.code = $1`,
    [code],
  );
  return rows;
}

/** Runs the sweep job once, as its repeat would, and lets what it queued finish. */
async function sweepNow() {
  await t.services.jobs.enqueue(SUBSCRIBE_SWEEP_JOB, {});
  await sleep(300);
}

// ---- The notice ----

describe('the booking confirmation notice', () => {
  it('accepted for a held booking: nothing until an operator confirms it, then one subscribe/send with the right fields', async () => {
    const who = await aWechatTraveller();
    const { code, status } = await book(who, held);
    expect(status).toBe('held');
    const res = await subscribe(who, { templateId: TEMPLATE, reservationCode: code });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toEqual({ reservationCode: code, templateId: TEMPLATE, status: 'pending' });
    await sleep(200);
    expect(notices(who.openid)).toEqual([]);

    await confirm(code);
    const notice = await waitForNotice(who.openid);
    expect(notice).toEqual({
      touser: who.openid,
      template_id: TEMPLATE,
      page: 'pages/bookings/index',
      data: {
        character_string1: { value: code },
        thing2: { value: '三亚海景酒店' },
        date3: { value: '2026年12月10日' },
        date4: { value: '2026年12月12日' },
        amount5: { value: '¥1000.00' },
      },
    });
    expect(notices(who.openid)[0]!.token).toBe(wx.currentToken);
    expect(await settledRow(code)).toEqual([{ status: 'sent', attempts: 1, last_error: null, traveller_id: `wechat:${who.openid}` }]);
  });

  it('exactly once: confirmed twice, accepted twice, the event repeated, the sweep and a stray job run — one notice', async () => {
    const who = await aWechatTraveller();
    const { code } = await book(who, held);
    expect((await subscribe(who, { templateId: TEMPLATE, reservationCode: code })).status).toBe(201);
    await confirm(code);
    await waitForNotice(who.openid);
    await settledRow(code);

    await confirm(code); // the operator's retry: unchanged, no second change
    // The traveller accepted twice at WeChat (two messages allowed there), but it is one notice for one reservation.
    const again = await subscribe(who, { templateId: TEMPLATE, reservationCode: code });
    expect([again.status, again.body.status]).toEqual([200, 'sent']);
    await t.services.events.publish(RESERVATION_CHANGES_TOPIC, { code, status: 'confirmed' });
    const { rows } = await t.testDb.db.query<{ id: string }>('SELECT w.id FROM wechat_subscriptions w JOIN reservations r ON r.id = w.reservation_id WHERE r.code = $1', [code]);
    await t.services.jobs.enqueue(SUBSCRIBE_SEND_JOB, { id: rows[0]!.id });
    await sweepNow();
    expect(notices(who.openid)).toHaveLength(1);
    expect(await subscriptionRow(code)).toMatchObject([{ status: 'sent', attempts: 1 }]);
  });

  it('a pay-at-hotel booking is confirmed already: the notice goes right after the accept', async () => {
    const who = await aWechatTraveller();
    const { code, status } = await book(who, atHotel);
    expect(status).toBe('confirmed');
    const res = await subscribe(who, { templateId: TEMPLATE, reservationCode: code.toLowerCase() });
    expect(res.status, res.text).toBe(201);
    expect(res.body.reservationCode).toBe(code);
    const notice = await waitForNotice(who.openid);
    expect(notice.data).toEqual({
      character_string1: { value: code },
      thing2: { value: '京伦饭店' },
      date3: { value: '2026年12月10日' },
      date4: { value: '2026年12月12日' },
      amount5: { value: '¥1120.00' },
    });
    await sleep(200);
    expect(notices(who.openid)).toHaveLength(1);
  });

  it('without an accept, a confirmation sends no notice', async () => {
    const who = await aWechatTraveller();
    const { code } = await book(who, held);
    await confirm(code);
    await sweepNow();
    expect(notices(who.openid)).toEqual([]);
    expect(await subscriptionRow(code)).toEqual([]);
  });

  it('the sweep sends a notice whose confirmation event was missed', async () => {
    const who = await aWechatTraveller();
    const { code } = await book(who, held);
    expect((await subscribe(who, { templateId: TEMPLATE, reservationCode: code })).status).toBe(201);
    // Confirmed behind the service's back: no event reaches the channel.
    await t.testDb.db.query(`UPDATE reservations SET status = 'confirmed', confirmed_at = now() WHERE code = $1`, [code]);
    await sleep(100);
    expect(notices(who.openid)).toEqual([]);
    await sweepNow();
    expect((await waitForNotice(who.openid)).data.character_string1).toEqual({ value: code });
    expect(notices(who.openid)).toHaveLength(1);
  });
});

describe('WeChat answers to a notice', () => {
  it('43101 (the traveller turned notices off): failed, with the reason, and not tried again', async () => {
    const who = await aWechatTraveller();
    const { code } = await book(who, held);
    expect((await subscribe(who, { templateId: TEMPLATE, reservationCode: code })).status).toBe(201);
    wx.script(PATHS.subscribe, { errcode: 43101, errmsg: 'user refuse to accept the msg' });
    await confirm(code);
    expect(await settledRow(code)).toMatchObject([{ status: 'failed', attempts: 1, last_error: '43101 user refuse to accept the msg' }]);
    await sweepNow();
    // The in-process queue would retry a failed job after 1 s; this one is done.
    await sleep(1200);
    expect(notices(who.openid).map((c) => c.answer.errcode)).toEqual([43101]);
  });

  it('-1 (busy) is retried by the client: one notice delivered', async () => {
    const who = await aWechatTraveller();
    const { code } = await book(who, held);
    expect((await subscribe(who, { templateId: TEMPLATE, reservationCode: code })).status).toBe(201);
    wx.script(PATHS.subscribe, { errcode: -1 });
    await confirm(code);
    await waitForNotice(who.openid);
    expect(notices(who.openid).map((c) => c.answer.errcode)).toEqual([-1, 0]);
    expect(await settledRow(code)).toMatchObject([{ status: 'sent', attempts: 1 }]);
  });

  it('5xx on every try of the client: the job tries again later and the notice goes once', async () => {
    const who = await aWechatTraveller();
    const { code } = await book(who, held);
    expect((await subscribe(who, { templateId: TEMPLATE, reservationCode: code })).status).toBe(201);
    wx.script(PATHS.subscribe, { status: 502 }, { status: 502 }, { status: 502 }, { status: 502 });
    await confirm(code);
    await vi.waitFor(() => expect(wx.subscribed(who.openid)).toHaveLength(1), { timeout: 10_000, interval: 50 });
    expect(notices(who.openid).map((c) => c.status)).toEqual([502, 502, 502, 502, 200]);
    expect(await settledRow(code)).toMatchObject([{ status: 'sent', attempts: 2, last_error: null }]);
  });
});

describe('POST /v1/wechat/subscriptions refuses', () => {
  it('bad input with 400, and records nothing', async () => {
    const who = await aWechatTraveller();
    const { code } = await book(who, held);
    const bodies: unknown[] = [
      {},
      { templateId: TEMPLATE },
      { reservationCode: code },
      { templateId: '', reservationCode: code },
      { templateId: 'x'.repeat(65), reservationCode: code },
      { templateId: 'not a template!', reservationCode: code },
      { templateId: 42, reservationCode: code },
      { templateId: TEMPLATE, reservationCode: 'nope' },
      { templateId: TEMPLATE, reservationCode: `${code}' OR '1'='1` },
      { templateId: TEMPLATE, reservationCode: code, openid: 'o-someone-else' },
    ];
    for (const body of bodies) {
      const res = await subscribe(who, body, { acceptAtWechat: false });
      expect([res.status, res.body.error], JSON.stringify(body)).toEqual([400, 'invalid_request']);
    }
    const broken = await request(t.app).post('/v1/wechat/subscriptions').set('Authorization', `Bearer ${who.token}`)
      .set('content-type', 'application/json').send('{"templateId":');
    expect(broken.status).toBe(400);
    expect(await subscriptionRow(code)).toEqual([]);
    // 64 characters is still a template id.
    expect((await subscribe(who, { templateId: 'a'.repeat(64), reservationCode: code })).status).toBe(201);
  });

  it("another traveller's reservation, or an unknown one, with 404", async () => {
    const owner = await aWechatTraveller();
    const other = await aWechatTraveller();
    const { code } = await book(owner, atHotel);
    const res = await subscribe(other, { templateId: TEMPLATE, reservationCode: code });
    expect([res.status, res.body.error]).toEqual([404, 'not_found']);
    const unknown = await subscribe(other, { templateId: TEMPLATE, reservationCode: 'TD222222' });
    expect([unknown.status, unknown.body.error]).toEqual([404, 'not_found']);
    await sleep(200);
    expect(await subscriptionRow(code)).toEqual([]);
    expect(notices(other.openid)).toEqual([]);
    expect(notices(owner.openid)).toEqual([]);
  });

  it('a cancelled reservation with 409', async () => {
    const who = await aWechatTraveller();
    const { code } = await book(who, held);
    const cancel = await request(t.app).post(`/v1/reservations/${code}/cancel`).set('Authorization', `Bearer ${who.token}`);
    expect(cancel.status, cancel.text).toBe(200);
    const res = await subscribe(who, { templateId: TEMPLATE, reservationCode: code });
    expect([res.status, res.body.error]).toEqual([409, 'conflict']);
  });

  it('without a WeChat traveller token: 401 without one, 403 with a web traveller token', async () => {
    const { code } = await book(await aWechatTraveller(), held);
    const none = await request(t.app).post('/v1/wechat/subscriptions').send({ templateId: TEMPLATE, reservationCode: code });
    expect(none.status).toBe(401);
    const web = await request(t.app).post('/v1/web/sessions').send({});
    const res = await request(t.app).post('/v1/wechat/subscriptions').set('Authorization', `Bearer ${web.body.token}`)
      .send({ templateId: TEMPLATE, reservationCode: code });
    expect(res.status).toBe(403);
  });

  it('and WeChat saw only well-formed calls, none beyond an accept', () => {
    expect(wx.problems).toEqual([]);
  });
});
