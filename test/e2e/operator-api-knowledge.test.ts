// Knowledge entries in the operator console: written by operators, read by agents, used by the bot at once.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfflineChatModel } from '../../src/model/offline/index.ts';
import { aHotel, aTenant, aUser, staffToken } from '../support/builders.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { traveller } from '../support/conversation.ts';

let t: TestApp;
let tenantA: string;
let tenantB: string;
let operatorA: string;
let operatorAId: string;
let operatorB: string;
let agentA: string;
let admin: string;
let hotelA: string;
let hotelA2: string;
let hotelB: string;

const api = () => request(t.app);
const as = (token: string) => ({ Authorization: `Bearer ${token}` });

async function create(token: string, body: Record<string, unknown>): Promise<string> {
  const res = await api().post('/v1/operator/knowledge').set(as(token)).send(body).expect(201);
  expect(res.body).toEqual({ id: expect.any(String) });
  return res.body.id as string;
}

beforeAll(async () => {
  t = await startTestApp({ model: new OfflineChatModel() });
  const db = t.testDb.db;
  tenantA = await aTenant(db, '西湖酒店集团');
  tenantB = await aTenant(db, '外滩酒店集团');
  operatorAId = (await aUser(db, { role: 'operator', tenantId: tenantA })).id;
  operatorA = await staffToken(t.services.keys, 'operator', tenantA, operatorAId);
  operatorB = await staffToken(t.services.keys, 'operator', tenantB);
  agentA = await staffToken(t.services.keys, 'agent', tenantA);
  admin = await staffToken(t.services.keys, 'admin', null);
  hotelA = await aHotel(db, { tenantId: tenantA, name: '西湖宾馆', city: '杭州' });
  hotelA2 = await aHotel(db, { tenantId: tenantA, name: '灵隐客栈', city: '杭州' });
  hotelB = await aHotel(db, { tenantId: tenantB, name: '外滩饭店', city: '上海' });
}, 60_000);
afterAll(() => t?.close());

describe('writing and reading entries', () => {
  it('creates an entry of the tenant and shows it with who wrote it and when', async () => {
    const id = await create(operatorA, { question: '可以开发票吗？', answer: '可以开具电子发票，退房时告诉前台抬头和税号。' });
    const list = await api().get('/v1/operator/knowledge').set(as(operatorA)).expect(200);
    expect(list.body).toEqual([{
      id, tenantId: tenantA, hotelId: null, question: '可以开发票吗？', answer: '可以开具电子发票，退房时告诉前台抬头和税号。',
      locale: 'zh-CN', source: 'operator', createdBy: operatorAId, createdAt: '2026-12-01T02:00:00.000Z', updatedAt: '2026-12-01T02:00:00.000Z',
    }]);
  });

  it('records no author when the token outlives its account', async () => {
    const id = await create(operatorB, { question: '有洗衣服务吗？', answer: '有，当天送洗次日送回。' });
    expect((await api().get(`/v1/operator/knowledge/${id}`).set(as(operatorB)).expect(200)).body).toMatchObject({ id, tenantId: tenantB, createdBy: null });
  });

  it("lists a hotel's entries with its tenant's general ones, and finds text in questions and answers", async () => {
    const early = await create(operatorA, { question: 'What time is breakfast?', answer: 'Breakfast is served 7:00-10:00.', hotelId: hotelA, locale: 'en' });
    const other = await create(operatorA, { question: '有接机服务吗？', answer: '提供萧山机场接送，需提前一天预约。', hotelId: hotelA2 });
    const forA = (await api().get(`/v1/operator/knowledge?hotelId=${hotelA}`).set(as(operatorA)).expect(200)).body as Array<{ id: string; hotelId: string | null }>;
    expect(forA.map((e) => e.id)).toContain(early);
    expect(forA.map((e) => e.id)).not.toContain(other);
    expect(forA.every((e) => e.hotelId === hotelA || e.hotelId === null)).toBe(true);
    const found = await api().get(`/v1/operator/knowledge?q=${encodeURIComponent('萧山')}`).set(as(operatorA)).expect(200);
    expect(found.body.map((e: { id: string }) => e.id)).toEqual([other]);
    const breakfast = await api().get('/v1/operator/knowledge?q=BREAKFAST&limit=1').set(as(operatorA)).expect(200);
    expect(breakfast.body.map((e: { id: string }) => e.id)).toEqual([early]);
    // A wildcard is taken as it is written: no entry holds '%' or '_'.
    for (const w of ['%', '_', '\\']) {
      expect((await api().get(`/v1/operator/knowledge?q=${encodeURIComponent(w)}`).set(as(operatorA)).expect(200)).body).toEqual([]);
    }
  });

  it('lets agents read but not write', async () => {
    const list = await api().get('/v1/operator/knowledge').set(as(agentA)).expect(200);
    expect(list.body.length).toBeGreaterThanOrEqual(3);
    await api().post('/v1/operator/knowledge').set(as(agentA)).send({ question: 'q', answer: 'a' }).expect(403);
    await api().delete(`/v1/operator/knowledge/${list.body[0].id}`).set(as(agentA)).expect(403);
  });

  it('changes an entry, moves it to a hotel and back, and keeps when it was made', async () => {
    const id = await create(operatorA, { question: '押金多少', answer: '200元' });
    t.clock.advance(60_000);
    const moved = await api().patch(`/v1/operator/knowledge/${id}`).set(as(operatorA)).send({ answer: '300元', hotelId: hotelA }).expect(200);
    expect(moved.body).toMatchObject({ id, answer: '300元', hotelId: hotelA, question: '押金多少', createdAt: '2026-12-01T02:00:00.000Z' });
    expect(moved.body.updatedAt).not.toBe(moved.body.createdAt);
    const back = await api().patch(`/v1/operator/knowledge/${id}`).set(as(operatorA)).send({ hotelId: null }).expect(200);
    expect(back.body.hotelId).toBeNull();
    await api().patch(`/v1/operator/knowledge/${id}`).set(as(operatorA)).send({ hotelId: hotelB }).expect(404);
    await api().patch(`/v1/operator/knowledge/${id}`).set(as(operatorA)).send({}).expect(400);
    await api().delete(`/v1/operator/knowledge/${id}`).set(as(operatorA)).expect(204);
    await api().get(`/v1/operator/knowledge/${id}`).set(as(operatorA)).expect(404);
  });

  it('lets an admin write for any tenant, naming it or a hotel', async () => {
    const byTenant = await create(admin, { question: '行李寄存', answer: '前台可免费寄存行李。', tenantId: tenantB });
    const byHotel = await create(admin, { question: '泳池开放时间', answer: '6:00-22:00', hotelId: hotelB });
    const { rows } = await t.testDb.db.query<{ id: string; tenant_id: string }>('SELECT id, tenant_id FROM knowledge_entries WHERE id = ANY($1::uuid[]) ORDER BY question', [[byTenant, byHotel]]);
    expect(rows.every((r) => r.tenant_id === tenantB)).toBe(true);
    const res = await api().post('/v1/operator/knowledge').set(as(admin)).send({ question: 'q', answer: 'a' }).expect(400);
    expect(res.body.error).toBe('invalid_request');
  });

  it.each([
    ['an empty question', { question: ' ', answer: 'a' }],
    ['an answer too long', { question: 'q', answer: 'a'.repeat(4001) }],
    ['an unknown locale', { question: 'q', answer: 'a', locale: 'fr' }],
    ['an unknown field', { question: 'q', answer: 'a', score: 1 }],
  ])('refuses %s with 400', async (_name, body) => {
    const res = await api().post('/v1/operator/knowledge').set(as(operatorA)).send(body).expect(400);
    expect(res.body.error).toBe('invalid_request');
  });
});

