// Corrections over HTTP: staff mark a bot answer wrong and write the right one; a corrected answer to a question is
// knowledge the bot uses in the very next conversation; every correction is kept with who and when.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationTraces } from '../../src/bot/index.ts';
import { OfflineChatModel } from '../../src/model/offline/index.ts';
import { startTestApp, TEST_APP_KEY, TEST_NOW, type TestApp } from '../support/app.ts';
import { aHotel, aRoomType, aTenant, aUser, staffToken } from '../support/builders.ts';
import { engine } from '../support/db.ts';

let t: TestApp;
const api = () => request(t.app);
const as = (tok: string) => ({ Authorization: `Bearer ${tok}` });
const A = { tenant: '', budget: '', comfort: '', luxury: '' };
const B = { tenant: '', hotel: '' };
const staff: Record<'opA' | 'agentA' | 'opB' | 'admin', { id: string; email: string; token: string }> = {} as never;

const INVOICE = '你们可以开发票吗？';
const INVOICE_ANSWER = '可以开具增值税电子普通发票和专用发票：退房时在前台提供抬头和税号即可。';

/** One message on the app channel; the conversation id and the reply's text. */
async function says(userId: string, text: string, opts: { tenantId?: string; conversationId?: string } = {}) {
  const r = await api().post('/v1/app/messages').set(as(TEST_APP_KEY)).send({ userId, text, ...opts });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return { conversationId: r.body.conversationId as string, text: (r.body.replies as Array<{ text: string }>).map((x) => x.text).join('\n') };
}

/** The bot's and the traveller's messages of a conversation, oldest first. */
async function messagesOf(conversationId: string) {
  const { rows } = await t.testDb.db.query<{ id: string; author: string; text: string }>(
    'SELECT id, author, text FROM messages WHERE conversation_id = $1 ORDER BY seq', [conversationId]);
  return rows;
}
const lastBot = async (conversationId: string) => (await messagesOf(conversationId)).filter((m) => m.author === 'bot').at(-1)!;

const correct = (token: string, body: unknown, path = '/v1/operator/corrections') => api().post(path).set(as(token)).send(body as object);

/** Every correction and knowledge entry, to prove a refused request wrote nothing. */
async function written() {
  const k = await t.testDb.db.query('SELECT * FROM knowledge_entries ORDER BY id');
  const c = await t.testDb.db.query('SELECT * FROM corrections ORDER BY id');
  return JSON.stringify([k.rows, c.rows]);
}

