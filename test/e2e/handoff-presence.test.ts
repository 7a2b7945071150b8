// Presence and offering: an agent is online while its console socket is open (on any instance); a queued handoff
// is offered to an online agent of its tenant with a free seat, oldest first and the agent idle longest first; an
// agent of a dead instance goes offline after the timeout; any agent may still claim any queued handoff.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { attachAgentConsole, type AgentConsoleEndpoint } from '../../channels/agent-console/index.ts';
import { OFFER_TIMEOUT_MS, PRESENCE_TIMEOUT_MS, type OnlineAgent } from '../../src/handoff/index.ts';
import { issueToken } from '../../src/security/index.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../support/app.ts';
import { aTenant, aUser } from '../support/builders.ts';

let t: TestApp;
let tenantA: string;
let tenantB: string;
/** Two instances of the console over the same services and database (an instance = a server + its endpoint). */
const instances: Array<{ server: Server; url: string; console: AgentConsoleEndpoint }> = [];
const staff: Record<'a1' | 'a2' | 'a3' | 'b1', { id: string; token: string }> = {} as never;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  t = await startTestApp();
  const db = t.testDb.db;
  tenantA = await aTenant(db, '京华酒店集团');
  tenantB = await aTenant(db, '沪上酒店集团');
  const people = { a1: tenantA, a2: tenantA, a3: tenantA, b1: tenantB } as const;
  for (const [key, tenantId] of Object.entries(people)) {
    const u = await aUser(db, { role: 'agent', tenantId });
    staff[key as keyof typeof staff] = { id: u.id, token: await issueToken(t.services.keys, { kind: 'staff', userId: u.id, role: 'agent', tenantId }, new Date(TEST_NOW)) };
  }
  for (let i = 0; i < 2; i++) {
    const server = createServer(t.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // No timer-driven heartbeat: the test beats by hand, on the pinned clock.
    instances.push({ server, url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, console: attachAgentConsole(server, t.services, { heartbeatMs: 3_600_000 }) });
  }
}, 60_000);
afterAll(async () => {
  for (const ws of sockets) ws.terminate();
  for (const i of instances) {
    await i.console.close();
    i.server.closeAllConnections();
    await new Promise<void>((resolve) => i.server.close(() => resolve()));
  }
  await t?.close();
});

/** Opens `who`'s console socket on instance `i` and waits until it is live (and the agent noted online). */
async function online(who: keyof typeof staff, i = 0): Promise<WebSocket> {
  const ws = new WebSocket(`${instances[i]!.url}/v1/agent/ws?token=${staff[who].token}`);
  sockets.push(ws);
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (m) => JSON.parse(String(m)).type === 'ready' && resolve());
    ws.on('error', reject);
  });
  await expect.poll(() => onlineIds(who)).toContain(staff[who].id);
  return ws;
}
async function offline(ws: WebSocket, who: keyof typeof staff): Promise<void> {
  ws.close();
  await expect.poll(() => onlineIds(who)).not.toContain(staff[who].id);
}
/** The online agents `viewer` sees (its tenant's). */
const onlineIds = async (viewer: keyof typeof staff = 'a1') => {
  const r = await request(t.app).get('/v1/agent/presence').set({ Authorization: `Bearer ${staff[viewer].token}` });
  return (r.body as OnlineAgent[]).map((a) => a.agentId);
};
const offeredTo = async (id: string) =>
  (await t.testDb.db.query<{ offered_to: string | null }>('SELECT offered_to FROM handoffs WHERE id = $1', [id])).rows[0]!.offered_to;
async function queued(tenantId = tenantA): Promise<string> {
  const s = await t.services.travellers.startSession({ channel: 'app', subject: `p-${Math.random().toString(36).slice(2, 8)}`, tenantId });
  t.clock.advance(1000);
  return t.services.handoffs.request({ conversationId: s.conversationId, tenantId, channel: 'app', reason: 'traveller_request', confidence: 0.9 });
}
const settle = async () => {
  // The socket endpoints offer on the queued event; a pass here waits for the same result deterministically.
  await t.services.agentDesk.offer();
};
async function closeAll(): Promise<void> {
  const { rows } = await t.testDb.db.query<{ id: string }>(`SELECT id FROM handoffs WHERE status IN ('queued', 'active')`);
  for (const { id } of rows) await t.services.agentDesk.close({ userId: staff.a1.id, role: 'admin', tenantId: null }, id, { reason: 'test' });
}

