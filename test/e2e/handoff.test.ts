// Human handoff through the app channel: the queue, one claim wins, the agent's reply, the hand-back the bot knows of.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/booking/index.ts';
import { conversationMessages, conversationTraces } from '../../src/bot/index.ts';
import { AGENT_TOPIC, type HandoffItem } from '../../src/handoff/index.ts';
import { issueToken } from '../../src/security/index.ts';
import { startTestApp, TEST_APP_KEY, TEST_NOW, type TestApp } from '../support/app.ts';
import { aHotel, aRoomType, aTenant, aUser } from '../support/builders.ts';
import { traveller, type Traveller } from '../support/conversation.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';
import { listen, type Listening } from '../support/server.ts';
import { openSse } from '../support/sse.ts';

let t: TestApp;
let llm: FakeLlm;
let srv: Listening;
let tenantA: string;
let hotelId: string;
let roomTypeId: string;
/** Agents of tenant A (with their tokens), an agent of tenant B, a platform agent and an admin. */
const staff: Record<'a1' | 'a2' | 'b1' | 'platform' | 'admin' | 'operator', { id: string; token: string }> = {} as never;

beforeAll(async () => {
  llm = await startFakeLlm();
  // With REDIS_URL the desk's events and the agent's messages travel over Redis pub/sub, as between two instances.
  t = await startTestApp({ env: { LLM_BASE_URL: llm.url, LLM_MODEL: 'fake-concierge' }, redis: Boolean(process.env.REDIS_URL) });
  srv = await listen(t.app);
  const db = t.testDb.db;
  tenantA = await aTenant(db, '京华酒店集团');
  const tenantB = await aTenant(db, '沪上酒店集团');
  hotelId = await aHotel(db, { tenantId: tenantA, name: '京伦饭店', city: '北京' });
  roomTypeId = await aRoomType(db, { hotelId, from: '2026-12-01', price: 56_000 });
  const people = { a1: ['agent', tenantA], a2: ['agent', tenantA], b1: ['agent', tenantB], platform: ['agent', null], admin: ['admin', null], operator: ['operator', tenantA] } as const;
  for (const [key, [role, tenantId]] of Object.entries(people)) {
    const u = await aUser(db, { role, tenantId });
    staff[key as keyof typeof staff] = { id: u.id, token: await issueToken(t.services.keys, { kind: 'staff', userId: u.id, role, tenantId }, new Date(TEST_NOW)) };
  }
}, 60_000);
afterAll(async () => {
  await srv?.close();
  await t?.close();
  await llm?.close();
});

/** A traveller of tenant A on the app channel. */
async function aTravellerOfA(userId = `u-${Math.random().toString(36).slice(2, 8)}`): Promise<Traveller> {
  const s = await t.services.travellers.startSession({ channel: 'app', subject: userId, tenantId: tenantA, locale: 'zh-CN' });
  const a = traveller(t, userId);
  a.conversationId = s.conversationId;
  return a;
}

/** A queued handoff of a new tenant-A traveller, without a model turn. */
async function aQueuedHandoff(): Promise<{ id: string; conversationId: string }> {
  const s = await t.services.travellers.startSession({ channel: 'app', subject: `q-${Math.random().toString(36).slice(2, 8)}`, tenantId: tenantA });
  const id = await t.services.handoffs.request({ conversationId: s.conversationId, tenantId: tenantA, channel: 'app', reason: 'traveller_request', confidence: 0.9 });
  return { id, conversationId: s.conversationId };
}

const as = (who: keyof typeof staff) => ({ Authorization: `Bearer ${staff[who].token}` });
const queue = async (who: keyof typeof staff, status = 'queued'): Promise<HandoffItem[]> => {
  const r = await request(t.app).get(`/v1/agent/handoffs?status=${status}`).set(as(who));
  expect(r.status).toBe(200);
  return r.body as HandoffItem[];
};
const claim = (who: keyof typeof staff, id: string) => request(t.app).post(`/v1/agent/handoffs/${id}/claim`).set(as(who));
const say = (who: keyof typeof staff, conversationId: string, text: string) =>
  request(t.app).post(`/v1/agent/conversations/${conversationId}/messages`).set(as(who)).send({ text });

