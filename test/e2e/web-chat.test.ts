// The web chat: sessions, messages by HTTP, the socket (auth, replies, later messages, resends, resume, abuse), the page.
import vm from 'node:vm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { attachWebChat, type NumberedReply, type WebChatEndpoint } from '../../channels/web/index.ts';
import { ChatSocketRefused, openChatSocket, type ChatSocket } from '../../channels/web/client.ts';
import { CHAT_SCRIPT } from '../../channels/web/page/chat-script.ts';
import { EMBED_SCRIPT } from '../../channels/web/page/embed-script.ts';
import type { Actor } from '../../src/booking/index.ts';
import { conversationTopic, recordOutbound, type Reply } from '../../src/bot/index.ts';
import { issueToken } from '../../src/security/index.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../support/app.ts';
import { aHotel, aRoomType, aTenant, staffToken } from '../support/builders.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';
import { listen, type Listening } from '../support/server.ts';

let t: TestApp;
let llm: FakeLlm;
let srv: Listening;
let chat: WebChatEndpoint;
const open: ChatSocket[] = [];

beforeAll(async () => {
  llm = await startFakeLlm();
  // With REDIS_URL the later messages travel over Redis pub/sub, as between two instances.
  t = await startTestApp({ env: { LLM_BASE_URL: llm.url, LLM_MODEL: 'fake-concierge' }, redis: Boolean(process.env.REDIS_URL) });
  srv = await listen(t.app);
  chat = attachWebChat(srv.server, t.services, { pingIntervalMs: 150 });
}, 60_000);
afterAll(async () => {
  for (const s of open) await s.close().catch(() => undefined);
  await chat?.close();
  await srv?.close();
  await t?.close();
  await llm?.close();
});

interface Session {
  token: string;
  conversationId: string;
}

async function aSession(): Promise<Session> {
  const r = await request(t.app).post('/v1/web/sessions').send({ locale: 'zh-CN' });
  expect(r.status).toBe(200);
  return r.body as Session;
}

async function connect(s: Session, lastSeq?: number, ws?: ConstructorParameters<typeof WebSocket>[2]): Promise<ChatSocket> {
  const socket = await openChatSocket(srv.url, s.token, { lastSeq, ws: ws as never });
  open.push(socket);
  await socket.ready;
  return socket;
}

/** A message of an agent, recorded and then published, the way every later message reaches a conversation. */
async function agentSays(conversationId: string, text: string): Promise<void> {
  const reply: Reply = { type: 'message', text };
  await recordOutbound(t.services.db, t.services.keys, { conversationId, channel: 'web', author: 'agent', reply, at: t.clock.now() });
  await t.services.events.publish(conversationTopic(conversationId), reply);
}

const modelSays = (content: string) => llm.script({ content });
const texts = (ms: NumberedReply[]) => ms.map((m) => m.text);

describe('POST /v1/web/sessions and POST /v1/web/messages', () => {
  it('a session is a web traveller token for a new conversation', async () => {
    const a = await aSession();
    const b = await aSession();
    expect(a.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a.conversationId).not.toBe(b.conversationId);
  });

  it('a message by HTTP is answered with every reply of its turn', async () => {
    const s = await aSession();
    modelSays('您好！请问您想去哪个城市？');
    const r = await request(t.app).post('/v1/web/messages').set('Authorization', `Bearer ${s.token}`).send({ text: '你好' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ conversationId: s.conversationId, replies: [{ type: 'message', text: '您好！请问您想去哪个城市？' }] });
  });

  it('no token or a bad one is 401; a traveller token of another channel is 403', async () => {
    const appToken = await issueToken(t.services.keys, { kind: 'traveller', travellerId: 'app:u1', channel: 'app', conversationId: crypto.randomUUID(), tenantId: null }, new Date(TEST_NOW));
    const send = (auth?: string) => {
      const req = request(t.app).post('/v1/web/messages');
      return (auth ? req.set('Authorization', auth) : req).send({ text: '你好' });
    };
    expect((await send()).body.error).toBe('unauthorized');
    expect((await send('Bearer not-a-token')).status).toBe(401);
    const other = await send(`Bearer ${appToken}`);
    expect([other.status, other.body.error]).toEqual([403, 'forbidden']);
  });

  it('a body outside the schema is 400 with the zod issues under details', async () => {
    const s = await aSession();
    for (const body of [{ text: '   ' }, { text: 'hi', userId: 'x' }, { messageId: 'm1' }]) {
      const r = await request(t.app).post('/v1/web/messages').set('Authorization', `Bearer ${s.token}`).send(body);
      expect(r.status).toBe(400);
      expect(r.body.error).toBe('invalid_request');
      expect(Array.isArray(r.body.details)).toBe(true);
    }
  });

  it('a message resent with the same messageId is answered once, the same way', async () => {
    const s = await aSession();
    modelSays('请告诉我入住日期。');
    const before = llm.requests.length;
    const send = () => request(t.app).post('/v1/web/messages').set('Authorization', `Bearer ${s.token}`).send({ text: '去北京', messageId: 'http-1' });
    const [first, again] = [await send(), await send()];
    expect(again.body.replies).toEqual(first.body.replies);
    expect(llm.requests.length - before).toBe(1);
  });
});

