// An agent's messages reach the traveller on their own channel: the web chat's socket, and WeChat customer-service messages.
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachWebChat, type NumberedReply, type WebChatEndpoint } from '../../channels/web/index.ts';
import { openChatSocket, type ChatSocket } from '../../channels/web/client.ts';
import { conversationMessages, conversationTopic } from '../../src/bot/index.ts';
import type { HandoffItem } from '../../src/handoff/index.ts';
import { issueToken } from '../../src/security/index.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../support/app.ts';
import { aTenant, aUser } from '../support/builders.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';
import { PATHS, startFakeWechat, type FakeWechat } from '../support/fake-wechat.ts';
import { listen, type Listening } from '../support/server.ts';

const APPID = `wx${randomBytes(8).toString('hex')}`;
const SECRET = randomBytes(16).toString('hex');

let t: TestApp;
let llm: FakeLlm;
let wx: FakeWechat;
let srv: Listening;
let chat: WebChatEndpoint;
let tenantId: string;
let agent: { id: string; token: string };
const sockets: ChatSocket[] = [];

beforeAll(async () => {
  llm = await startFakeLlm();
  wx = await startFakeWechat({ appId: APPID, secret: SECRET });
  t = await startTestApp({
    env: { LLM_BASE_URL: llm.url, LLM_MODEL: 'fake-concierge', WECHAT_APPID: APPID, WECHAT_SECRET: SECRET, WECHAT_TOKEN: 'push-token', WECHAT_API_BASE: wx.url },
    // With REDIS_URL the agent's messages travel over Redis pub/sub, as between two instances.
    redis: Boolean(process.env.REDIS_URL),
  });
  srv = await listen(t.app);
  chat = attachWebChat(srv.server, t.services);
  tenantId = await aTenant(t.testDb.db);
  const u = await aUser(t.testDb.db, { role: 'agent', tenantId });
  agent = { id: u.id, token: await issueToken(t.services.keys, { kind: 'staff', userId: u.id, role: 'agent', tenantId }, new Date(TEST_NOW)) };
}, 60_000);
afterAll(async () => {
  for (const s of sockets) await s.close().catch(() => undefined);
  await chat?.close();
  await srv?.close();
  await t?.close();
  await llm?.close();
  await wx?.close();
});

const auth = () => ({ Authorization: `Bearer ${agent.token}` });

/** The agent takes the conversation's queued handoff; resolves to its id. */
async function claimOf(conversationId: string): Promise<string> {
  const queued = (await request(t.app).get('/v1/agent/handoffs?status=queued').set(auth())).body as HandoffItem[];
  const h = queued.find((x) => x.conversationId === conversationId)!;
  expect((await request(t.app).post(`/v1/agent/handoffs/${h.id}/claim`).set(auth())).status).toBe(200);
  return h.id;
}

const agentSays = (conversationId: string, text: string) =>
  request(t.app).post(`/v1/agent/conversations/${conversationId}/messages`).set(auth()).send({ text });

describe('web chat', () => {
  it('the agent\'s reply is in the transcript, announced on the conversation topic, and on the open socket', async () => {
    const session = (await request(t.app).post('/v1/web/sessions').send({ tenantId, locale: 'zh-CN' })).body as { token: string; conversationId: string };
    const socket = await openChatSocket(srv.url, session.token);
    sockets.push(socket);
    await socket.ready;
    llm.script({ content: '好的。' });
    const [handedOff] = await socket.say('我要找人工客服');
    expect(handedOff).toMatchObject({ handoff: true });
    const handoffId = await claimOf(session.conversationId);

    const events: unknown[] = [];
    const off = t.services.events.subscribe(conversationTopic(session.conversationId), (e) => events.push(e));
    await off.ready;
    const r = await agentSays(session.conversationId, '您好，我是客服小李。');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ delivered: true, channel: 'web' });
    const frame = (await socket.next((f) => (f as NumberedReply).author === 'agent')) as NumberedReply;
    expect(frame).toMatchObject({ type: 'message', text: '您好，我是客服小李。', author: 'agent' });
    await expect.poll(() => events).toEqual([{ type: 'message', text: '您好，我是客服小李。', author: 'agent' }]);
    off();
    const msgs = await conversationMessages(t.testDb.db, session.conversationId);
    expect(msgs.at(-1)).toMatchObject({ author: 'agent', direction: 'out', text: '您好，我是客服小李。' });

    // The traveller answers the person, not the bot.
    const before = llm.requests.length;
    expect(await socket.say('谢谢')).toEqual([]);
    expect(llm.requests.length).toBe(before);

    // Hand back: the socket shows it, and the history says the conversation is the bot's again.
    expect((await request(t.app).post(`/v1/agent/handoffs/${handoffId}/resolve`).set(auth()).send({})).status).toBe(200);
    const back = (await socket.next((f) => (f as NumberedReply).author === 'system')) as NumberedReply;
    expect(back.text).toContain('您已回到智能助手');
    const history = await request(t.app).get('/v1/web/history').set('Authorization', `Bearer ${session.token}`);
    expect([history.status, history.body.handoff]).toEqual([200, null]);
  });
});