describe('a traveller asks for a person', () => {
  let a: Traveller;
  let handoffId: string;

  it('"转人工": the bot says a person will come, and the handoff is queued with that reason', async () => {
    a = await aTravellerOfA('zh-traveller');
    llm.script({ content: '好的，马上为您安排。' });
    const [reply] = await a.says('转人工');
    expect(reply!.handoff).toBe(true);
    expect(reply!.text).toContain('已为您转接人工客服');
    const item = (await queue('a1')).find((h) => h.conversationId === a.conversationId)!;
    expect(item).toMatchObject({ channel: 'app', reason: 'traveller_request', status: 'queued', tenantId: tenantA, agentId: null, travellerLocale: 'zh-CN', waitingSeconds: 0 });
    expect(typeof item.confidence).toBe('number');
    expect(item.lastMessage).toMatchObject({ author: 'bot' });
    expect(Object.keys(item)).toEqual(expect.arrayContaining(['id', 'conversationId', 'channel', 'reason', 'confidence', 'createdAt']));
    handoffId = item.id;
  });

  it('"I want to talk to a person" does the same in English', async () => {
    const e = await aTravellerOfA();
    llm.script({ content: 'Sure.' });
    const [reply] = await e.says('I want to talk to a person');
    expect(reply!.handoff).toBe(true);
    expect(reply!.text).toContain('colleague');
    const item = (await queue('a1')).find((h) => h.conversationId === e.conversationId)!;
    expect(item).toMatchObject({ reason: 'traveller_request', travellerLocale: 'en' });
  });

  it('the queue is oldest first', async () => {
    const items = await queue('a1');
    const queuedAt = items.map((h) => h.queuedAt);
    expect(queuedAt).toEqual([...queuedAt].sort());
  });

  it('further messages reach the agents (their topic and the transcript), not the bot: the model is not called', async () => {
    const heard: Array<Record<string, unknown>> = [];
    const off = t.services.events.subscribe(AGENT_TOPIC, (e) => heard.push(e as Record<string, unknown>));
    await off.ready;
    const before = llm.requests.length;
    expect(await a.says('有人吗？我的手机是13800138000')).toEqual([]);
    off();
    expect(llm.requests.length).toBe(before);
    expect(heard).toEqual([expect.objectContaining({ type: 'traveller.message', conversationId: a.conversationId, handoffId, tenantId: tenantA, text: '有人吗？我的手机是138****8000' })]);
    const last = (await conversationMessages(t.testDb.db, a.conversationId!)).at(-1)!;
    expect(last).toMatchObject({ author: 'traveller', direction: 'in' });
  });

  it('two agents claim at the same moment: exactly one wins, the other gets 409 conflict', async () => {
    const [r1, r2] = await Promise.all(['a1', 'a2'].map((who) =>
      fetch(`${srv.url}/v1/agent/handoffs/${handoffId}/claim`, { method: 'POST', headers: as(who as 'a1') }).then(async (r) => ({ status: r.status, body: (await r.json()) as HandoffItem & { error?: string } }))));
    const results = [r1!, r2!].sort((x, y) => x.status - y.status);
    expect(results.map((r) => r.status)).toEqual([200, 409]);
    expect(results[1]!.body.error).toBe('conflict');
    const winner = results[0]!.body as HandoffItem;
    expect(winner).toMatchObject({ status: 'active' });
    const { rows } = await t.testDb.db.query<{ kind: string }>(`SELECT kind FROM handoff_events WHERE handoff_id = $1 AND kind = 'claim'`, [handoffId]);
    expect(rows).toHaveLength(1);
    // The rest of this story is a1's.
    if (winner.agentId !== staff.a1.id) {
      expect((await request(t.app).post(`/v1/agent/handoffs/${handoffId}/release`).set(as('a2')).send({})).status).toBe(200);
      expect((await claim('a1', handoffId)).status).toBe(200);
    }
    expect((await claim('a1', handoffId)).status).toBe(200); // claiming one's own again changes nothing
    // A release takes a reason, not a note for the bot: a note is refused, not silently dropped, and nothing moves.
    const withNote = await request(t.app).post(`/v1/agent/handoffs/${handoffId}/release`).set(as('a1')).send({ note: 'for the bot' });
    expect([withNote.status, withNote.body.error]).toEqual([400, 'invalid_request']);
    const { rows: still } = await t.testDb.db.query<{ status: string }>('SELECT status FROM handoffs WHERE id = $1', [handoffId]);
    expect(still[0]!.status).toBe('active');
  });

  it("the agent's reply reaches the app traveller over SSE, and only the holding agent may write", async () => {
    const stream = await openSse(`${srv.url}/v1/app/conversations/${a.conversationId}/events`, { authorization: `Bearer ${TEST_APP_KEY}` });
    try {
      expect((await stream.next()).comments).toContain('connected');
      const r = await say('a1', a.conversationId!, '您好，我是客服小王，请问有什么可以帮您？');
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ delivered: true, channel: 'app', handoffId, conversationId: a.conversationId });
      const event = await stream.next();
      expect(event.event).toBe('message');
      expect(JSON.parse(event.data!)).toEqual({ type: 'message', text: '您好，我是客服小王，请问有什么可以帮您？', author: 'agent' });
    } finally {
      stream.close();
    }
    expect((await say('a2', a.conversationId!, '我也来')).status).toBe(403);
    expect((await say('b1', a.conversationId!, '我也来')).status).toBe(404);
    expect((await say('a1', a.conversationId!, '   ')).status).toBe(400);
    const msgs = await conversationMessages(t.testDb.db, a.conversationId!);
    expect(msgs.filter((m) => m.author === 'agent').map((m) => m.text)).toEqual(['您好，我是客服小王，请问有什么可以帮您？']);
  });

  it('the agent sees the transcript, the bot\'s traces and the traveller\'s context', async () => {
    const r = await request(t.app).get(`/v1/agent/conversations/${a.conversationId}`).set(as('a1'));
    expect(r.status).toBe(200);
    expect(r.body.conversation).toMatchObject({ id: a.conversationId, channel: 'app', tenantId: tenantA, locale: 'zh-CN' });
    expect(r.body.handoff).toMatchObject({ id: handoffId, status: 'active', agentId: staff.a1.id });
    // a2 may have won the claim race earlier and handed it on to a1 (release, claim again); offers, notices and actions are not moves.
    const kinds = r.body.handoff.events.map((e: { kind: string }) => e.kind).filter((k: string) => !['offer', 'notice', 'action'].includes(k));
    expect([['open', 'claim'], ['open', 'claim', 'release', 'claim']]).toContainEqual(kinds);
    expect(r.body.messages.map((m: { author: string }) => m.author)).toEqual(['traveller', 'bot', 'traveller', 'agent']);
    expect(r.body.traces).toHaveLength(1);
    expect(r.body.traces[0]).toMatchObject({ outcome: 'handoff', model: 'fake-concierge' });
    expect(r.body.traces[0].input).toBeUndefined();
    expect(r.body.context.memory).toMatchObject({ locale: 'zh-CN', turns: 1 });
    expect(JSON.stringify(r.body)).not.toContain('13800138000');
  });

  it('resolve: the traveller hears they are back with the assistant, and what was booked for them', async () => {
    const actor: Actor = { kind: 'staff', userId: staff.a1.id, role: 'agent', tenantId: tenantA };
    const { reservation } = await t.services.booking.book(
      { hotelId, roomTypeId, checkIn: '2026-12-10', checkOut: '2026-12-12', rooms: 2, guests: 4, guest: { name: '张三', phone: '13800138000' } },
      actor, { idempotencyKey: 'agent-booking-1' });
    const stream = await openSse(`${srv.url}/v1/app/conversations/${a.conversationId}/events`, { authorization: `Bearer ${TEST_APP_KEY}` });
    try {
      await stream.next();
      const r = await request(t.app).post(`/v1/agent/handoffs/${handoffId}/resolve`).set(as('a1'))
        .send({ note: '客人要两间房，已订好；客人还想问接机，酒店没有此服务。', reservations: [reservation.code] });
      expect(r.status).toBe(200);
      expect(r.body.handoff).toMatchObject({ id: handoffId, status: 'resolved' });
      expect(r.body.notice).toMatchObject({ delivered: true });
      const told = JSON.parse((await stream.next()).data!) as { text: string; author: string };
      expect(told.author).toBe('system');
      expect(told.text).toContain('您已回到智能助手');
      expect(told.text).toContain(reservation.code);
      expect(told.text).not.toContain('接机'); // the note is for the bot, not the traveller
    } finally {
      stream.close();
    }
    expect((await request(t.app).post(`/v1/agent/handoffs/${handoffId}/resolve`).set(as('a1')).send({})).status).toBe(409);

    // The bot answers again, and its model input says what happened meanwhile, the booking included.
    llm.script((req) => {
      const note = req.messages.find((m) => m.role === 'system' && String(m.content).startsWith('Meanwhile'));
      return { content: note ? `您的订单 ${reservation.code}：京伦饭店，12月10日至12日，两间。` : '我不知道。' };
    });
    const [reply] = await a.says('我刚才订的是哪家？');
    expect(reply!.text).toBe(`您的订单 ${reservation.code}：京伦饭店，12月10日至12日，两间。`);
    const input = llm.requests.at(-1)!.messages.map((m) => String(m.content ?? '')).join('\n');
    expect(input).toContain('您好，我是客服小王');
    expect(input).toContain('接机');
    expect(input).toContain(`${reservation.code}: 京伦饭店`);
    const trace = (await conversationTraces(t.testDb.db, a.conversationId!)).at(-1)!;
    expect(trace.guardHits).toEqual([]);

    // Told once: the next turn has it in its window, not twice.
    llm.script({ content: '不客气。' });
    await a.says('好的谢谢');
    const notes = llm.requests.at(-1)!.messages.filter((m) => m.role === 'system' && String(m.content).startsWith('Meanwhile'));
    expect(notes).toHaveLength(1);
  });

  it('every move is in the history: who, when, why', async () => {
    const r = await request(t.app).get(`/v1/agent/handoffs/${handoffId}`).set(as('a1'));
    expect(r.status).toBe(200);
    const events = r.body.events as Array<{ kind: string; fromStatus: string | null; toStatus: string; actor: string; actorId: string | null; reason: string | null; detail: { note?: string }; createdAt: string }>;
    const moves = events.filter((e) => e.kind !== 'release' && !(e.kind === 'claim' && e.actorId !== staff.a1.id));
    expect(moves.map((e) => [e.kind, e.fromStatus, e.toStatus, e.actor])).toEqual([
      ['open', null, 'queued', 'bot'], ['claim', 'queued', 'active', 'agent'], ['resolve', 'active', 'resolved', 'agent'],
    ]);
    expect(moves[0]!.reason).toBe('traveller_request');
    expect(moves[2]!.actorId).toBe(staff.a1.id);
    expect(moves[2]!.detail.note).toContain('接机');
    expect(events.every((e) => e.createdAt)).toBe(true);
    expect((await queue('a1', 'resolved')).map((h) => h.id)).toContain(handoffId);
  });
});

