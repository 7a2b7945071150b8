// Rate limits: per IP on public endpoints, per traveller on messages and bookings, 429 with Retry-After, shared on Redis.
import { randomBytes, randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { openChatSocket } from '../../channels/web/client.ts';
import { attachWebChat } from '../../channels/web/index.ts';
import { wechatSignature } from '../../channels/wechat/index.ts';
import { startTestApp, TEST_APP_KEY, TEST_NOW, type TestApp, type TestAppOptions } from '../support/app.ts';
import { listen } from '../support/server.ts';

const WINDOW_S = 1;
const TOKEN = 'push-token';
const opened: TestApp[] = [];
afterAll(async () => {
  for (const t of opened) await t.close();
});

async function app(opts: TestAppOptions): Promise<TestApp> {
  const t = await startTestApp(opts);
  opened.push(t);
  return t;
}

function expectLimited(r: request.Response, windowS = WINDOW_S): void {
  expect(r.status).toBe(429);
  expect(r.body).toMatchObject({ error: 'rate_limited' });
  expect(typeof r.body.message).toBe('string');
  expect(Number(r.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(Number(r.headers['retry-after'])).toBeLessThanOrEqual(windowS);
}

/** A plaintext WeChat text push from `openid`, signed with the test token at the pinned clock's time. */
function push(t: TestApp, openid: string, msgId: string) {
  const timestamp = String(Math.floor(Date.parse(TEST_NOW) / 1000));
  const nonce = String(randomInt(1e9));
  const q = new URLSearchParams({ signature: wechatSignature(TOKEN, timestamp, nonce), timestamp, nonce });
  const body = JSON.stringify({ ToUserName: 'gh_97417a04a28d', FromUserName: openid, CreateTime: Number(timestamp), MsgType: 'text', Content: '你好', MsgId: msgId });
  return request(t.app).post(`/v1/wechat/callback?${q}`).set('content-type', 'application/json').send(body);
}

describe('per IP', () => {
  it('answers 429 rate_limited with Retry-After past the limit, and lets the address in again after the window', async () => {
    const t = await app({ limits: { ipPerMinute: 5, windowSeconds: WINDOW_S } });
    for (let i = 0; i < 5; i++) expect((await request(t.app).get('/v1/quotes/no-such-quote')).status).toBe(404);
    expectLimited(await request(t.app).get('/v1/quotes/no-such-quote'));
    expectLimited(await request(t.app).post('/v1/web/sessions').send({}));
    // Health checks of the load balancer are never limited.
    expect((await request(t.app).get('/healthz')).status).toBe(200);
    await sleep(WINDOW_S * 1000 + 100);
    expect((await request(t.app).post('/v1/web/sessions').send({})).status).toBe(200);
  });

  it('never limits WeChat\'s callback by address: WeChat\'s servers send every traveller\'s pushes', async () => {
    const t = await app({
      limits: { ipPerMinute: 2, windowSeconds: 60 },
      env: { WECHAT_APPID: 'wxratelimit', WECHAT_SECRET: 'secret', WECHAT_TOKEN: TOKEN, WECHAT_API_BASE: 'http://127.0.0.1:9' },
    });
    for (let i = 0; i < 6; i++) {
      const r = await push(t, `o-ip-${i}`, String(7_000_000_000_000_000 + i));
      expect([r.status, r.text]).toEqual([200, 'success']);
    }
    // Any other endpoint still is.
    expect((await request(t.app).get('/v1/quotes/no-such-quote')).status).toBe(404);
    expect((await request(t.app).get('/v1/quotes/no-such-quote')).status).toBe(404);
    expectLimited(await request(t.app).get('/v1/quotes/no-such-quote'), 60);
  });
});

describe('per traveller', () => {
  it('limits an app user\'s messages, not another user\'s, and not past the window', async () => {
    const t = await app({ limits: { travellerPerMinute: 2, windowSeconds: WINDOW_S } });
    const say = (userId: string) => request(t.app).post('/v1/app/messages').set('Authorization', `Bearer ${TEST_APP_KEY}`).send({ userId, text: '你好' });
    expect((await say('u-busy')).status).toBe(200);
    expect((await say('u-busy')).status).toBe(200);
    expectLimited(await say('u-busy'));
    expect((await say('u-calm')).status).toBe(200);
    await sleep(WINDOW_S * 1000 + 100);
    expect((await say('u-busy')).status).toBe(200);
  });

  it('limits a web traveller\'s messages and bookings by the session\'s traveller', async () => {
    const t = await app({ limits: { travellerPerMinute: 2, windowSeconds: 60 } });
    const session = (await request(t.app).post('/v1/web/sessions').send({})).body as { token: string };
    const auth = { Authorization: `Bearer ${session.token}` };
    expect((await request(t.app).post('/v1/web/messages').set(auth).send({ text: '你好' })).status).toBe(200);
    expect((await request(t.app).post('/v1/web/messages').set(auth).send({ text: '你好' })).status).toBe(200);
    expectLimited(await request(t.app).post('/v1/web/messages').set(auth).send({ text: '你好' }), 60);
    // The traveller's bookings count on the same budget.
    const booking = { hotelId: '00000000-0000-4000-8000-000000000000', roomTypeId: '00000000-0000-4000-8000-000000000001', checkIn: '2026-12-10', checkOut: '2026-12-11', rooms: 1, guests: 1, guest: { name: 'A', phone: '13800138000' } };
    const r = await request(t.app).post('/v1/reservations').set(auth).send(booking);
    expect(r.status).toBe(429);
  });

  it('limits the same traveller over the web chat\'s socket', async () => {
    const t = await app({ limits: { travellerPerMinute: 2, windowSeconds: 60 } });
    const srv = await listen(t.app);
    const chat = attachWebChat(srv.server, t.services);
    const session = (await request(t.app).post('/v1/web/sessions').send({})).body as { token: string };
    const socket = await openChatSocket(srv.url, session.token);
    try {
      await socket.ready;
      await socket.say('你好');
      // The budget is the traveller's, whichever way the message comes.
      expect((await request(t.app).post('/v1/web/messages').set('Authorization', `Bearer ${session.token}`).send({ text: '你好' })).status).toBe(200);
      await expect(socket.say('还在吗')).rejects.toThrow(/rate_limited/);
    } finally {
      await socket.close();
      await chat.close();
      await srv.close();
    }
  });

  it('acknowledges a WeChat push over the openid\'s limit but does not run it', async () => {
    const t = await app({
      limits: { travellerPerMinute: 2, windowSeconds: 60 },
      env: { WECHAT_APPID: 'wxratelimit', WECHAT_SECRET: 'secret', WECHAT_TOKEN: TOKEN, WECHAT_API_BASE: 'http://127.0.0.1:9' },
    });
    const openid = `o${randomBytes(8).toString('hex')}`;
    for (let i = 0; i < 3; i++) {
      const r = await push(t, openid, String(8_000_000_000_000_000 + i));
      expect([r.status, r.text]).toEqual([200, 'success']);
    }
    await expect.poll(async () => (await t.services.jobs.counts()).waiting).toBe(2);
    expect((await push(t, `o${randomBytes(8).toString('hex')}`, '8000000000000099')).text).toBe('success');
    await expect.poll(async () => (await t.services.jobs.counts()).waiting).toBe(3);
  });
});

describe('across instances', () => {
  it.skipIf(!process.env.REDIS_URL)('two instances on one Redis share an address\'s count', async () => {
    const prefix = `td-rl-${randomBytes(4).toString('hex')}`;
    const limits = { ipPerMinute: 4, travellerPerMinute: 2, windowSeconds: 60, prefix };
    const a = await app({ redis: true, limits });
    const b = await app({ redis: true, limits });
    expect((await request(a.app).get('/v1/quotes/no-such-quote')).status).toBe(404);
    expect((await request(b.app).get('/v1/quotes/no-such-quote')).status).toBe(404);
    expect((await request(a.app).get('/v1/quotes/no-such-quote')).status).toBe(404);
    expect((await request(b.app).get('/v1/quotes/no-such-quote')).status).toBe(404);
    expectLimited(await request(a.app).get('/v1/quotes/no-such-quote'), 60);
    expectLimited(await request(b.app).get('/v1/quotes/no-such-quote'), 60);
  });
  if (!process.env.REDIS_URL) console.log('rate-limit.test.ts: REDIS_URL is unset, so the two-instance Redis case is skipped');
});