beforeAll(async () => {
  t = await startTestApp({ model: new OfflineChatModel() });
  const db = t.testDb.db;
  A.tenant = await aTenant(db, '京华酒店集团');
  B.tenant = await aTenant(db, '申城酒店');
  A.budget = await aHotel(db, { tenantId: A.tenant, city: '北京', tier: 'budget', name: '如家快捷酒店(王府井店)' });
  A.comfort = await aHotel(db, { tenantId: A.tenant, city: '北京', tier: 'comfort', name: '京伦饭店' });
  A.luxury = await aHotel(db, { tenantId: A.tenant, city: '北京', tier: 'luxury', name: '北京王府半岛酒店' });
  B.hotel = await aHotel(db, { tenantId: B.tenant, city: '上海', tier: 'budget', name: '锦江之星(外滩店)' });
  for (const [hotelId, price] of [[A.budget, 32_000], [A.comfort, 56_000], [A.luxury, 128_000], [B.hotel, 25_000]] as const) {
    await aRoomType(db, { hotelId, from: '2026-12-01', nights: 40, price });
  }
  await db.query(`UPDATE hotels SET policies = $2 WHERE id = $1`, [A.comfort, JSON.stringify({ breakfast: { offered: 'included', zh: '房费含早餐。', en: 'Breakfast is included.' } })]);
  for (const [name, role, tenantId] of [['opA', 'operator', A.tenant], ['agentA', 'agent', A.tenant], ['opB', 'operator', B.tenant], ['admin', 'admin', null]] as const) {
    const u = await aUser(db, { role, tenantId });
    staff[name] = { id: u.id, email: u.email, token: await staffToken(t.services.keys, role, tenantId, u.id) };
  }
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe(`a corrected answer becomes knowledge the bot uses at once (${engine})`, () => {
  let conversationId = '';
  let botMessage = '';
  let correctionId = '';

  it('answers an invoice question it has no knowledge of without the right answer', async () => {
    const first = await says('asker-1', INVOICE, { tenantId: A.tenant });
    conversationId = first.conversationId;
    botMessage = (await lastBot(conversationId)).id;
    expect(first.text).not.toContain('增值税');
    const [trace] = await conversationTraces(t.testDb.db, conversationId);
    expect(trace!.steps.map((s) => s.tool)).toEqual(['search_knowledge']);
  });

  it('takes the operator\'s correction and files the traveller\'s question with the corrected answer as knowledge', async () => {
    const r = await correct(staff.opA.token, { messageId: botMessage, text: INVOICE_ANSWER });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toEqual({ id: expect.any(String), knowledgeEntryId: expect.any(String) });
    correctionId = r.body.id;
    const { rows } = await t.testDb.db.query('SELECT tenant_id, hotel_id, question, answer, source, created_by FROM knowledge_entries WHERE id = $1', [r.body.knowledgeEntryId]);
    expect(rows).toEqual([{ tenant_id: A.tenant, hotel_id: null, question: INVOICE, answer: INVOICE_ANSWER, source: 'correction', created_by: staff.opA.id }]);
  });

  it('gives the corrected answer, through search_knowledge, to the next traveller who asks the same', async () => {
    const next = await says('asker-2', INVOICE, { tenantId: A.tenant });
    expect(next.conversationId).not.toBe(conversationId);
    expect(next.text).toContain(INVOICE_ANSWER);
    const [trace] = await conversationTraces(t.testDb.db, next.conversationId);
    expect(trace!.steps.map((s) => s.tool)).toEqual(['search_knowledge']);
    expect(JSON.stringify(trace!.steps[0]!.result)).toContain(INVOICE_ANSWER);
  });

  it('keeps every correction, the agent\'s second one beside the operator\'s first, with who and when', async () => {
    t.clock.advance(60_000);
    const r = await correct(staff.agentA.token, { messageId: botMessage, text: '可以开发票，专票请提前告知。', toKnowledge: false }, '/v1/agent/corrections');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.knowledgeEntryId).toBeNull();
    const list = await api().get('/v1/operator/corrections').query({ conversationId }).set(as(staff.opA.token)).expect(200);
    expect(list.body.next).toBeNull();
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: r.body.id, messageId: botMessage, question: INVOICE, correctedText: '可以开发票，专票请提前告知。', knowledgeEntryId: null,
        createdBy: { id: staff.agentA.id, role: 'agent', email: staff.agentA.email, name: null }, createdAt: new Date(Date.parse(TEST_NOW) + 60_000).toISOString(),
      }),
      expect.objectContaining({
        id: correctionId, correctedText: INVOICE_ANSWER, tenantId: A.tenant,
        createdBy: { id: staff.opA.id, role: 'operator', email: staff.opA.email, name: null }, createdAt: TEST_NOW.replace('Z', '.000Z'),
      }),
    ]);
    expect(list.body.items[0].wrongText).toBe((await lastBot(conversationId)).text);
    const review = await api().get(`/v1/operator/conversations/${conversationId}`).set(as(staff.opA.token)).expect(200);
    expect(review.body.corrections.map((c: { id: string }) => c.id)).toEqual([r.body.id, correctionId]);
    expect(review.body.conversation.corrections).toBe(2);
  });

  it('lists corrected conversations with corrected=true and the others with corrected=false', async () => {
    const other = await says('asker-3', '你好', { tenantId: A.tenant });
    const ids = async (corrected: boolean) =>
      (await api().get('/v1/operator/conversations').query({ corrected, limit: 100 }).set(as(staff.opA.token)).expect(200)).body.items.map((i: { id: string }) => i.id);
    expect(await ids(true)).toEqual([conversationId]);
    expect(await ids(false)).toContain(other.conversationId);
    expect(await ids(false)).not.toContain(conversationId);
  });

  it('keeps out of the list what another tenant corrected', async () => {
    const list = await api().get('/v1/operator/corrections').set(as(staff.opB.token)).expect(200);
    expect(list.body.items).toEqual([]);
    expect((await api().get('/v1/operator/corrections').query({ conversationId }).set(as(staff.opB.token))).status).toBe(404);
    const all = await api().get('/v1/operator/corrections').query({ limit: 1 }).set(as(staff.admin.token)).expect(200);
    expect(all.body.items).toHaveLength(1);
    expect(all.body.next).toBe(1);
  });
});