describe('WeChat', () => {
  const openid = `o${randomBytes(12).toString('base64url')}`;
  let conversationId: string;

  it('"转人工" in the mini-program queues the conversation; the agent\'s reply goes out as a customer-service message', async () => {
    wx.registerCode('code-1', openid);
    const login = await request(t.app).post('/v1/wechat/login').send({ code: 'code-1', tenantId });
    expect(login.status).toBe(200);
    conversationId = login.body.conversationId;
    llm.script({ content: '好的。' });
    const turn = await request(t.app).post('/v1/wechat/messages').set('Authorization', `Bearer ${login.body.token}`).send({ text: '转人工' });
    expect(turn.body.replies[0]).toMatchObject({ handoff: true });
    await claimOf(conversationId);

    const r = await agentSays(conversationId, '您好，我是客服小李，马上为您查询。');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ delivered: true, channel: 'wechat' });
    expect(wx.delivered(openid)).toEqual([{ touser: openid, msgtype: 'text', text: { content: '您好，我是客服小李，马上为您查询。' } }]);
    expect(wx.problems).toEqual([]);
  });

  it('a closed 48-hour window (45015): recorded all the same, delivered: false, and the conversation is marked', async () => {
    wx.script(PATHS.send, { errcode: 45015, errmsg: 'response out of time limit or subscription is canceled' });
    const r = await agentSays(conversationId, '请问还在吗？');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ delivered: false, reason: 'wechat_window_closed' });
    const { rows } = await t.testDb.db.query<{ reply_window_reason: string }>('SELECT reply_window_reason FROM conversations WHERE id = $1', [conversationId]);
    expect(rows[0]!.reply_window_reason).toBe('wechat:45015');
    const msgs = await conversationMessages(t.testDb.db, conversationId);
    expect(msgs.slice(-2).map((m) => m.author)).toEqual(['agent', 'system']);
    expect(msgs.at(-2)!.text).toBe('请问还在吗？');
    expect(msgs.at(-1)!.text).toContain('45015');
    const active = (await request(t.app).get('/v1/agent/handoffs?status=active').set(auth())).body as HandoffItem[];
    expect(active.find((h) => h.conversationId === conversationId)).toMatchObject({ replyWindowClosed: true });
  });

  it('a WeChat traveller kept waiting hears once that agents are busy, and that replies continue within 48 hours', async () => {
    const other = `o${randomBytes(12).toString('base64url')}`;
    wx.registerCode('code-2', other);
    const login = await request(t.app).post('/v1/wechat/login').send({ code: 'code-2', tenantId });
    await t.services.handoffs.request({ conversationId: login.body.conversationId, tenantId, channel: 'wechat', reason: 'traveller_request', confidence: 1 });
    t.clock.advance(6 * 60_000);
    await t.services.agentDesk.sendWaitNotices();
    await t.services.agentDesk.sendWaitNotices();
    const sent = wx.delivered(other);
    expect(sent).toHaveLength(1);
    expect(sent[0].text.content).toContain('客服繁忙');
    expect(sent[0].text.content).toContain('48 小时');
  });
});
