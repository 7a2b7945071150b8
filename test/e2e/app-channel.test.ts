// The app channel of CONTRACT.md: a server key, validated bodies, the response shape, and the SSE stream of later
// messages.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestApp, TEST_APP_KEY, type TestApp } from '../support/app.ts';
import { aHotel, aRoomType, aTenant } from '../support/builders.ts';
import { lastToolResult } from '../support/conversation.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';
import { listen, type Listening } from '../support/server.ts';
import { openSse } from '../support/sse.ts';

let t: TestApp;
let llm: FakeLlm;
let server: Listening;
let hotelId = '';
let roomTypeId = '';

const useRedis = Boolean(process.env.REDIS_URL);
const KEY = `Bearer ${TEST_APP_KEY}`;

beforeAll(async () => {
  llm = await startFakeLlm();
  // With REDIS_URL the SSE stream hears its events through Redis pub/sub, as another instance's would arrive.
  t = await startTestApp({ env: { LLM_BASE_URL: llm.url, LLM_MODEL: 'fake-app' }, redis: useRedis });
  server = await listen(t.app);
  const tenantId = await aTenant(t.testDb.db);
  hotelId = await aHotel(t.testDb.db, { tenantId, city: '北京', tier: 'budget', name: '如家快捷酒店(王府井店)' });
  roomTypeId = await aRoomType(t.testDb.db, { hotelId, from: '2026-12-01', nights: 40, price: 32_000 });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await t?.close();
  await llm?.close();
});
beforeEach(() => llm.reset());

const post = (body: unknown, auth: string | null = KEY) => {
  const r = request(t.app).post('/v1/app/messages');
  return auth === null ? r.send(body as object) : r.set('Authorization', auth).send(body as object);
};

// ---- The contract's shapes (extra fields are allowed; named ones must be there as named). ----
const money = z.object({ amount: z.number().int(), currency: z.literal('CNY') });
const hotelCard = z.object({
  kind: z.literal('hotel'), tier: z.enum(['budget', 'comfort', 'luxury']), hotelId: z.string(), roomTypeId: z.string(),
  name: z.string(), roomName: z.string(), pricePerNight: money, total: money, bookingUrl: z.string().url(),
});
const reply = z.object({
  type: z.literal('message'),
  text: z.string(),
  cards: z.array(hotelCard).optional(),
  actions: z.array(z.object({ title: z.string(), value: z.string() })).optional(),
  handoff: z.literal(true).optional(),
});
const messageResponse = z.object({ conversationId: z.uuid(), replies: z.array(reply) });

describe('the server key', () => {
  it('no key → 401', async () => {
    const r = await post({ userId: 'u1', text: '你好' }, null);
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ error: 'unauthorized', message: expect.any(String) });
  });

  it('a wrong key (same length, another length, another scheme) → 401', async () => {
    const sameLength = `Bearer ${'x'.repeat(TEST_APP_KEY.length)}`;
    for (const auth of [sameLength, 'Bearer nope', `Basic ${TEST_APP_KEY}`]) {
      const r = await post({ userId: 'u1', text: '你好' }, auth);
      expect(r.status, auth).toBe(401);
      expect(r.body.error).toBe('unauthorized');
    }
    expect(llm.requests).toHaveLength(0);
  });

  it('the events stream wants the key too', async () => {
    const r = await request(t.app).get(`/v1/app/conversations/${randomUUID()}/events`);
    expect(r.status).toBe(401);
  });

  it('APP_API_KEY unset → the channel is off', async () => {
    const off = await startTestApp({ env: { APP_API_KEY: '' } });
    try {
      expect(off.services.config.appApiKey).toBeUndefined();
      for (const auth of [KEY, 'Bearer ', '']) {
        const r = await request(off.app).post('/v1/app/messages').set('Authorization', auth).send({ userId: 'u1', text: '你好' });
        expect(r.status, auth).toBe(404);
        expect(r.body.error).toBe('not_found');
      }
      const events = await request(off.app).get(`/v1/app/conversations/${randomUUID()}/events`).set('Authorization', KEY);
      expect(events.status).toBe(404);
      expect((await off.testDb.db.query('SELECT 1 FROM conversations')).rowCount).toBe(0);
    } finally {
      await off.close();
    }
  });
});

describe('validation: a body that fails it is a 400 with the zod issues under details; the bot never runs', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['a missing userId', { text: '你好' }, 'userId'],
    ['an empty userId', { userId: '  ', text: '你好' }, 'userId'],
    ['an empty text', { userId: 'u1', text: '' }, 'text'],
    ['a text of only spaces', { userId: 'u1', text: '   ' }, 'text'],
    ['a 5,000-character text', { userId: 'u1', text: '好'.repeat(5_000) }, 'text'],
    ['a conversationId that is not a UUID', { userId: 'u1', text: '你好', conversationId: 'conv-1' }, 'conversationId'],
    ['an unknown locale', { userId: 'u1', text: '你好', locale: 'fr' }, 'locale'],
  ];
  for (const [what, body, field] of cases) {
    it(`${what} → 400 naming ${field}`, async () => {
      const r = await post(body);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ error: 'invalid_request', message: expect.any(String) });
      expect(r.body.details.map((i: { path: unknown[] }) => i.path[0])).toContain(field);
      expect(llm.requests).toHaveLength(0);
    });
  }

  it('a body that is not JSON → 400', async () => {
    const r = await request(t.app).post('/v1/app/messages').set('Authorization', KEY).set('content-type', 'application/json').send('{"userId":');
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('invalid_json');
  });

  it('another user\'s conversationId → 404, and nothing is added to that conversation', async () => {
    llm.script({ content: '您好！' });
    const mine = await post({ userId: 'owner', text: '你好' });
    expect(mine.status).toBe(200);
    const before = (await t.testDb.db.query('SELECT 1 FROM messages WHERE conversation_id = $1', [mine.body.conversationId])).rowCount;

    const r = await post({ userId: 'intruder', text: '我的订单呢', conversationId: mine.body.conversationId });

    expect(r.status).toBe(404);
    expect(r.body.error).toBe('not_found');
    expect((await t.testDb.db.query('SELECT 1 FROM messages WHERE conversation_id = $1', [mine.body.conversationId])).rowCount).toBe(before);
  });

  it('an unknown conversationId → 404', async () => {
    const r = await post({ userId: 'u1', text: '你好', conversationId: randomUUID() });
    expect(r.status).toBe(404);
  });
});