describe(`which hotel the knowledge is about (${engine})`, () => {
  it('files an answer about one hotel under that hotel, taken from the turn\'s tool calls', async () => {
    const { conversationId } = await says('hotel-q', '12月10日到12日在北京住两晚，两个人', { tenantId: A.tenant });
    const search = await lastBot(conversationId);
    await says('hotel-q', '舒适型那家有早餐吗？', { tenantId: A.tenant, conversationId });
    const traces = await conversationTraces(t.testDb.db, conversationId);
    expect(traces.at(-1)!.steps.map((s) => s.tool)).toEqual(['get_hotel_details']);
    const r = await correct(staff.opA.token, { messageId: (await lastBot(conversationId)).id, text: '含双早，早餐时间7:00-10:00。' }).expect(201);
    const entry = await t.testDb.db.query('SELECT hotel_id, question FROM knowledge_entries WHERE id = $1', [r.body.knowledgeEntryId]);
    expect(entry.rows).toEqual([{ hotel_id: A.comfort, question: '舒适型那家有早餐吗？' }]);
    // The search named no single hotel: its correction is tenant-wide.
    const s = await correct(staff.opA.token, { messageId: search.id, text: '北京这两晚还有更多选择，可以告诉我预算。' }).expect(201);
    const wide = await t.testDb.db.query('SELECT tenant_id, hotel_id FROM knowledge_entries WHERE id = $1', [s.body.knowledgeEntryId]);
    expect(wide.rows).toEqual([{ tenant_id: A.tenant, hotel_id: null }]);
  });

  it('takes the hotel the corrector names, and for a conversation of no tenant needs one before it makes knowledge', async () => {
    const { conversationId } = await says('no-tenant', INVOICE);
    const message = (await lastBot(conversationId)).id;
    const before = await written();
    const refused = await correct(staff.admin.token, { messageId: message, text: INVOICE_ANSWER, toKnowledge: true });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_request');
    expect(await written()).toBe(before);
    const r = await correct(staff.admin.token, { messageId: message, text: INVOICE_ANSWER, hotelId: A.budget }).expect(201);
    const entry = await t.testDb.db.query('SELECT tenant_id, hotel_id, created_by FROM knowledge_entries WHERE id = $1', [r.body.knowledgeEntryId]);
    expect(entry.rows).toEqual([{ tenant_id: A.tenant, hotel_id: A.budget, created_by: staff.admin.id }]);
    const kept = await t.testDb.db.query('SELECT tenant_id, created_by_role FROM corrections WHERE id = $1', [r.body.id]);
    expect(kept.rows).toEqual([{ tenant_id: A.tenant, created_by_role: 'admin' }]);
  });

  it('lets a later correction of the same answer replace the knowledge of the earlier one, keeping both corrections', async () => {
    const question = '有没有机场接送服务？';
    const { conversationId } = await says('shuttle', question, { tenantId: A.tenant });
    const messageId = (await lastBot(conversationId)).id;
    const first = await correct(staff.opA.token, { messageId, text: '提供接机服务，单程200元。' }).expect(201);
    t.clock.advance(1000);
    const second = await correct(staff.agentA.token, { messageId, text: '提供免费接机服务，请提前一天预约。' }, '/v1/agent/corrections').expect(201);
    expect(second.body.knowledgeEntryId).toBe(first.body.knowledgeEntryId);
    const entries = await t.testDb.db.query<{ answer: string; updated_at: Date }>('SELECT answer, updated_at FROM knowledge_entries WHERE question = $1', [question]);
    expect(entries.rows.map((r) => r.answer)).toEqual(['提供免费接机服务，请提前一天预约。']);
    expect(new Date(entries.rows[0]!.updated_at).toISOString()).toBe(t.clock.now().toISOString());
    const kept = await t.testDb.db.query('SELECT corrected_text FROM corrections WHERE message_id = $1 ORDER BY created_at', [messageId]);
    expect(kept.rows.map((r) => r.corrected_text)).toEqual(['提供接机服务，单程200元。', '提供免费接机服务，请提前一天预约。']);
    const next = await says('shuttle-2', question, { tenantId: A.tenant });
    expect(next.text).toContain('提供免费接机服务');
    expect(next.text).not.toContain('单程200元');
    // An operator removes the entry: both corrections stay, unlinked.
    await t.testDb.db.query('DELETE FROM knowledge_entries WHERE id = $1', [first.body.knowledgeEntryId]);
    const unlinked = await t.testDb.db.query('SELECT knowledge_entry_id FROM corrections WHERE message_id = $1', [messageId]);
    expect(unlinked.rows).toEqual([{ knowledge_entry_id: null }, { knowledge_entry_id: null }]);
  });

  it('answers a retry with the same Idempotency-Key with the first correction, written once', async () => {
    const { conversationId } = await says('retry', INVOICE, { tenantId: A.tenant });
    const body = { messageId: (await lastBot(conversationId)).id, text: INVOICE_ANSWER, toKnowledge: false };
    const first = await api().post('/v1/operator/corrections').set(as(staff.opA.token)).set('Idempotency-Key', 'fix-1').send(body).expect(201);
    const again = await api().post('/v1/operator/corrections').set(as(staff.opA.token)).set('Idempotency-Key', 'fix-1').send(body).expect(201);
    expect(again.body).toEqual(first.body);
    const { rows } = await t.testDb.db.query('SELECT id FROM corrections WHERE conversation_id = $1', [conversationId]);
    expect(rows).toEqual([{ id: first.body.id }]);
    const other = await api().post('/v1/operator/corrections').set(as(staff.opA.token)).set('Idempotency-Key', 'fix-1').send({ ...body, text: 'x' });
    expect(other.status).toBe(422);
    const badKey = await api().post('/v1/operator/corrections').set(as(staff.opA.token)).set('Idempotency-Key', 'has space').send(body);
    expect(badKey.status).toBe(400);
    expect((await t.testDb.db.query('SELECT id FROM corrections WHERE conversation_id = $1', [conversationId])).rows).toEqual([{ id: first.body.id }]);
  });
});

