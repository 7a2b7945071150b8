// Canned replies: per tenant (admins: any), a starter set in Chinese and English on a tenant's first use, created
// and deleted by its agents; another tenant's answer 404.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANNED_DEFAULTS, type CannedReply } from '../../src/handoff/index.ts';
import { issueToken } from '../../src/security/index.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../support/app.ts';
import { aTenant, aUser } from '../support/builders.ts';

let t: TestApp;
let tenantA: string;
let tenantB: string;
const staff: Record<'a1' | 'a2' | 'b1' | 'admin' | 'operator', { token: string }> = {} as never;
const as = (who: keyof typeof staff) => ({ Authorization: `Bearer ${staff[who].token}` });
const list = async (who: keyof typeof staff, query = '') => {
  const r = await request(t.app).get(`/v1/agent/canned-replies${query}`).set(as(who));
  expect(r.status).toBe(200);
  return r.body as CannedReply[];
};
const count = async () => (await t.testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM canned_replies')).rows[0]!.n;

beforeAll(async () => {
  t = await startTestApp();
  tenantA = await aTenant(t.testDb.db, '京华酒店集团');
  tenantB = await aTenant(t.testDb.db, '沪上酒店集团');
  const people = { a1: ['agent', tenantA], a2: ['agent', tenantA], b1: ['agent', tenantB], admin: ['admin', null], operator: ['operator', tenantA] } as const;
  for (const [key, [role, tenantId]] of Object.entries(people)) {
    const u = await aUser(t.testDb.db, { role, tenantId });
    staff[key as keyof typeof staff] = { token: await issueToken(t.services.keys, { kind: 'staff', userId: u.id, role, tenantId }, new Date(TEST_NOW)) };
  }
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('canned replies', () => {
  it("a tenant's first look gives it the starter set, in Chinese and English, once", async () => {
    const first = await list('a1');
    expect(first).toHaveLength(CANNED_DEFAULTS.length);
    expect(new Set(first.map((c) => c.locale))).toEqual(new Set(['zh-CN', 'en']));
    expect(first.every((c) => c.tenantId === tenantA)).toBe(true);
    expect(await list('a2')).toEqual(first);
    expect((await list('a1', '?locale=en')).every((c) => c.locale === 'en')).toBe(true);
    expect(await count()).toBe(CANNED_DEFAULTS.length);
  });

  it("an agent adds and deletes its tenant's; the other tenant's agent neither sees nor deletes them (404)", async () => {
    const r = await request(t.app).post('/v1/agent/canned-replies').set(as('a1')).send({ title: '接机', text: '酒店提供接机服务，需提前一天预约。', locale: 'zh-CN' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ tenantId: tenantA, title: '接机', locale: 'zh-CN' });
    expect((await list('a2')).map((c) => c.id)).toContain(r.body.id);
    const bs = await list('b1');
    expect(bs.map((c) => c.id)).not.toContain(r.body.id);
    expect(bs.every((c) => c.tenantId === tenantB)).toBe(true);
    expect((await request(t.app).get(`/v1/agent/canned-replies?tenantId=${tenantA}`).set(as('b1'))).status).toBe(404);
    expect((await request(t.app).delete(`/v1/agent/canned-replies/${r.body.id}`).set(as('b1'))).status).toBe(404);
    expect((await request(t.app).post('/v1/agent/canned-replies').set(as('b1')).send({ title: 'x', text: 'y', locale: 'en', tenantId: tenantA })).status).toBe(404);
    expect((await request(t.app).delete(`/v1/agent/canned-replies/${r.body.id}`).set(as('a2'))).status).toBe(204);
    expect((await list('a1')).map((c) => c.id)).not.toContain(r.body.id);
  });

  it('bad input changes nothing: 400; operators are not agents: 403', async () => {
    const before = await count();
    for (const body of [{ title: '', text: 'x', locale: 'zh-CN' }, { title: 'x', text: 'x', locale: 'fr' }, { title: 'x', locale: 'en' }, { title: 'x', text: 'y', locale: 'en', extra: 1 }]) {
      const r = await request(t.app).post('/v1/agent/canned-replies').set(as('a1')).send(body);
      expect([r.status, r.body.error]).toEqual([400, 'invalid_request']);
    }
    expect((await request(t.app).post('/v1/agent/canned-replies').set(as('operator')).send({ title: 'x', text: 'y', locale: 'en' })).status).toBe(403);
    expect((await request(t.app).delete('/v1/agent/canned-replies/not-a-uuid').set(as('a1'))).status).toBe(404);
    const unknown = await request(t.app).get('/v1/agent/canned-replies?tenantId=00000000-0000-4000-8000-000000000000').set(as('admin'));
    expect([unknown.status, unknown.body.error]).toEqual([404, 'not_found']);
    expect(await count()).toBe(before);
  });

  it('an admin names the tenant to write, and reads any; deleting them all does not bring the starter set back', async () => {
    const missing = await request(t.app).post('/v1/agent/canned-replies').set(as('admin')).send({ title: 'x', text: 'y', locale: 'en' });
    expect([missing.status, missing.body.error]).toEqual([400, 'invalid_request']);
    const r = await request(t.app).post('/v1/agent/canned-replies').set(as('admin')).send({ title: 'VIP', text: 'Welcome back!', locale: 'en', tenantId: tenantB });
    expect([r.status, r.body.tenantId]).toEqual([201, tenantB]);
    const all = await list('admin');
    expect(new Set(all.map((c) => c.tenantId))).toEqual(new Set([tenantA, tenantB]));
    for (const c of await list('a1')) expect((await request(t.app).delete(`/v1/agent/canned-replies/${c.id}`).set(as('a1'))).status).toBe(204);
    expect(await list('a1')).toEqual([]);
  });
});
