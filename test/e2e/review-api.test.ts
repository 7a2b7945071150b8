// Conversation review over HTTP: real conversations with the offline model, listed with their outcome and numbers,
// filtered, paged and opened turn by turn, each tenant seeing only its own.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfflineChatModel } from '../../src/model/offline/index.ts';
import { startTestApp, TEST_APP_KEY, type TestApp } from '../support/app.ts';
import { aHotel, aRoomType, aTenant, aUser, staffToken } from '../support/builders.ts';
import { engine } from '../support/db.ts';

let t: TestApp;
const api = () => request(t.app);
const as = (tok: string) => ({ Authorization: `Bearer ${tok}` });
const tok = { opA: '', agentA: '', opB: '', admin: '' };
const A = { tenant: '', budget: '', comfort: '', luxury: '', guangzhou: '' };
const B = { tenant: '', hotel: '' };
/** Conversation ids by name. */
const conv: Record<'booker' | 'human' | 'gibberish' | 'faq' | 'shanghai' | 'web' | 'late', string> = {
  booker: '', human: '', gibberish: '', faq: '', shanghai: '', web: '', late: '',
};
let code = '';

/** One message on the app channel; the conversation id of the reply. */
async function says(userId: string, text: string, opts: { tenantId?: string; conversationId?: string } = {}): Promise<string> {
  const r = await api().post('/v1/app/messages').set(as(TEST_APP_KEY)).send({ userId, text, ...opts });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.conversationId as string;
}

async function list(token: string, query: Record<string, string | number | boolean> = {}) {
  const r = await api().get('/v1/operator/conversations').query(query).set(as(token));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { items: Array<Record<string, unknown> & { id: string }>; next: string | null };
}
const ids = async (token: string, query: Record<string, string | number | boolean> = {}) =>
  new Set((await list(token, { limit: 100, ...query })).items.map((i) => i.id));