describe('presence', () => {
  it('an agent is online while a console socket of it is open, on any instance, and only its tenant sees it', async () => {
    expect(await onlineIds()).toEqual([]);
    const first = await online('a1', 0);
    const second = await online('a1', 1);
    const b = await online('b1', 1);
    const seenByA = await onlineIds();
    expect(seenByA).toEqual([staff.a1.id]); // b1 is online too, but of tenant B
    const { rows } = await t.testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM agent_presence WHERE user_id = $1', [staff.a1.id]);
    expect(rows[0]!.n).toBe(2); // one row per instance
    first.close();
    // Still online through the other instance's socket.
    await expect.poll(async () => (await t.testDb.db.query('SELECT 1 FROM agent_presence WHERE user_id = $1', [staff.a1.id])).rowCount).toBe(1);
    expect(await onlineIds()).toContain(staff.a1.id);
    await offline(second, 'a1');
    await offline(b, 'b1');
  });

  it('the agents of an instance that stopped beating go offline after the timeout; a live instance keeps its own', async () => {
    const onDead = await online('a1', 0);
    const onLive = await online('a2', 1);
    t.clock.advance(PRESENCE_TIMEOUT_MS - 1000);
    await instances[1]!.console.heartbeat();
    expect(await onlineIds()).toEqual(expect.arrayContaining([staff.a1.id, staff.a2.id]));
    t.clock.advance(2000); // instance 0 has not beaten for longer than the timeout: as if it had died
    await instances[1]!.console.heartbeat();
    expect(await onlineIds()).toEqual([staff.a2.id]);
    await instances[0]!.console.heartbeat(); // it comes back
    expect(await onlineIds()).toEqual(expect.arrayContaining([staff.a1.id, staff.a2.id]));
    onDead.close();
    onLive.close();
    await expect.poll(() => onlineIds()).toEqual([]);
  });
});