describe('tenant isolation', () => {
  it("answers another tenant's entries and hotels with 404 and never lists them", async () => {
    const mine = await create(operatorA, { question: '健身房几点开', answer: '24小时开放' });
    for (const call of [
      api().get(`/v1/operator/knowledge/${mine}`).set(as(operatorB)),
      api().patch(`/v1/operator/knowledge/${mine}`).set(as(operatorB)).send({ answer: '不开' }),
      api().delete(`/v1/operator/knowledge/${mine}`).set(as(operatorB)),
      api().post('/v1/operator/knowledge').set(as(operatorB)).send({ question: 'q', answer: 'a', hotelId: hotelA }),
      api().post('/v1/operator/knowledge').set(as(operatorB)).send({ question: 'q', answer: 'a', tenantId: tenantA }),
      api().get(`/v1/operator/knowledge?hotelId=${hotelA}`).set(as(operatorB)),
    ]) {
      const res = await call.expect(404);
      expect(res.body.error).toBe('not_found');
    }
    const theirs = await api().get('/v1/operator/knowledge?limit=500').set(as(operatorB)).expect(200);
    expect(theirs.body.every((e: { tenantId: string }) => e.tenantId === tenantB)).toBe(true);
    expect((await api().get(`/v1/operator/knowledge/${mine}`).set(as(operatorA)).expect(200)).body.answer).toBe('24小时开放');
  });
});

describe('the bot answers from an entry as soon as it is written', () => {
  it('does not know the deposit, is told, knows it at once, and forgets it when the entry goes', async () => {
    const guest = traveller(() => t, 'deposit-asker');
    const [before] = await guest.says('入住需要交押金吗？');
    expect(before!.text).not.toContain('信用卡预授权');
    const id = await create(operatorA, { question: '入住需要交押金吗？押金多少？', answer: '入住时需交押金，可用信用卡预授权，退房后原路退回。' });
    const [after] = await guest.says('入住要交押金吗？');
    expect(after!.text).toContain('信用卡预授权');
    await api().patch(`/v1/operator/knowledge/${id}`).set(as(operatorA)).send({ answer: '入住时需交押金，只收现金，退房后当场退还。' }).expect(200);
    const [changed] = await guest.says('押金是多少？');
    expect(changed!.text).toContain('只收现金');
    await api().delete(`/v1/operator/knowledge/${id}`).set(as(operatorA)).expect(204);
    const [gone] = await guest.says('押金是多少？');
    expect(gone!.text).not.toContain('只收现金');
  });

  it("answers from the right tenant's entries through the search_knowledge tool", async () => {
    await create(operatorA, { question: '可以带宠物入住吗？', answer: '西湖宾馆可携带10公斤以下的宠物。', hotelId: hotelA });
    await create(operatorB, { question: '可以带宠物入住吗？', answer: '外滩饭店不接待宠物。' });
    const a = await t.services.knowledge.search({ question: '能带狗狗入住吗', hotelId: hotelA, tenantId: tenantA });
    expect(a[0]!.answer).toContain('10公斤');
    expect(a.map((p) => p.answer).join()).not.toContain('外滩');
    const b = await t.services.knowledge.search({ question: '可以带宠物吗', tenantId: tenantB });
    expect(b.map((p) => p.answer)).toEqual(['外滩饭店不接待宠物。']);
  });
});
