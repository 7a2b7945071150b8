// A conversation on a platform-wide channel has no tenant of its own: its handoff goes to the tenant whose hotels
// the traveller was quoted, so that tenant's agents (and only they, with admins) see and take it.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfflineChatModel } from '../../src/model/offline/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { aHotel, aRoomType, aTenant, aUser, staffToken } from '../support/builders.ts';
import { traveller } from '../support/conversation.ts';

let t: TestApp;
let jinghua: string;
let yuetu: string;
const tokens: Record<'jinghua' | 'yuetu' | 'admin', string> = { jinghua: '', yuetu: '', admin: '' };

beforeAll(async () => {
  t = await startTestApp({ model: new OfflineChatModel() });
  const db = t.testDb.db;
  jinghua = await aTenant(db, '京华酒店集团');
  yuetu = await aTenant(db, '悦途酒店');
  for (const tier of ['budget', 'comfort', 'luxury'] as const) {
    const hotel = await aHotel(db, { tenantId: jinghua, city: '北京', tier, name: `北京${tier}酒店` });
    await aRoomType(db, { hotelId: hotel, from: '2026-12-01', nights: 40, price: tier === 'budget' ? 30_000 : tier === 'comfort' ? 60_000 : 120_000 });
  }
  const shanghai = await aHotel(db, { tenantId: yuetu, city: '上海', tier: 'comfort', name: '上海悦途酒店' });
  await aRoomType(db, { hotelId: shanghai, from: '2026-12-01', nights: 40, price: 50_000 });
  const j = await aUser(db, { role: 'agent', tenantId: jinghua });
  const y = await aUser(db, { role: 'agent', tenantId: yuetu });
  const a = await aUser(db, { role: 'admin', tenantId: null });
  tokens.jinghua = await staffToken(t.services.keys, 'agent', jinghua, j.id);
  tokens.yuetu = await staffToken(t.services.keys, 'agent', yuetu, y.id);
  tokens.admin = await staffToken(t.services.keys, 'admin', null, a.id);
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const queued = async (who: keyof typeof tokens) =>
  (await request(t.app).get('/v1/agent/handoffs?status=queued').set('Authorization', `Bearer ${tokens[who]}`)).body as Array<{ id: string; conversationId: string }>;

describe('the tenant of a handoff from a tenant-less conversation', () => {
  it('is the tenant of the hotels the traveller was quoted: its agents see, open and claim it; another tenant\'s do not', async () => {
    const tr = traveller(t);
    const found = await tr.says('北京12月10日到12日两晚，两个人');
    expect(found.some((r) => r.cards?.length)).toBe(true);
    const { rows: conv } = await t.testDb.db.query<{ tenant_id: string | null }>('SELECT tenant_id FROM conversations WHERE id = $1', [tr.conversationId]);
    expect(conv[0]!.tenant_id).toBeNull();

    const handedOff = await tr.says('转人工');
    expect(handedOff.some((r) => r.handoff)).toBe(true);
    const { rows } = await t.testDb.db.query<{ id: string; tenant_id: string | null }>('SELECT id, tenant_id FROM handoffs WHERE conversation_id = $1', [tr.conversationId]);
    expect(rows).toEqual([{ id: expect.any(String), tenant_id: jinghua }]);
    const id = rows[0]!.id;

    expect((await queued('jinghua')).map((h) => h.id)).toContain(id);
    expect((await queued('yuetu')).map((h) => h.id)).not.toContain(id);
    const open = (who: keyof typeof tokens) => request(t.app).get(`/v1/agent/conversations/${tr.conversationId}`).set('Authorization', `Bearer ${tokens[who]}`);
    expect((await open('yuetu')).status).toBe(404);
    const view = await open('jinghua');
    expect(view.status).toBe(200);
    expect(view.body.conversation.tenantId).toBe(jinghua);
    expect((await request(t.app).post(`/v1/agent/handoffs/${id}/claim`).set('Authorization', `Bearer ${tokens.yuetu}`)).status).toBe(404);
    expect((await request(t.app).post(`/v1/agent/handoffs/${id}/claim`).set('Authorization', `Bearer ${tokens.jinghua}`)).status).toBe(200);
  });

  it('stays with no tenant when nothing was quoted: admins see it, a tenant\'s agent does not', async () => {
    const tr = traveller(t);
    await tr.says('转人工');
    const { rows } = await t.testDb.db.query<{ id: string; tenant_id: string | null }>('SELECT id, tenant_id FROM handoffs WHERE conversation_id = $1', [tr.conversationId]);
    expect(rows).toEqual([{ id: expect.any(String), tenant_id: null }]);
    expect((await queued('admin')).map((h) => h.id)).toContain(rows[0]!.id);
    expect((await queued('jinghua')).map((h) => h.id)).not.toContain(rows[0]!.id);
  });
});