describe('who may see and take what', () => {
  let mine: { id: string; conversationId: string };

  beforeAll(async () => {
    mine = await aQueuedHandoff();
  });

  it("an agent of tenant B neither sees nor claims nor opens tenant A's conversations: 404", async () => {
    expect((await queue('b1')).map((h) => h.id)).not.toContain(mine.id);
    expect((await claim('b1', mine.id)).status).toBe(404);
    expect((await request(t.app).get(`/v1/agent/handoffs/${mine.id}`).set(as('b1'))).status).toBe(404);
    expect((await request(t.app).get(`/v1/agent/conversations/${mine.conversationId}`).set(as('b1'))).status).toBe(404);
    expect((await say('b1', mine.conversationId, '你好')).status).toBe(404);
    expect((await request(t.app).post(`/v1/agent/handoffs/${mine.id}/close`).set(as('b1')).send({})).status).toBe(404);
  });

  it('platform agents and admins see every tenant; operators are not agents (403); no token is 401', async () => {
    expect((await queue('platform')).map((h) => h.id)).toContain(mine.id);
    expect((await queue('admin')).map((h) => h.id)).toContain(mine.id);
    expect((await request(t.app).get('/v1/agent/handoffs').set(as('operator'))).status).toBe(403);
    expect((await request(t.app).get('/v1/agent/handoffs')).status).toBe(401);
    expect((await request(t.app).get('/v1/agent/handoffs?status=lost').set(as('a1'))).status).toBe(400);
  });

  it('an agent writes only after claiming; an admin acts as an agent of any tenant', async () => {
    const r = await say('a2', mine.conversationId, '你好');
    expect([r.status, r.body.error]).toEqual([409, 'conflict']);
    expect((await say('admin', mine.conversationId, '您好，我是值班经理。')).status).toBe(201);
    expect((await claim('admin', mine.id)).body).toMatchObject({ status: 'active', agentId: staff.admin.id });
    expect((await request(t.app).post(`/v1/agent/handoffs/${mine.id}/close`).set(as('admin')).send({ reason: 'handled by phone' })).status).toBe(200);
  });

  it('an agent holds at most 3 active chats (409 agent_at_capacity); the tenant may allow more', async () => {
    const four = [await aQueuedHandoff(), await aQueuedHandoff(), await aQueuedHandoff(), await aQueuedHandoff()];
    for (const h of four.slice(0, 3)) expect((await claim('a2', h.id)).status).toBe(200);
    const refused = await claim('a2', four[3]!.id);
    expect([refused.status, refused.body.error]).toEqual([409, 'agent_at_capacity']);
    expect((await queue('a2', 'active')).filter((h) => h.agentId === staff.a2.id)).toHaveLength(3);
    await t.testDb.db.query('INSERT INTO handoff_settings (tenant_id, max_active_per_agent) VALUES ($1, 4)', [tenantA]);
    expect((await claim('a2', four[3]!.id)).status).toBe(200);
    for (const h of four) expect((await request(t.app).post(`/v1/agent/handoffs/${h.id}/close`).set(as('a2')).send({})).status).toBe(200);
  });

  it('three agents race for three handoffs at once: each handoff has exactly one winner', async () => {
    const three = [await aQueuedHandoff(), await aQueuedHandoff(), await aQueuedHandoff()];
    const attempts = three.flatMap((h) => (['a1', 'a2', 'platform'] as const).map((who) => ({ h, who })));
    const results = await Promise.all(attempts.map(async ({ h, who }) => {
      const r = await fetch(`${srv.url}/v1/agent/handoffs/${h.id}/claim`, { method: 'POST', headers: as(who) });
      return { id: h.id, who, status: r.status, error: r.status === 200 ? null : ((await r.json()) as { error: string }).error };
    }));
    for (const h of three) {
      const mine = results.filter((r) => r.id === h.id);
      expect(mine.filter((r) => r.status === 200)).toHaveLength(1);
      expect(mine.filter((r) => r.status !== 200).map((r) => r.error)).toEqual(['conflict', 'conflict']);
      const winner = mine.find((r) => r.status === 200)!;
      const { rows } = await t.testDb.db.query<{ agent_id: string }>('SELECT agent_id FROM handoffs WHERE id = $1', [h.id]);
      expect(rows[0]!.agent_id).toBe(staff[winner.who].id);
      expect((await request(t.app).post(`/v1/agent/handoffs/${h.id}/close`).set(as(winner.who)).send({})).status).toBe(200);
    }
  });
});

describe('a traveller who waits too long', () => {
  it('hears once, honestly, that agents are busy', async () => {
    const h = await aQueuedHandoff();
    await t.services.agentDesk.sendWaitNotices();
    const busy = async () => (await conversationMessages(t.testDb.db, h.conversationId)).filter((m) => m.author === 'system' && m.text.includes('客服繁忙'));
    expect(await busy()).toHaveLength(0);
    t.clock.advance(5 * 60_000 + 1000);
    await t.services.agentDesk.sendWaitNotices();
    await t.services.agentDesk.sendWaitNotices();
    expect(await busy()).toHaveLength(1);
    // Not a WeChat traveller: no word of a 48-hour window.
    expect((await busy())[0]!.text).not.toContain('48');
    const item = (await queue('a1')).find((x) => x.id === h.id)!;
    expect(item.waitNoticeSentAt).not.toBeNull();
    expect(item.waitingSeconds).toBeGreaterThanOrEqual(300);
  });
});