beforeAll(async () => {
  t = await startTestApp({ model: new OfflineChatModel() });
  const db = t.testDb.db;
  A.tenant = await aTenant(db, '京华酒店集团');
  B.tenant = await aTenant(db, '申城酒店');
  A.budget = await aHotel(db, { tenantId: A.tenant, city: '北京', tier: 'budget', name: '如家快捷酒店(王府井店)' });
  A.comfort = await aHotel(db, { tenantId: A.tenant, city: '北京', tier: 'comfort', name: '京伦饭店' });
  A.luxury = await aHotel(db, { tenantId: A.tenant, city: '北京', tier: 'luxury', name: '北京王府半岛酒店' });
  A.guangzhou = await aHotel(db, { tenantId: A.tenant, city: '广州', tier: 'comfort', name: '广州花园酒店' });
  B.hotel = await aHotel(db, { tenantId: B.tenant, city: '上海', tier: 'budget', name: '锦江之星(外滩店)' });
  for (const [hotelId, price] of [[A.budget, 32_000], [A.comfort, 56_000], [A.luxury, 128_000], [A.guangzhou, 50_000], [B.hotel, 25_000]] as const) {
    await aRoomType(db, { hotelId, from: '2026-12-01', nights: 40, price });
  }
  const user = async (role: 'admin' | 'operator' | 'agent', tenantId: string | null) =>
    staffToken(t.services.keys, role, tenantId, (await aUser(db, { role, tenantId })).id);
  tok.opA = await user('operator', A.tenant);
  tok.agentA = await user('agent', A.tenant);
  tok.opB = await user('operator', B.tenant);
  tok.admin = await user('admin', null);

  // A traveller of no tenant books A's comfort hotel.
  conv.booker = await says('booker', '12月10日到12日在北京住两晚，两个人');
  await says('booker', '订舒适型那家，张三 13800138000', { conversationId: conv.booker });
  await says('booker', '确认', { conversationId: conv.booker });
  code = (await db.query<{ code: string }>(`SELECT code FROM reservations WHERE traveller_id = 'app:booker'`)).rows[0]!.code;
  // B's traveller asks for a person; A's traveller is not understood and goes to a person too.
  conv.human = await says('human', '我要转人工', { tenantId: B.tenant });
  conv.gibberish = await says('gibberish', 'asdkj qwpoe zxmnv', { tenantId: A.tenant });
  // Questions and a search that end nowhere.
  conv.faq = await says('faq', '你们可以开发票吗？', { tenantId: A.tenant });
  conv.shanghai = await says('shanghai', '12月10日到12日在上海住两晚，两个人');
  const web = await api().post('/v1/web/sessions').send({ tenantId: A.tenant }).expect(200);
  conv.web = web.body.conversationId;
  await api().post('/v1/web/messages').set(as(web.body.token)).send({ text: '你好' }).expect(200);
  // Half an hour later, one more starts.
  t.clock.advance(31 * 60_000);
  conv.late = await says('late', '你好', { tenantId: A.tenant });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe(`the review list (${engine})`, () => {
  it('shows a tenant its own conversations, those handed to it and those that quoted or booked its hotels, and no others', async () => {
    expect(await ids(tok.opA)).toEqual(new Set([conv.booker, conv.gibberish, conv.faq, conv.web, conv.late]));
    expect(await ids(tok.agentA)).toEqual(await ids(tok.opA));
    expect(await ids(tok.opB)).toEqual(new Set([conv.human, conv.shanghai]));
    expect(await ids(tok.admin)).toEqual(new Set(Object.values(conv)));
  });

  it('gives each conversation its outcome: booked, handed off, abandoned after 30 quiet minutes, or open', async () => {
    const items = new Map((await list(tok.admin, { limit: 100 })).items.map((i) => [i.id, i.outcome]));
    expect(Object.fromEntries(Object.entries(conv).map(([name, id]) => [name, items.get(id)]))).toEqual({
      booker: 'booked', human: 'handed_off', gibberish: 'handed_off', faq: 'abandoned', shanghai: 'abandoned', web: 'abandoned', late: 'open',
    });
  });

  it('lists the numbers of a conversation: turns, lowest confidence, guard hits, handoff reason, reservation codes', async () => {
    const items = (await list(tok.opA, { limit: 100 })).items;
    const booker = items.find((i) => i.id === conv.booker)!;
    const { rows } = await t.testDb.db.query<{ min: number }>('SELECT min(confidence)::float8 AS min FROM turn_traces WHERE conversation_id = $1', [conv.booker]);
    expect(booker).toMatchObject({
      channel: 'app', tenantId: null, turns: 3, guardHits: 0, handoffReason: null, reservationCodes: [code], corrections: 0, outcome: 'booked',
    });
    expect(booker.minConfidence).toBeCloseTo(rows[0]!.min, 3);
    expect(Date.parse(booker.lastMessageAt as string)).toBeGreaterThan(Date.parse('2026-12-01T00:00:00Z'));
    const gibberish = items.find((i) => i.id === conv.gibberish)!;
    const handoff = await t.testDb.db.query<{ reason: string }>('SELECT reason FROM handoffs WHERE conversation_id = $1', [conv.gibberish]);
    expect(gibberish.handoffReason).toBe(handoff.rows[0]!.reason);
    expect(gibberish.tenantId).toBe(A.tenant);
  });

  it('filters by outcome', async () => {
    expect(await ids(tok.opA, { outcome: 'booked' })).toEqual(new Set([conv.booker]));
    expect(await ids(tok.opA, { outcome: 'handed_off' })).toEqual(new Set([conv.gibberish]));
    expect(await ids(tok.opA, { outcome: 'abandoned' })).toEqual(new Set([conv.faq, conv.web]));
    expect(await ids(tok.opA, { outcome: 'open' })).toEqual(new Set([conv.late]));
    expect(await ids(tok.opB, { outcome: 'booked' })).toEqual(new Set());
  });

  it('filters by channel', async () => {
    expect(await ids(tok.opA, { channel: 'web' })).toEqual(new Set([conv.web]));
    expect(await ids(tok.opA, { channel: 'app' })).toEqual(new Set([conv.booker, conv.gibberish, conv.faq, conv.late]));
    expect(await ids(tok.opA, { channel: 'wechat' })).toEqual(new Set());
  });

  it('filters by hotel: the conversations whose tools named it or that quoted or booked it', async () => {
    expect(await ids(tok.opA, { hotelId: A.comfort })).toEqual(new Set([conv.booker]));
    expect(await ids(tok.opA, { hotelId: A.guangzhou })).toEqual(new Set());
    expect(await ids(tok.opB, { hotelId: B.hotel })).toEqual(new Set([conv.shanghai]));
  });

  it('filters turns below the handoff threshold with lowConfidence', async () => {
    const low = await ids(tok.admin, { lowConfidence: true });
    const { rows } = await t.testDb.db.query<{ conversation_id: string }>('SELECT DISTINCT conversation_id FROM turn_traces WHERE confidence < 0.5');
    expect(low).toEqual(new Set(rows.map((r) => r.conversation_id)));
    expect(low.has(conv.gibberish)).toBe(true);
    expect(low.has(conv.booker)).toBe(false);
    const high = await ids(tok.admin, { lowConfidence: false });
    expect([...high].some((id) => low.has(id))).toBe(false);
    expect(high.size + low.size).toBe(Object.keys(conv).length);
  });

  it('filters by the start day, read in the hotels\' time zone, both days included', async () => {
    await t.testDb.db.query(`UPDATE conversations SET created_at = '2026-11-20T15:30:00Z' WHERE id = $1`, [conv.booker]); // 23:30 in Shanghai
    await t.testDb.db.query(`UPDATE conversations SET created_at = '2026-11-20T16:30:00Z' WHERE id = $1`, [conv.faq]); // 00:30 on the 21st
    expect(await ids(tok.opA, { from: '2026-11-20', to: '2026-11-20' })).toEqual(new Set([conv.booker]));
    expect(await ids(tok.opA, { from: '2026-11-21', to: '2026-11-21' })).toEqual(new Set([conv.faq]));
    expect((await ids(tok.opA, { from: '2026-11-22' })).has(conv.booker)).toBe(false);
    expect(await ids(tok.opA, { to: '2026-11-21' })).toEqual(new Set([conv.booker, conv.faq]));
    // A conversation moved before its messages keeps its outcome: its window starts at the earlier of the two.
    expect((await list(tok.opA, { outcome: 'booked' })).items.map((i) => i.id)).toEqual([conv.booker]);
  });

  it('pages newest first with a cursor, each conversation once', async () => {
    const all = (await list(tok.admin, { limit: 100 })).items.map((i) => i.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(tok.admin, { limit: 2, ...(cursor && { cursor }) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.next;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 2));
    const started = (await list(tok.admin, { limit: 100 })).items.map((i) => Date.parse(i.startedAt as string));
    expect(started).toEqual([...started].sort((a, b) => b - a));
  });

  it('answers 400 for a bad filter or cursor, 404 for another tenant\'s hotel, 401 without a token and 403 for a traveller', async () => {
    for (const query of [{ outcome: 'won' }, { channel: 'fax' }, { limit: 0 }, { limit: 101 }, { lowConfidence: 'yes' }, { from: '2026-13-01' }, { cursor: 'bm9wZQ' }, { from: '2026-12-02', to: '2026-12-01' }, { sort: 'asc' }]) {
      const r = await api().get('/v1/operator/conversations').query(query).set(as(tok.opA));
      expect(r.status, JSON.stringify(query)).toBe(400);
      expect(r.body.error).toBe('invalid_request');
    }
    expect((await api().get('/v1/operator/conversations').query({ hotelId: B.hotel }).set(as(tok.opA))).status).toBe(404);
    expect((await api().get('/v1/operator/conversations')).status).toBe(401);
    const traveller = await api().post('/v1/web/sessions').send({}).expect(200);
    expect((await api().get('/v1/operator/conversations').set(as(traveller.body.token))).status).toBe(403);
  });
});

describe(`one conversation turn by turn (${engine})`, () => {
  it('shows every message, and every turn with its tool calls, arguments, results, confidence and replies', async () => {
    const r = await api().get(`/v1/operator/conversations/${conv.booker}`).set(as(tok.opA)).expect(200);
    const { conversation, messages, turns, handoffs, corrections } = r.body;
    expect(conversation).toMatchObject({ id: conv.booker, outcome: 'booked', reservationCodes: [code], travellerId: 'app:booker' });
    expect(messages.map((m: { author: string }) => m.author)).toEqual(['traveller', 'bot', 'traveller', 'bot', 'traveller', 'bot']);
    expect(turns.map((x: { steps: Array<{ tool: string }> }) => x.steps.map((s) => s.tool))).toEqual([['search_hotels'], ['prepare_booking'], ['confirm']]);
    expect(turns[1].steps[0].arguments).toMatchObject({ hotelId: A.comfort, checkIn: '2026-12-10', checkOut: '2026-12-12', guestName: '张三' });
    expect(turns[1].steps[0].error).toBeNull();
    expect(turns[2].steps[0].result).toMatchObject({ booked: true, reservation: { code, status: 'confirmed' } });
    for (const [i, turn] of turns.entries()) {
      expect(turn.messageId).toBe(messages[2 * i].id);
      expect(turn.replyMessageIds).toEqual([messages[2 * i + 1].id]);
      expect(turn).toMatchObject({ model: 'offline', guardHits: [] });
      expect(turn.confidence).toBeGreaterThan(0.5);
      expect(turn.tokens).toEqual({ prompt: expect.any(Number), completion: expect.any(Number) });
      expect(typeof turn.latencyMs).toBe('number');
    }
    expect(messages[5].text).toContain(code);
    expect(turns[2].reply).toBe(messages[5].text);
    expect(handoffs).toEqual([]);
    expect(corrections).toEqual([]);
  });

  it('masks the guest\'s phone number everywhere', async () => {
    const r = await api().get(`/v1/operator/conversations/${conv.booker}`).set(as(tok.opA)).expect(200);
    expect(r.text).not.toMatch(/13800138000|138 0013 8000/);
    expect(r.text).toContain('138****8000');
  });

  it('shows a handoff with every move of it', async () => {
    const r = await api().get(`/v1/operator/conversations/${conv.human}`).set(as(tok.opB)).expect(200);
    expect(r.body.conversation.outcome).toBe('handed_off');
    expect(r.body.handoffs).toHaveLength(1);
    expect(r.body.handoffs[0]).toMatchObject({ reason: 'traveller_request', status: 'queued', tenantId: B.tenant });
    expect(r.body.handoffs[0].events.map((e: { kind: string; toStatus: string }) => [e.kind, e.toStatus])).toEqual([['open', 'queued']]);
    expect(r.body.turns[0].steps.map((s: { tool: string }) => s.tool)).toEqual(['handoff_to_human']);
  });

  it('answers another tenant\'s conversation, an unknown one and a malformed id with 404', async () => {
    expect((await api().get(`/v1/operator/conversations/${conv.human}`).set(as(tok.opA))).status).toBe(404);
    expect((await api().get(`/v1/operator/conversations/${conv.booker}`).set(as(tok.opB))).status).toBe(404);
    expect((await api().get('/v1/operator/conversations/00000000-0000-4000-8000-000000000000').set(as(tok.admin))).status).toBe(404);
    expect((await api().get('/v1/operator/conversations/nope').set(as(tok.admin))).status).toBe(404);
    expect((await api().get(`/v1/operator/conversations/${conv.booker}`).set(as(tok.admin))).status).toBe(200);
  });
});