describe('the socket /v1/web/ws', () => {
  it('refuses a missing or bad token with 401 (JSON error), and a foreign channel\'s with 403, before upgrading', async () => {
    for (const token of ['', 'not-a-token']) {
      const err = await openChatSocket(srv.url, token).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(ChatSocketRefused);
      expect((err as ChatSocketRefused).status).toBe(401);
      expect(JSON.parse((err as ChatSocketRefused).body).error).toBe('unauthorized');
    }
    const appToken = await issueToken(t.services.keys, { kind: 'traveller', travellerId: 'app:u2', channel: 'app', conversationId: crypto.randomUUID(), tenantId: null }, new Date(TEST_NOW));
    expect(await openChatSocket(srv.url, appToken).catch((e: ChatSocketRefused) => e.status)).toBe(403);
    const s = await aSession();
    const bad = await openChatSocket(`${srv.url}/?`, s.token, { lastSeq: -1 }).catch((e: ChatSocketRefused) => e.status);
    expect(bad).toBe(400);
  });

  it('a message in gets its Reply out, numbered and addressed to the message id, then an ack', async () => {
    const s = await aSession();
    const socket = await connect(s);
    modelSays('您好！想去哪里？');
    socket.ws.send(JSON.stringify({ text: '你好', id: 'w-1' }));
    const reply = await socket.next((f) => f.type === 'message');
    expect(reply).toMatchObject({ type: 'message', text: '您好！想去哪里？', author: 'bot', replyTo: 'w-1' });
    expect((reply as NumberedReply).seq).toBeGreaterThan(0);
    expect(await socket.next((f) => f.type === 'ack')).toEqual({ type: 'ack', id: 'w-1', seqs: [(reply as NumberedReply).seq] });
  });

  it('a contract client that sends only {"text"} gets the Reply, and an ack without an id', async () => {
    const s = await aSession();
    const socket = await connect(s);
    modelSays('好的。');
    socket.ws.send(JSON.stringify({ text: '在吗' }));
    expect(await socket.next((f) => f.type === 'message')).toMatchObject({ type: 'message', text: '好的。' });
    expect(await socket.next((f) => f.type === 'ack')).toMatchObject({ id: null });
  });

  it('a later message published on the conversation\'s topic reaches the socket, numbered after the last', async () => {
    const s = await aSession();
    const socket = await connect(s);
    modelSays('正在为您查询。');
    const [answer] = await socket.say('北京有房吗');
    await agentSays(s.conversationId, '您好，我是客服小王。');
    const later = (await socket.next((f) => f.type === 'message' && f.author === 'agent')) as NumberedReply;
    expect(later.text).toBe('您好，我是客服小王。');
    expect(later.seq).toBeGreaterThan(answer!.seq);
    expect(later.replyTo).toBeUndefined();
  });

  it('a booking confirmed by the hotel reaches the traveller\'s open chat', async () => {
    const s = await aSession();
    const socket = await connect(s);
    const tenantId = await aTenant(t.testDb.db);
    const hotelId = await aHotel(t.testDb.db, { tenantId, paymentMode: 'prepay', name: '三亚海景酒店' });
    const roomTypeId = await aRoomType(t.testDb.db, { hotelId, from: '2026-12-01' });
    const { rows } = await t.testDb.db.query<{ traveller_id: string }>('SELECT traveller_id FROM conversations WHERE id = $1', [s.conversationId]);
    const actor: Actor = { kind: 'traveller', travellerId: rows[0]!.traveller_id, channel: 'web', tenantId: null };
    const { reservation } = await t.services.booking.book(
      { hotelId, roomTypeId, checkIn: '2026-12-10', checkOut: '2026-12-11', rooms: 1, guests: 1, guest: { name: '王五', phone: '13700000000' } }, actor);
    const staff = await staffToken(t.services.keys, 'operator', tenantId);
    expect((await request(t.app).post(`/v1/operator/reservations/${reservation.code}/confirm`).set('Authorization', `Bearer ${staff}`)).status).toBeLessThan(300);
    const note = (await socket.next((f) => f.type === 'message')) as NumberedReply;
    expect(note).toMatchObject({ author: 'system' });
    expect(note.text).toContain(`您的订单 ${reservation.code}`);
  });

  it('a message resent with the same id is answered once: one turn, the same replies with the same seqs', async () => {
    const s = await aSession();
    const first = await connect(s);
    modelSays('请问几位入住？');
    const before = llm.requests.length;
    const replies = await first.say('12月10日到12日', { id: 'dup-1' });
    // Again on the same socket, and again after a reconnect that had already seen the answer.
    expect(await first.say('12月10日到12日', { id: 'dup-1' })).toEqual(replies);
    await first.close();
    const second = await connect(s, replies.at(-1)!.seq);
    expect(await second.say('12月10日到12日', { id: 'dup-1' })).toEqual(replies);
    expect(llm.requests.length - before).toBe(1);
    const inbound = await t.testDb.db.query('SELECT 1 FROM messages WHERE conversation_id = $1 AND direction = $2', [s.conversationId, 'in']);
    expect(inbound.rowCount).toBe(1);
  });

  it('the same id sent on two sockets at once is one turn and both get the same answer', async () => {
    const s = await aSession();
    const [a, b] = [await connect(s), await connect(s)];
    modelSays('好的，两位。');
    const before = llm.requests.length;
    const [ra, rb] = await Promise.all([a.say('两个人', { id: 'race-1' }), b.say('两个人', { id: 'race-1' })]);
    expect(ra).toEqual(rb);
    expect(texts(ra)).toEqual(['好的，两位。']);
    expect(llm.requests.length - before).toBe(1);
  });

  it('reconnecting with the last seq it saw gets exactly the messages it missed, in order, then ready', async () => {
    const s = await aSession();
    const a = await connect(s);
    modelSays('第一条回复');
    const [seen] = await a.say('第一条');
    await a.close();
    // While the socket is down: a turn by HTTP and an agent's message.
    modelSays('第二条回复');
    await request(t.app).post('/v1/web/messages').set('Authorization', `Bearer ${s.token}`).send({ text: '第二条', messageId: 'h-2' });
    await agentSays(s.conversationId, '客服：第三条');

    const b = await connect(s, seen!.seq);
    const replay = b.messages();
    expect(texts(replay)).toEqual(['第二条回复', '客服：第三条']);
    expect(replay.map((m) => m.seq)).toEqual([...replay.map((m) => m.seq)].sort((x, y) => x - y));
    expect(replay[0]!.replyTo).toBe('h-2');
    const ready = b.frames.find((f) => f.type === 'ready') as { lastSeq: number };
    expect(ready.lastSeq).toBe(replay.at(-1)!.seq);
    expect(b.frames.findIndex((f) => f.type === 'ready')).toBe(2);

    const c = await connect(s, ready.lastSeq);
    expect(c.messages()).toEqual([]);
    const all = await connect(s, 0);
    expect(texts(all.messages())).toEqual(['第一条回复', '第二条回复', '客服：第三条']);
  });

  it('a socket opened without lastSeq starts live: nothing is replayed', async () => {
    const s = await aSession();
    await agentSays(s.conversationId, '早先的消息');
    const socket = await connect(s);
    expect(socket.messages()).toEqual([]);
    await agentSays(s.conversationId, '之后的消息');
    expect(await socket.next((f) => f.type === 'message')).toMatchObject({ text: '之后的消息' });
  });

  it('a frame over the size limit closes the socket with 1009', async () => {
    const socket = await connect(await aSession());
    socket.ws.send(JSON.stringify({ text: '长'.repeat(6000) }));
    expect((await socket.closed).code).toBe(1009);
  });

  it.each([
    ['not JSON', 'hello', 1007],
    ['a binary frame', Buffer.from('{"text":"hi"}'), 1003],
    ['a frame outside the protocol', JSON.stringify({ type: 'subscribe', conversationId: 'someone-else' }), 1008],
    ['an unknown field', JSON.stringify({ text: 'hi', admin: true }), 1008],
  ])('%s closes the socket (%s)', async (_what, frame, code) => {
    const socket = await connect(await aSession());
    socket.ws.send(frame);
    expect((await socket.closed).code).toBe(code);
  });

  it('more messages in flight than a person could type closes the socket with 1008', async () => {
    const s = await aSession();
    // Held by a person, so the turns do not reach the model.
    await t.services.handoffs.request({ conversationId: s.conversationId, tenantId: null, channel: 'web', reason: 'traveller_request', confidence: 1 });
    const socket = await connect(s);
    for (let i = 0; i < 8; i++) socket.ws.send(JSON.stringify({ text: `在吗 ${i}`, id: `flood-${i}` }));
    expect((await socket.closed).code).toBe(1008);
  });

  it('a payload nested too deeply is an invalid_request error frame, not an internal one, and writes nothing', async () => {
    const s = await aSession();
    const socket = await connect(s);
    let payload: unknown = 'x';
    for (let i = 0; i < 40; i++) payload = { v: payload };
    socket.ws.send(JSON.stringify({ text: '', payload, id: 'deep-1' }));
    expect(await socket.next((f) => f.type === 'error')).toMatchObject({ type: 'error', error: 'invalid_request', replyTo: 'deep-1' });
    const { rows } = await t.testDb.db.query('SELECT 1 FROM messages WHERE conversation_id = $1', [s.conversationId]);
    expect(rows).toHaveLength(0);
  });

  it('answers an application ping with a pong', async () => {
    const socket = await connect(await aSession());
    socket.ws.send(JSON.stringify({ type: 'ping' }));
    expect(await socket.next((f) => f.type === 'pong')).toEqual({ type: 'pong' });
  });

  it('a client that stops answering pings is dropped; one that answers stays', async () => {
    const s = await aSession();
    const dead = await connect(s, undefined, { autoPong: false });
    const live = await connect(s);
    expect((await dead.closed).code).toBe(1006);
    expect(live.ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe('GET /v1/web/history', () => {
  it('shows both sides, a tapped action by its title, the handoff state and where to resume', async () => {
    const s = await aSession();
    llm.script({ toolCalls: [{ name: 'handoff_to_human', arguments: { reason: '客人要求人工' } }] }, { content: '好的。' });
    const auth = { Authorization: `Bearer ${s.token}` };
    await request(t.app).post('/v1/web/messages').set(auth).send({ text: '转人工', messageId: 'h-1' });
    const r = await request(t.app).get('/v1/web/history').set(auth);
    expect(r.status).toBe(200);
    expect(r.body.handoff).toBe('queued');
    expect(r.body.messages.map((m: { direction: string; author: string }) => `${m.direction}:${m.author}`)).toEqual(['in:traveller', 'out:bot']);
    expect(r.body.messages[0]).toMatchObject({ text: '转人工', id: 'h-1' });
    expect(r.body.messages[1].handoff).toBe(true);
    expect(r.body.lastSeq).toBe(r.body.messages[1].seq);
    expect((await request(t.app).get('/v1/web/history?limit=500').set(auth)).status).toBe(400);
    expect((await request(t.app).get('/v1/web/history')).status).toBe(401);
  });
});

describe('the chat page', () => {
  it('is at / in Chinese by default, in English by ?lang=en or Accept-Language, under a nonce CSP', async () => {
    const zh = await request(t.app).get('/');
    expect(zh.status).toBe(200);
    expect(zh.headers['content-type']).toContain('text/html');
    expect(zh.text).toContain('<html lang="zh-CN">');
    expect(zh.text).toContain('发送');
    const csp = zh.headers['content-security-policy'] as string;
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1]!;
    expect(zh.text).toContain(`<script nonce="${nonce}">`);
    expect(csp).toContain("frame-ancestors 'self'");
    expect((await request(t.app).get('/?lang=en')).text).toContain('<html lang="en">');
    expect((await request(t.app).get('/').set('Accept-Language', 'en-US,en;q=0.9')).text).toContain('>Send<');
  });

  it('its script and the embed script parse as plain JavaScript', () => {
    expect(() => new vm.Script(CHAT_SCRIPT)).not.toThrow();
    expect(() => new vm.Script(EMBED_SCRIPT)).not.toThrow();
  });

  it('/?embed=1 may be framed by an operator\'s site and has a close button', async () => {
    const r = await request(t.app).get('/?embed=1');
    expect(r.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(r.text).toContain('id="close"');
  });

  it('GET /embed.js is a script that opens /?embed=1 in an iframe', async () => {
    const r = await request(t.app).get('/embed.js');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('text/javascript');
    expect(r.text).toContain("'/?embed=1&lang='");
  });
});