describe('the response shape of CONTRACT.md', () => {
  it('{conversationId, replies: [{type: "message", text, cards?, actions?, handoff?}]}, through a whole booking talk', async () => {
    const userId = 'shape';
    // Plain text.
    llm.script({ content: '您好！请问您想住哪个城市？' });
    const hello = await post({ userId, text: '你好', locale: 'zh-CN' });
    expect(hello.status).toBe(200);
    expect(hello.headers['content-type']).toMatch(/^application\/json/);
    expect(messageResponse.parse(hello.body)).toEqual({ conversationId: expect.any(String), replies: [{ type: 'message', text: '您好！请问您想住哪个城市？' }] });
    const conversationId = hello.body.conversationId as string;

    // Cards.
    llm.script(
      { toolCalls: [{ name: 'search_hotels', arguments: { city: '北京', checkIn: '2026-12-10', checkOut: '2026-12-12', guests: 2 } }] },
      { content: '为您找到以下酒店。' },
    );
    const found = await post({ userId, conversationId, text: '北京，12月10日到12日，两个人' });
    const withCards = messageResponse.parse(found.body);
    expect(withCards.conversationId).toBe(conversationId);
    expect(withCards.replies[0]!.cards).toEqual([expect.objectContaining({ kind: 'hotel', tier: 'budget', hotelId, roomTypeId, pricePerNight: { amount: 32_000, currency: 'CNY' }, total: { amount: 64_000, currency: 'CNY' } })]);

    // Actions.
    llm.script(
      { toolCalls: [{ name: 'prepare_booking', arguments: { hotelId, roomTypeId, checkIn: '2026-12-10', checkOut: '2026-12-12', rooms: 1, guests: 2, guestName: '张三', guestPhone: '13800138000' } }] },
      (req) => ({ content: `共¥${lastToolResult<{ quote: { total: { amount: number } } }>(req).quote.total.amount / 100}，确认预订吗？` }),
    );
    const summary = messageResponse.parse((await post({ userId, conversationId, text: '订经济型，张三，13800138000' })).body);
    expect(summary.replies[0]!.actions?.map((x) => x.title)).toEqual(['确认预订', '先不订']);

    // Handoff.
    llm.script({ toolCalls: [{ name: 'handoff_to_human', arguments: { reason: '客人要求人工' } }] }, { content: '好的。' });
    const human = messageResponse.parse((await post({ userId, conversationId, text: '转人工' })).body);
    expect(human.replies[0]!.handoff).toBe(true);
  });

  it('an English message (locale en) is answered in the same shape', async () => {
    llm.script({ content: 'Hello! Which city would you like to stay in?' });
    const r = await post({ userId: 'en-user', text: 'Hello, I need a hotel', locale: 'en' });
    expect(messageResponse.parse(r.body).replies).toEqual([{ type: 'message', text: 'Hello! Which city would you like to stay in?' }]);
  });
});

describe('the events stream (SSE)', () => {
  async function appConversation(userId: string): Promise<string> {
    llm.script({ content: '您好！' });
    const r = await post({ userId, text: '你好' });
    expect(r.status).toBe(200);
    return r.body.conversationId as string;
  }

  it('receives an event published for conversation:<id>, and not one of another conversation', async () => {
    const id = await appConversation('sse-user');
    const other = await appConversation('sse-other');
    const stream = await openSse(`${server.url}/v1/app/conversations/${id}/events`, { authorization: KEY });
    try {
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect((await stream.next()).comments).toContain('connected');

      await t.services.events.publish(`conversation:${other}`, { type: 'agent_reply', text: '不是给你的' });
      const event = { type: 'agent_reply', reply: { type: 'message', text: '您好，我是客服小王。' } };
      await t.services.events.publish(`conversation:${id}`, event);

      const block = await stream.next();
      expect(block.event).toBe('message');
      expect(JSON.parse(block.data!)).toEqual(event);
    } finally {
      stream.close();
    }
  });

  it('an unknown conversation → 404', async () => {
    const r = await request(t.app).get(`/v1/app/conversations/${randomUUID()}/events`).set('Authorization', KEY);
    expect(r.status).toBe(404);
    expect(r.body.error).toBe('not_found');
  });

  it('an id that is not a UUID → 404', async () => {
    const r = await request(t.app).get('/v1/app/conversations/not-a-uuid/events').set('Authorization', KEY);
    expect(r.status).toBe(404);
  });

  it('a conversation of another channel (web) → 404', async () => {
    const web = await t.services.travellers.startSession({ channel: 'web' });
    const r = await request(t.app).get(`/v1/app/conversations/${web.conversationId}/events`).set('Authorization', KEY);
    expect(r.status).toBe(404);
    expect(r.body.error).toBe('not_found');
  });
});