describe('offering', () => {
  it('a queued handoff is offered to an online agent of its tenant, not to an offline one nor another tenant\'s', async () => {
    const b = await online('b1');
    const nobody = await queued();
    await settle();
    expect(await offeredTo(nobody)).toBeNull(); // no agent of tenant A is online
    t.clock.advance(1000);
    const a1 = await online('a1');
    await expect.poll(() => offeredTo(nobody)).toBe(staff.a1.id); // coming online takes the waiting one
    const r = await request(t.app).get('/v1/agent/handoffs?status=queued').set({ Authorization: `Bearer ${staff.a1.token}` });
    expect(r.body.find((h: { id: string }) => h.id === nobody)).toMatchObject({ offeredTo: staff.a1.id });
    const events = (await t.services.agentDesk.get({ userId: staff.a1.id, role: 'agent', tenantId: tenantA }, nobody)).events;
    expect(events.map((e) => [e.kind, e.actor])).toEqual([['open', 'bot'], ['offer', 'system']]);
    a1.close();
    b.close();
    await expect.poll(() => onlineIds()).toEqual([]);
    await expect.poll(() => onlineIds('b1')).toEqual([]);
    await closeAll();
  });

  it('oldest handoff first, to the agent idle longest first; a full agent gets none', async () => {
    await t.testDb.db.query(`INSERT INTO handoff_settings (tenant_id, max_active_per_agent) VALUES ($1, 1)
      ON CONFLICT (tenant_id) DO UPDATE SET max_active_per_agent = 1`, [tenantA]);
    const busy = await queued();
    await t.services.agentDesk.claim({ userId: staff.a3.id, role: 'agent', tenantId: tenantA }, busy);
    const s1 = await online('a1');
    t.clock.advance(1000);
    const s2 = await online('a2');
    t.clock.advance(1000);
    const s3 = await online('a3'); // at capacity: one active of at most one
    const older = await queued();
    const newer = await queued();
    const newest = await queued();
    await settle();
    expect(await offeredTo(older)).toBe(staff.a1.id); // a1 came online first: idle longest
    expect(await offeredTo(newer)).toBe(staff.a2.id);
    expect(await offeredTo(newest)).toBeNull(); // a1 and a2 each hold an offer of their one seat; a3 is full
    // Any agent may still claim any queued handoff, one offered to another included.
    const claim = await request(t.app).post(`/v1/agent/handoffs/${older}/claim`).set({ Authorization: `Bearer ${staff.a2.token}` });
    expect([claim.status, claim.body.agentId, claim.body.offeredTo]).toEqual([200, staff.a2.id, null]);
    await settle();
    expect(await offeredTo(newest)).toBe(staff.a1.id); // a1's offer was taken by another: its seat is free again
    for (const s of [s1, s2, s3]) s.close();
    await expect.poll(() => onlineIds()).toEqual([]);
    await t.testDb.db.query('DELETE FROM handoff_settings WHERE tenant_id = $1', [tenantA]);
    await closeAll();
  });

  it('an offer not taken in time goes to the next idle agent; an agent who goes offline loses its offers', async () => {
    const s1 = await online('a1');
    t.clock.advance(1000);
    const s2 = await online('a2');
    const h = await queued();
    await settle();
    expect(await offeredTo(h)).toBe(staff.a1.id);
    t.clock.advance(OFFER_TIMEOUT_MS + 1000);
    await instances[0]!.console.heartbeat(); // both stay online; the lapsed offer moves on
    expect(await offeredTo(h)).toBe(staff.a2.id);
    await offline(s2, 'a2');
    await settle();
    expect(await offeredTo(h)).toBe(staff.a1.id);
    s1.close();
    await expect.poll(() => onlineIds()).toEqual([]);
    await closeAll();
  });

  it('a released handoff goes back to the queue and is offered afresh', async () => {
    const s1 = await online('a1');
    const h = await queued();
    await settle();
    expect(await offeredTo(h)).toBe(staff.a1.id);
    const me = { userId: staff.a1.id, role: 'agent' as const, tenantId: tenantA };
    await t.services.agentDesk.claim(me, h);
    t.clock.advance(1000);
    const s2 = await online('a2');
    t.clock.advance(1000);
    const released = await t.services.agentDesk.release(me, h);
    // a2 has been idle since it came online; a1 just claimed and released.
    expect(released).toMatchObject({ status: 'queued', offeredTo: staff.a2.id });
    s1.close();
    s2.close();
    await expect.poll(() => onlineIds()).toEqual([]);
    await closeAll();
  });

  it('offer passes racing on every instance at once: no handoff offered twice, no agent past its seats', async () => {
    await t.testDb.db.query(`INSERT INTO handoff_settings (tenant_id, max_active_per_agent) VALUES ($1, 2)
      ON CONFLICT (tenant_id) DO UPDATE SET max_active_per_agent = 2`, [tenantA]);
    const s1 = await online('a1');
    const s2 = await online('a2');
    const six: string[] = [];
    // Queued straight into the table: the passes below, not the queued events, make the offers.
    for (let i = 0; i < 6; i++) {
      const c = await t.services.travellers.startSession({ channel: 'app', subject: `r-${i}-${Math.random().toString(36).slice(2, 6)}`, tenantId: tenantA });
      const { rows } = await t.testDb.db.query<{ id: string }>(
        `INSERT INTO handoffs (conversation_id, tenant_id, channel, reason, confidence, created_at, queued_at) VALUES ($1, $2, 'app', 'traveller_request', 0.9, $3, $3) RETURNING id`,
        [c.conversationId, tenantA, t.clock.now()]);
      six.push(rows[0]!.id);
    }
    const offers = (await Promise.all(Array.from({ length: 6 }, () => t.services.agentDesk.offer()))).flat();
    const { rows } = await t.testDb.db.query<{ offered_to: string | null; n: number }>(
      `SELECT offered_to, count(*)::int AS n FROM handoffs WHERE id = ANY($1::uuid[]) GROUP BY offered_to`, [six]);
    const by = Object.fromEntries(rows.map((r) => [r.offered_to ?? 'none', r.n]));
    expect(by).toEqual({ [staff.a1.id]: 2, [staff.a2.id]: 2, none: 2 });
    expect(offers).toHaveLength(4); // each offer made once
    expect(new Set(offers.map((o) => o.handoffId)).size).toBe(4);
    s1.close();
    s2.close();
    await expect.poll(() => onlineIds()).toEqual([]);
    await t.testDb.db.query('DELETE FROM handoff_settings WHERE tenant_id = $1', [tenantA]);
    await closeAll();
  });
});