describe(`refused corrections change nothing (${engine})`, () => {
  let conversationId = '';
  let traveller = '';
  let bot = '';

  beforeAll(async () => {
    ({ conversationId } = await says('refused', INVOICE, { tenantId: A.tenant }));
    const msgs = await messagesOf(conversationId);
    traveller = msgs.find((m) => m.author === 'traveller')!.id;
    bot = msgs.find((m) => m.author === 'bot')!.id;
  });

  const cases: Array<[string, () => { token: string; body: unknown; path?: string }, number, string]> = [
    ['the traveller\'s own message', () => ({ token: staff.opA.token, body: { messageId: traveller, text: 'x' } }), 409, 'not_correctable'],
    ['another tenant\'s message', () => ({ token: staff.opB.token, body: { messageId: bot, text: 'x' } }), 404, 'not_found'],
    ['another tenant\'s message at the agents\' path', () => ({ token: staff.opB.token, body: { messageId: bot, text: 'x' }, path: '/v1/agent/corrections' }), 404, 'not_found'],
    ['an unknown message', () => ({ token: staff.opA.token, body: { messageId: '00000000-0000-4000-8000-000000000000', text: 'x' } }), 404, 'not_found'],
    ['another tenant\'s hotel', () => ({ token: staff.opA.token, body: { messageId: bot, text: 'x', hotelId: B.hotel } }), 404, 'not_found'],
    ['an empty text', () => ({ token: staff.opA.token, body: { messageId: bot, text: '   ' } }), 400, 'invalid_request'],
    ['a text of 4,001 characters', () => ({ token: staff.opA.token, body: { messageId: bot, text: '长'.repeat(4001) } }), 400, 'invalid_request'],
    ['a malformed message id', () => ({ token: staff.opA.token, body: { messageId: 'abc', text: 'x' } }), 400, 'invalid_request'],
    ['a missing text', () => ({ token: staff.opA.token, body: { messageId: bot } }), 400, 'invalid_request'],
    ['an unknown field', () => ({ token: staff.opA.token, body: { messageId: bot, text: 'x', approved: true } }), 400, 'invalid_request'],
    ['a body over 64 kB', () => ({ token: staff.opA.token, body: { messageId: bot, text: 'x'.repeat(70_000) } }), 413, 'payload_too_large'],
  ];
  for (const [name, make, status, error] of cases) {
    it(`refuses ${name} with ${status} ${error}`, async () => {
      const before = await written();
      const { token, body, path } = make();
      const r = await correct(token, body, path);
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(r.body.error).toBe(error);
      expect(await written()).toBe(before);
    });
  }

  it('lets only staff correct: 401 without a token, 403 for a traveller', async () => {
    const before = await written();
    expect((await api().post('/v1/operator/corrections').send({ messageId: bot, text: 'x' })).status).toBe(401);
    const session = await api().post('/v1/web/sessions').send({}).expect(200);
    expect((await correct(session.body.token, { messageId: bot, text: 'x' })).status).toBe(403);
    expect(await written()).toBe(before);
  });
});
