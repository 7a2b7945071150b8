// The console socket never delivers another tenant's desk events: two agents of two tenants on real sockets, events of
// both tenants (over Redis pub/sub when REDIS_URL is set), each agent hears only its own; an admin hears both.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { attachAgentConsole, type AgentConsoleEndpoint } from '../../channels/agent-console/index.ts';
import type { Staff } from '../../src/operators/scope.ts';
import { issueToken } from '../../src/security/index.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../support/app.ts';
import { aTenant, aUser } from '../support/builders.ts';

const redis = Boolean(process.env.REDIS_URL);
if (!redis) console.log('agent console tenants: REDIS_URL is unset, so the desk events travel on the in-process bus (the Redis case is left out)');

interface Listener { ws: WebSocket; events: Array<Record<string, unknown>> }

let t: TestApp;
let server: Server;
let endpoint: AgentConsoleEndpoint;
let url: string;
const tenants: Record<'A' | 'B', string> = {} as never;
const agents: Record<'A' | 'B' | 'admin', Staff & { token: string }> = {} as never;
const open: WebSocket[] = [];

beforeAll(async () => {
  t = await startTestApp({ redis });
  tenants.A = await aTenant(t.testDb.db, '京华酒店集团');
  tenants.B = await aTenant(t.testDb.db, '沪上酒店集团');
  for (const [key, role, tenantId] of [['A', 'agent', tenants.A], ['B', 'agent', tenants.B], ['admin', 'admin', null]] as const) {
    const u = await aUser(t.testDb.db, { role, tenantId });
    agents[key] = { userId: u.id, role, tenantId, token: await issueToken(t.services.keys, { kind: 'staff', userId: u.id, role, tenantId }, new Date(TEST_NOW)) };
  }
  server = createServer(t.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  endpoint = attachAgentConsole(server, t.services);
}, 60_000);
afterAll(async () => {
  for (const ws of open) ws.terminate();
  await endpoint?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await t?.close();
});

async function listen(who: keyof typeof agents): Promise<Listener> {
  const ws = new WebSocket(`${url}/v1/agent/ws?token=${agents[who].token}`);
  open.push(ws);
  const events: Listener['events'] = [];
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (m) => {
      const e = JSON.parse(String(m)) as Record<string, unknown>;
      if (e.type === 'ready') resolve();
      else events.push(e);
    });
    ws.on('error', reject);
  });
  return { ws, events };
}

/** A conversation of `tenant` whose traveller asked for a person, claimed by its agent, with a word each way. */
async function aStory(tenant: 'A' | 'B'): Promise<string> {
  const s = await t.services.travellers.startSession({ channel: 'app', subject: `s-${Math.random().toString(36).slice(2, 8)}`, tenantId: tenants[tenant] });
  const id = await t.services.handoffs.request({ conversationId: s.conversationId, tenantId: tenants[tenant], channel: 'app', reason: 'traveller_request', confidence: 0.3 });
  await t.services.handoffs.forward({ conversationId: s.conversationId, messageId: crypto.randomUUID(), text: `有人吗？${tenant}` });
  await t.services.agentDesk.claim(agents[tenant], id);
  await t.services.agentDesk.reply(agents[tenant], s.conversationId, `您好，我是${tenant}的客服`);
  await t.services.agentDesk.resolve(agents[tenant], id, { note: 'done' });
  return s.conversationId;
}

describe(`the console socket is tenant-scoped${redis ? ' (events over Redis)' : ''}`, () => {
  it("an agent of tenant A never hears tenant B's events, nor B's agent A's; an admin hears both", async () => {
    const [a, b, admin] = [await listen('A'), await listen('B'), await listen('admin')];
    const conversations = { A: [] as string[], B: [] as string[] };
    for (const tenant of ['B', 'A', 'B', 'A'] as const) conversations[tenant].push(await aStory(tenant));
    // The last story's last event came after every other one: once each socket has its tenant's, it has heard all.
    const lastOf = (c: string) => (l: Listener) => l.events.some((e) => e.type === 'handoff.resolved' && e.conversationId === c);
    await expect.poll(() => lastOf(conversations.A.at(-1)!)(a), { timeout: 5000 }).toBe(true);
    await expect.poll(() => lastOf(conversations.B.at(-1)!)(b), { timeout: 5000 }).toBe(true);
    await expect.poll(() => lastOf(conversations.A.at(-1)!)(admin) && lastOf(conversations.B.at(-1)!)(admin), { timeout: 5000 }).toBe(true);

    for (const [mine, theirs, l] of [['A', 'B', a], ['B', 'A', b]] as const) {
      expect(l.events.length).toBeGreaterThan(0);
      expect(l.events.every((e) => e.tenantId === tenants[mine])).toBe(true);
      const heard = JSON.stringify(l.events);
      for (const c of conversations[theirs]) expect(heard).not.toContain(c);
      expect(heard).not.toContain(`有人吗？${theirs}`);
      const types = new Set(l.events.map((e) => e.type));
      for (const type of ['handoff.queued', 'traveller.message', 'handoff.claimed', 'agent.message', 'handoff.resolved']) expect(types).toContain(type);
      expect(new Set(l.events.map((e) => e.conversationId))).toEqual(new Set(conversations[mine]));
    }
    const adminHeard = new Set(admin.events.map((e) => e.conversationId));
    for (const c of [...conversations.A, ...conversations.B]) expect(adminHeard).toContain(c);
  }, 30_000);
});
