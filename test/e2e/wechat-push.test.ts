// The WeChat channel end to end: message push in every mode, replies through a fake WeChat API, tokens, login, errors.
import { randomBytes, randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encryptMessage, aesKeyOf } from '../../channels/wechat/crypto.ts';
import { WechatApiError, WechatClient, wechatChannel } from '../../channels/wechat/index.ts';
import { createSharedStore, type SharedStore } from '../../channels/wechat/store.ts';
import { IMAGE_TEXT, WELCOME_TEXT } from '../../channels/wechat/texts.ts';
import { wechatSignature } from '../../channels/wechat/signature.ts';
import type { HotelCard, Reply } from '../../src/bot/index.ts';
import { createConversationLock, createInProcessLock } from '../../src/bot/lock/index.ts';
import { FixedClock } from '../../src/clock.ts';
import { createHttpApp } from '../../src/http/app.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { aHotel, aRoomType, aTenant } from '../support/builders.ts';
import { lastToolResult, lastUserText } from '../support/conversation.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';
import { PATHS, startFakeWechat, type FakeWechat } from '../support/fake-wechat.ts';

const REDIS_URL = process.env.REDIS_URL;
const APPID = `wx${randomBytes(8).toString('hex')}`;
const SECRET = randomBytes(16).toString('hex');
const TOKEN = 'tourdesk-push-token';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const AES_KEY = Array.from({ length: 43 }, () => ALNUM[randomInt(ALNUM.length)]).join('');
const cipher = { aesKey: aesKeyOf(AES_KEY), appId: APPID };

let t: TestApp;
let llm: FakeLlm;
let wx: FakeWechat;

beforeAll(async () => {
  wx = await startFakeWechat({ appId: APPID, secret: SECRET });
  llm = await startFakeLlm();
  t = await startTestApp({
    env: {
      WECHAT_APPID: APPID, WECHAT_SECRET: SECRET, WECHAT_TOKEN: TOKEN, WECHAT_AES_KEY: AES_KEY, WECHAT_API_BASE: wx.url,
      LLM_BASE_URL: llm.url, LLM_MODEL: 'x',
      // The token cache, its lock and the sent-message marks then live in Redis, as with several instances.
      ...(REDIS_URL && { REDIS_URL }),
    },
    startJobs: true,
  });
}, 60_000);

afterAll(async () => {
  await t?.close();
  await llm?.close();
  await wx?.close();
  if (REDIS_URL) {
    // This file's token cache and sent-message marks: every key names its random AppID.
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`*:wechat:*${APPID}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  }
});

// ---- Pushes as WeChat sends them ----

let lastMsgId = 6054768590064713728n; // beyond 2^53, as real MsgIds are
const nextMsgId = () => String(++lastMsgId);
const anOpenid = () => `o${randomBytes(12).toString('base64url')}`;
/** Unix seconds on the app's pinned clock (pushes older than 10 minutes are refused as replays). */
const now = (offsetS = 0) => String(Math.floor(t.clock.now().getTime() / 1000) + offsetS);

type Mode = 'plain' | 'safe' | 'compat';
type Format = 'json' | 'xml';

interface TextPush {
  openid: string;
  content: string;
  msgId?: string;
  createTime?: string;
}

/** A push document with the MsgId as a bare 64-bit number, as WeChat writes it. */
function doc(format: Format, f: Record<string, string | bigint>): string {
  if (format === 'xml') {
    const el = ([k, v]: [string, string | bigint]) => (typeof v === 'bigint' || /^\d+$/.test(v) ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${v}]]></${k}>`);
    return `<xml>${Object.entries(f).map(el).join('')}</xml>`;
  }
  return `{${Object.entries(f).map(([k, v]) => `${JSON.stringify(k)}:${typeof v === 'bigint' || /^\d+$/.test(v) ? v : JSON.stringify(v)}`).join(',')}}`;
}

const textFields = (p: TextPush) => ({
  ToUserName: 'gh_97417a04a28d', FromUserName: p.openid, CreateTime: p.createTime ?? now(), MsgType: 'text', Content: p.content,
  MsgId: BigInt(p.msgId ?? nextMsgId()),
});

/** The signed query of a push (plaintext), or of its `Encrypt` (safe and compatible mode). */
function pushQuery(encrypt?: string, openid?: string, override: Record<string, string> = {}, timestamp = now()): string {
  const nonce = String(randomInt(1e9));
  const q: Record<string, string> = { signature: wechatSignature(TOKEN, timestamp, nonce), timestamp, nonce };
  if (encrypt !== undefined) Object.assign(q, { openid: openid ?? '', encrypt_type: 'aes', msg_signature: wechatSignature(TOKEN, timestamp, nonce, encrypt) });
  return new URLSearchParams({ ...q, ...override }).toString();
}

/** The body and URL of `fields` pushed in `mode` and `format`. */
function wire(mode: Mode, format: Format, fields: Record<string, string | bigint>): { url: string; body: string; type: string } {
  const type = format === 'json' ? 'application/json' : 'text/xml';
  const inner = doc(format, fields);
  if (mode === 'plain') return { url: `/v1/wechat/callback?${pushQuery()}`, body: inner, type };
  const encrypt = encryptMessage(inner, cipher);
  const outer: Record<string, string | bigint> = mode === 'safe' ? { ToUserName: String(fields.ToUserName), Encrypt: encrypt } : { ...fields, Encrypt: encrypt };
  return { url: `/v1/wechat/callback?${pushQuery(encrypt, String(fields.FromUserName))}`, body: doc(format, outer), type };
}

function post(w: { url: string; body: string; type: string }) {
  return request(t.app).post(w.url).set('content-type', w.type).send(w.body);
}

async function pushText(p: TextPush, mode: Mode = 'plain', format: Format = 'json') {
  const res = await post(wire(mode, format, textFields(p)));
  expect(res.status, res.text).toBe(200);
  expect(res.text).toBe('success');
  return res;
}

const delivered = (openid: string) => wx.delivered(openid);
const sendCalls = (openid: string) => wx.callsTo(PATHS.send).filter((c) => c.body?.touser === openid);

async function waitForReplies(openid: string, n: number): Promise<any[]> {
  await vi.waitFor(() => expect(delivered(openid).length).toBeGreaterThanOrEqual(n), { timeout: 10_000, interval: 20 });
  return delivered(openid);
}

async function sourceIds(openid: string): Promise<string[]> {
  const { rows } = await t.testDb.db.query<{ source_id: string }>(
    `SELECT m.source_id FROM messages m JOIN conversations c ON c.id = m.conversation_id
     WHERE c.traveller_id = $1 AND m.direction = 'in' ORDER BY m.seq`,
    [`wechat:${openid}`],
  );
  return rows.map((r) => r.source_id);
}

// ---- The URL check ----

describe('the URL check of the mini-program admin (GET)', () => {
  it('answers echostr verbatim, as text, when the signature holds', async () => {
    const res = await request(t.app).get(`/v1/wechat/callback?${pushQuery()}&echostr=4375120948345356249`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toBe('4375120948345356249');
  });

  it('answers 401 when the signature does not hold or is missing', async () => {
    const bad = await request(t.app).get(`/v1/wechat/callback?${pushQuery(undefined, undefined, { signature: 'f'.repeat(40) })}&echostr=1`);
    expect(bad.status).toBe(401);
    expect(bad.body.error).toBe('unauthorized');
    expect((await request(t.app).get('/v1/wechat/callback?echostr=1')).status).toBe(401);
  });
});

// ---- Text pushes in every mode ----

describe('a text push is acknowledged with success and answered through custom/send', () => {
  const cases: Array<[Mode, Format]> = [['plain', 'json'], ['plain', 'xml'], ['safe', 'json'], ['safe', 'xml']];

  it.each(cases)('%s %s: one custom/send with the bot\'s text, the MsgId kept to the last digit', async (mode, format) => {
    const openid = anOpenid();
    const msgId = nextMsgId();
    llm.script({ content: `您好（${mode} ${format}），请问您想去哪个城市？` });
    await pushText({ openid, msgId, content: `你好，我想订酒店（${mode} ${format}）` }, mode, format);
    const [reply] = await waitForReplies(openid, 1);
    expect(reply).toEqual({ touser: openid, msgtype: 'text', text: { content: `您好（${mode} ${format}），请问您想去哪个城市？` } });
    expect(lastUserText(llm.requests.at(-1)!)).toBe(`你好，我想订酒店（${mode} ${format}）`);
    expect(await sourceIds(openid)).toEqual([`msg:${openid}:${msgId}`]);
  });

  it('compatible mode: the signed, encrypted copy is what counts, not the plaintext beside it', async () => {
    const openid = anOpenid();
    const fields = textFields({ openid, content: '真的消息' });
    const encrypt = encryptMessage(doc('xml', fields), cipher);
    const body = doc('xml', { ...fields, Content: '被篡改的明文', Encrypt: encrypt });
    llm.script({ content: '收到。' });
    const res = await post({ url: `/v1/wechat/callback?${pushQuery(encrypt, openid)}`, body, type: 'text/xml' });
    expect(res.text).toBe('success');
    await waitForReplies(openid, 1);
    expect(lastUserText(llm.requests.at(-1)!)).toBe('真的消息');
  });

  it('the typing indicator is shown while the model works', async () => {
    const openid = anOpenid();
    llm.script({ content: '好的。' });
    await pushText({ openid, content: '在吗' });
    await waitForReplies(openid, 1);
    const typing = wx.callsTo(PATHS.typing).filter((c) => c.body?.touser === openid);
    expect(typing[0]?.body).toEqual({ touser: openid, command: 'Typing' });
    expect(typing[0]?.token).toBe(wx.currentToken);
  });

  it('the second message of a traveller continues the same conversation', async () => {
    const openid = anOpenid();
    llm.script({ content: '第一条回复。' }, { content: '第二条回复。' });
    await pushText({ openid, content: '第一条' });
    await waitForReplies(openid, 1);
    await pushText({ openid, content: '第二条' });
    await waitForReplies(openid, 2);
    const { rows } = await t.testDb.db.query('SELECT id FROM conversations WHERE traveller_id = $1', [`wechat:${openid}`]);
    expect(rows).toHaveLength(1);
  });
});

// ---- Retries ----

describe('WeChat retries a push it had no answer to', () => {
  it('three retries, while the first is still running and after it finished, make one job and one reply', async () => {
    const openid = anOpenid();
    const w = wire('safe', 'json', textFields({ openid, content: '慢一点的问题' }));
    const before = llm.requests.length;
    llm.script({ hangMs: 600 }); // the model takes 0.6 s, then answers "(late)"
    expect((await post(w)).text).toBe('success');
    // The job has started (it shows "typing…") but not finished when the retries arrive.
    await vi.waitFor(() => expect(wx.callsTo(PATHS.typing).some((c) => c.body?.touser === openid)).toBe(true), { timeout: 5000, interval: 10 });
    expect(delivered(openid)).toHaveLength(0);
    for (let i = 0; i < 3; i++) expect((await post(w)).text).toBe('success');
    await waitForReplies(openid, 1);
    expect(delivered(openid).map((m) => m.text.content)).toEqual(['(late)']);
    // A fourth retry long after: the job id is kept for a day.
    expect((await post(w)).text).toBe('success');
    await sleep(300);
    expect(delivered(openid)).toHaveLength(1);
    expect(llm.requests.length - before).toBe(1);
  });

  it('a retried event (same sender, CreateTime and Event) is welcomed once', async () => {
    const openid = anOpenid();
    const fields = { ToUserName: 'gh_1', FromUserName: openid, CreateTime: now(), MsgType: 'event', Event: 'user_enter_tempsession', SessionFrom: 'hotel-page' };
    for (let i = 0; i < 3; i++) expect((await post(wire('plain', 'json', fields))).text).toBe('success');
    const [welcome] = await waitForReplies(openid, 1);
    expect(welcome.text.content).toBe(WELCOME_TEXT);
    await sleep(200);
    expect(delivered(openid)).toHaveLength(1);
  });
});

// ---- Other message types ----

describe('what else travellers send', () => {
  it('an image gets a polite "I can read text", without the model', async () => {
    const openid = anOpenid();
    const before = llm.requests.length;
    const fields = { ToUserName: 'gh_1', FromUserName: openid, CreateTime: now(), MsgType: 'image', PicUrl: 'http://mmbiz/x.jpg', MediaId: 'media_1', MsgId: BigInt(nextMsgId()) };
    expect((await post(wire('safe', 'xml', fields))).text).toBe('success');
    const [m] = await waitForReplies(openid, 1);
    expect(m.text.content).toBe(IMAGE_TEXT);
    expect(llm.requests.length).toBe(before);
  });

  it('a mini-program card reaches the bot by its title', async () => {
    const openid = anOpenid();
    llm.script({ content: '这家酒店不错，您想订哪天？' });
    const fields = {
      ToUserName: 'gh_1', FromUserName: openid, CreateTime: now(), MsgType: 'miniprogrampage', MsgId: BigInt(nextMsgId()),
      Title: '京伦饭店', AppId: APPID, PagePath: 'pages/hotel/index?id=1', ThumbUrl: '', ThumbMediaId: '',
    };
    expect((await post(wire('plain', 'json', fields))).text).toBe('success');
    await waitForReplies(openid, 1);
    expect(lastUserText(llm.requests.at(-1)!)).toBe('京伦饭店');
  });

  it('other types and events are acknowledged and logged, nothing more', async () => {
    const openid = anOpenid();
    const voice = { ToUserName: 'gh_1', FromUserName: openid, CreateTime: now(), MsgType: 'voice', MediaId: 'm', MsgId: BigInt(nextMsgId()) };
    const event = { ToUserName: 'gh_1', FromUserName: openid, CreateTime: now(), MsgType: 'event', Event: 'debug_demo', debug_str: 'hello world' };
    expect((await post(wire('plain', 'json', voice))).text).toBe('success');
    expect((await post(wire('safe', 'json', event))).text).toBe('success');
    await sleep(200);
    expect(wx.calls.filter((c) => c.body?.touser === openid)).toEqual([]);
  });
});

// ---- Rich replies as customer-service messages ----

describe('a recommendation as customer-service messages', () => {
  const openid = anOpenid();
  let roomTypeId = '';

  beforeAll(async () => {
    const db = t.testDb.db;
    const tenantId = await aTenant(db, '京华酒店集团');
    for (const [tier, name, price] of [['budget', '如家快捷酒店(王府井店)', 32_000], ['comfort', '京伦饭店', 56_000], ['luxury', '北京王府半岛酒店', 78_000]] as const) {
      const hotelId = await aHotel(db, { tenantId, city: '北京', tier, name });
      const id = await aRoomType(db, { hotelId, from: '2026-12-01', nights: 40, price, capacity: 2 });
      if (tier === 'budget') roomTypeId = id;
    }
  });

  it('tiers become a short text list plus one mini-program card per hotel that opens its booking page', async () => {
    llm.script(
      { toolCalls: [{ name: 'search_hotels', arguments: { city: '北京', checkIn: '2026-12-10', checkOut: '2026-12-12', guests: 2, budgetMax: 800 } }] },
      { content: '为您找到三档酒店，请看：' },
    );
    await pushText({ openid, content: '12月10日到12日北京两晚，两个人，每晚800以内' }, 'safe', 'json');
    const messages = await waitForReplies(openid, 4);
    expect(messages).toHaveLength(4);
    expect(messages[0].msgtype).toBe('text');
    expect(messages[0].text.content).toBe(
      '为您找到三档酒店，请看：\n\n为您推荐（点下方卡片即可预订）：\n' +
        '· 【经济】如家快捷酒店(王府井店) ¥320/晚，共¥640\n· 【舒适】京伦饭店 ¥560/晚，共¥1,120\n· 【豪华】北京王府半岛酒店 ¥780/晚，共¥1,560',
    );
    const cards = messages.slice(1).map((m) => m.miniprogrampage);
    expect(messages.slice(1).every((m) => m.msgtype === 'miniprogrampage')).toBe(true);
    expect(cards.map((c) => c.title)).toEqual(['如家快捷酒店(王府井店) ¥320/晚', '京伦饭店 ¥560/晚', '北京王府半岛酒店 ¥780/晚']);
    for (const c of cards) {
      const token = /^pages\/booking\/index\?token=([\w-]+)$/.exec(c.pagepath)?.[1];
      expect(token).toBeDefined();
      // The token is a live quote: the mini-program's booking page can load it.
      expect((await request(t.app).get(`/v1/quotes/${token}`)).status).toBe(200);
    }
  });

  it('quick replies are numbered, and answering "1" taps the first', async () => {
    llm.script(
      { toolCalls: [{ name: 'prepare_booking', arguments: { hotelId: lastToolResult<any>(llm.requests.at(-1)!, 'search_hotels').tiers.budget[0].hotelId, roomTypeId, checkIn: '2026-12-10', checkOut: '2026-12-12', rooms: 1, guests: 2, guestName: '张三', guestPhone: '13800138000' } }] },
      { content: '请确认：如家快捷酒店(王府井店)，12月10日至12日。确认预订吗？' },
    );
    await pushText({ openid, content: '订经济型那家，张三，13800138000' });
    const summary = (await waitForReplies(openid, 5))[4];
    expect(summary.text.content).toBe('请确认：如家快捷酒店(王府井店)，12月10日至12日。确认预订吗？\n\n请回复数字选择：\n1. 确认预订\n2. 先不订');

    llm.script(
      (req) => ({ toolCalls: [{ name: 'confirm', arguments: { actionId: lastToolResult<{ actionId: string }>(req, 'prepare_booking').actionId } }] }),
      (req) => ({ content: `预订成功！订单号 ${lastToolResult<{ reservation: { code: string } }>(req, 'confirm').reservation.code}。` }),
    );
    await pushText({ openid, content: '1' });
    const done = (await waitForReplies(openid, 6))[5];
    expect(lastUserText(llm.requests.at(-2)!)).toBe('确认');
    const code = /TD[2-9A-Z]{6}/.exec(done.text.content)?.[0];
    const { rows } = await t.testDb.db.query<{ status: string }>('SELECT status FROM reservations WHERE code = $1', [code]);
    expect(rows).toEqual([{ status: 'confirmed' }]);
  });
});

// ---- The access token ----

describe('the access token', () => {
  /** A client of its own, on a cold cache (Redis under a fresh prefix when REDIS_URL is set). */
  function freshClient(clock = new FixedClock(), prefix = `td-wx-${randomBytes(4).toString('hex')}`) {
    const store: SharedStore = createSharedStore({ redisUrl: REDIS_URL, prefix });
    const lock = REDIS_URL ? createConversationLock({ redisUrl: REDIS_URL, prefix }) : createInProcessLock();
    const client = new WechatClient({ apiBase: wx.url, appId: APPID, secret: SECRET, store, lock, clock, backoffMs: 10 });
    return { client, clock, close: async () => Promise.all([store.close(), lock.close()]) };
  }
  const text = (content: string) => ({ msgtype: 'text' as const, text: { content } });

  it('20 concurrent sends on a cold cache make one token request', async () => {
    const c = freshClient();
    const before = wx.tokenRequests;
    await Promise.all(Array.from({ length: 20 }, (_, i) => c.client.sendCustom(anOpenid(), text(`并发 ${i}`))));
    expect(wx.tokenRequests - before).toBe(1);
    await c.close();
  });

  it.skipIf(!REDIS_URL)('two instances sharing Redis: 2 × 10 concurrent sends on a cold cache make one token request', async () => {
    const prefix = `td-wx-${randomBytes(4).toString('hex')}`;
    const [a, b] = [freshClient(new FixedClock(), prefix), freshClient(new FixedClock(), prefix)];
    const before = wx.tokenRequests;
    await Promise.all([a, b].flatMap((c) => Array.from({ length: 10 }, (_, i) => c.client.sendCustom(anOpenid(), text(`实例 ${i}`)))));
    expect(wx.tokenRequests - before).toBe(1);
    await Promise.all([a.close(), b.close()]);
  });

  it('is refreshed within five minutes of expiry, not before', async () => {
    const c = freshClient();
    const before = wx.tokenRequests;
    await c.client.sendCustom(anOpenid(), text('一'));
    c.clock.advance((7200 - 301) * 1000);
    await c.client.sendCustom(anOpenid(), text('二'));
    expect(wx.tokenRequests - before).toBe(1);
    c.clock.advance(2000);
    await c.client.sendCustom(anOpenid(), text('三'));
    expect(wx.tokenRequests - before).toBe(2);
    await c.close();
  });

  it('40001 (someone refreshed it): the token is fetched again and the reply sent once more, once', async () => {
    const openid = anOpenid();
    let stale = '';
    let before = 0;
    // The token changes while the model works: "typing…" went out with the old one, the reply meets 40001.
    llm.script(() => {
      stale = wx.currentToken;
      before = wx.tokenRequests;
      wx.rotateToken();
      return { content: '换了令牌也能收到。' };
    });
    await pushText({ openid, content: '你好' });
    await waitForReplies(openid, 1);
    const calls = sendCalls(openid);
    expect(calls.map((c) => [c.token === stale ? 'stale' : c.token === wx.currentToken ? 'current' : 'other', c.answer.errcode])).toEqual([
      ['stale', 40001], ['current', 0],
    ]);
    expect(wx.tokenRequests - before).toBe(1);
    expect(delivered(openid)).toHaveLength(1);
  });

  it('a token refused again after the refresh is not refreshed in a loop', async () => {
    const c = freshClient();
    await c.client.sendCustom(anOpenid(), text('warm up'));
    const before = { token: wx.tokenRequests, send: wx.callsTo(PATHS.send).length };
    wx.script(PATHS.send, { errcode: 40001 }, { errcode: 40001 });
    await expect(c.client.sendCustom(anOpenid(), text('x'))).rejects.toMatchObject({ errcode: 40001 });
    expect(wx.tokenRequests - before.token).toBe(1);
    expect(wx.callsTo(PATHS.send).length - before.send).toBe(2);
    await c.close();
  });
});

// ---- Errors WeChat answers on send ----

describe('errors WeChat answers to a reply', () => {
  it.each([45015, 45047])('%s: recorded on the conversation, not retried; the traveller writing again reopens it', async (errcode) => {
    const openid = anOpenid();
    llm.script({ content: '这条发不出去。' });
    wx.script(PATHS.send, { errcode });
    await pushText({ openid, content: '你好' });
    await vi.waitFor(async () => {
      const { rows } = await t.testDb.db.query<{ reason: string | null }>(
        'SELECT reply_window_reason AS reason FROM conversations WHERE traveller_id = $1', [`wechat:${openid}`]);
      expect(rows[0]?.reason).toBe(`wechat:${errcode}`);
    }, { timeout: 5000, interval: 20 });
    // The in-process job queue would retry a failed job after 1 s; this one is done.
    await sleep(1500);
    expect(sendCalls(openid)).toHaveLength(1);
    const { rows: notes } = await t.testDb.db.query<{ text: string }>(
      `SELECT m.text FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.traveller_id = $1 AND m.author = 'system'`, [`wechat:${openid}`]);
    expect(notes[0]?.text).toContain('The traveller must write first');

    llm.script({ content: '现在可以回复了。' });
    await pushText({ openid, content: '我又来了' });
    await waitForReplies(openid, 1);
    const { rows } = await t.testDb.db.query('SELECT reply_window_closed_at FROM conversations WHERE traveller_id = $1', [`wechat:${openid}`]);
    expect(rows).toEqual([{ reply_window_closed_at: null }]);
  });

  it.each([[{ errcode: -1 }], [{ status: 502 }]])('%o is retried with backoff: one reply delivered', async (fault) => {
    const openid = anOpenid();
    llm.script({ content: '系统繁忙也能送达。' });
    wx.script(PATHS.send, fault);
    await pushText({ openid, content: '你好' });
    await waitForReplies(openid, 1);
    expect(sendCalls(openid).map((c) => c.status === 200 ? c.answer.errcode : c.status)).toEqual(['errcode' in fault ? -1 : 502, 0]);
  });

  it('a job retried after a failed send sends only what had not gone yet', async () => {
    const openid = anOpenid();
    const long = `${'这是一个很长的回答，'.repeat(80)}结束。`; // about 2,400 bytes: two text messages
    llm.script({ content: long });
    // The first message goes; the second fails on every try of the client, so the job fails and is retried.
    wx.script(PATHS.send, { delayMs: 0 }, { status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    await pushText({ openid, content: '说详细点' });
    const messages = await waitForReplies(openid, 2);
    await sleep(200);
    expect(messages.map((m) => m.text.content).join('')).toBe(long);
    expect(delivered(openid)).toHaveLength(2);
    expect(messages.every((m) => Buffer.byteLength(m.text.content) <= 2048)).toBe(true);
  });
});

// ---- The mini-program's own login and chat ----

describe('mini-program login and chat', () => {
  const openid = anOpenid();
  let token = '';

  it('login trades a wx.login code for our own token; the session_key never leaves the server', async () => {
    wx.registerCode('code-ok', openid);
    const res = await request(t.app).post('/v1/wechat/login').send({ code: 'code-ok' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['conversationId', 'token']);
    expect(res.text).not.toContain(wx.sessionKey);
    token = res.body.token;
  });

  it('a used, unknown or missing code is refused', async () => {
    expect((await request(t.app).post('/v1/wechat/login').send({ code: 'code-ok' })).status).toBe(401);
    const unknown = await request(t.app).post('/v1/wechat/login').send({ code: 'nope' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.message).toContain('40029');
    expect((await request(t.app).post('/v1/wechat/login').send({})).status).toBe(400);
  });

  it('/v1/wechat/messages answers with rich replies, as the app channel does', async () => {
    llm.script(
      { toolCalls: [{ name: 'search_hotels', arguments: { city: '北京', checkIn: '2026-12-10', checkOut: '2026-12-12', guests: 2 } }] },
      { content: '为您找到这些酒店。' },
    );
    const res = await request(t.app).post('/v1/wechat/messages').set('Authorization', `Bearer ${token}`).send({ text: '北京12月10日到12日两晚两人' });
    expect(res.status, res.text).toBe(200);
    const [reply] = res.body.replies as Reply[];
    expect(reply!.text).toBe('为您找到这些酒店。');
    const cards = reply!.cards as HotelCard[];
    expect(cards.map((c) => c.tier)).toEqual(['budget', 'comfort', 'luxury']);
    expect(cards[0]!.bookingUrl).toMatch(/^https:\/\/tourdesk\.test\/b\/[\w-]+$/);
  });

  it('needs a WeChat traveller token', async () => {
    expect((await request(t.app).post('/v1/wechat/messages').send({ text: 'hi' })).status).toBe(401);
    const web = await request(t.app).post('/v1/web/sessions').send({});
    const res = await request(t.app).post('/v1/wechat/messages').set('Authorization', `Bearer ${web.body.token}`).send({ text: 'hi' });
    expect(res.status).toBe(403);
  });
});

// ---- Bad requests ----

describe('bad pushes are refused with a clear error, and nothing crashes', () => {
  const fields = () => textFields({ openid: anOpenid(), content: 'x' });

  it('a bad signature is 401 (plaintext), and so is a bad or substituted msg_signature (safe mode)', async () => {
    const plain = wire('plain', 'json', fields());
    const forged = await post({ ...plain, url: plain.url.replace(/signature=[0-9a-f]+/, `signature=${'0'.repeat(40)}`) });
    expect([forged.status, forged.body.error]).toEqual([401, 'unauthorized']);

    const safe = wire('safe', 'json', fields());
    const q = new URLSearchParams(safe.url.split('?')[1]);
    const tampered = new URLSearchParams(q);
    tampered.set('msg_signature', `${q.get('msg_signature')!.slice(0, -1)}${q.get('msg_signature')!.endsWith('0') ? '1' : '0'}`);
    expect((await post({ ...safe, url: `/v1/wechat/callback?${tampered}` })).status).toBe(401);
    const substituted = new URLSearchParams(q);
    substituted.set('msg_signature', q.get('signature')!);
    expect((await post({ ...safe, url: `/v1/wechat/callback?${substituted}` })).status).toBe(401);
    substituted.delete('msg_signature');
    expect((await post({ ...safe, url: `/v1/wechat/callback?${substituted}` })).status).toBe(401);
  });

  it('an Encrypt that does not decrypt, or was sealed for another AppID, is 400 with the reason', async () => {
    const garbage = randomBytes(96).toString('base64');
    const res = await post({ url: `/v1/wechat/callback?${pushQuery(garbage)}`, body: doc('json', { ToUserName: 'gh_1', Encrypt: garbage }), type: 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'invalid_request', message: expect.stringMatching(/WXBizMsgCrypt -4000[5-8]/) });

    const foreign = encryptMessage(doc('json', fields()), { aesKey: cipher.aesKey, appId: 'wx_another_app' });
    const other = await post({ url: `/v1/wechat/callback?${pushQuery(foreign)}`, body: doc('xml', { ToUserName: 'gh_1', Encrypt: foreign }), type: 'text/xml' });
    expect(other.status).toBe(400);
    expect(other.body.message).toContain('another AppID');

    const notBase64 = '%%%not-base64%%%';
    const nb = await post({ url: `/v1/wechat/callback?${pushQuery(notBase64)}`, body: doc('json', { ToUserName: 'gh_1', Encrypt: notBase64 }), type: 'application/json' });
    expect([nb.status, nb.body.message]).toEqual([400, expect.stringContaining('base64')]);
  });

  it('a signed push more than 10 minutes old (or ahead) is refused as a replay, in either mode', async () => {
    for (const offset of [-601, 601]) {
      const plain = await post({ url: `/v1/wechat/callback?${pushQuery(undefined, undefined, {}, now(offset))}`, body: doc('json', fields()), type: 'application/json' });
      expect([plain.status, plain.body.message]).toEqual([401, expect.stringContaining('replays are refused')]);
      const enc = encryptMessage(doc('json', fields()), cipher);
      const safe = await post({ url: `/v1/wechat/callback?${pushQuery(enc, 'o1', {}, now(offset))}`, body: doc('json', { ToUserName: 'gh', Encrypt: enc }), type: 'application/json' });
      expect(safe.status).toBe(401);
    }
    // Nine minutes late is still fine.
    const openid = anOpenid();
    llm.script({ content: '迟到的消息也收到了。' });
    const res = await post({ url: `/v1/wechat/callback?${pushQuery(undefined, undefined, {}, now(-540))}`, body: doc('json', textFields({ openid, content: '迟到' })), type: 'application/json' });
    expect(res.text).toBe('success');
    await waitForReplies(openid, 1);
  });

  it('a body over the limit is 413, in either mode', async () => {
    const big = doc('json', { ...fields(), Content: '长'.repeat(30_000) });
    const plain = await request(t.app).post(`/v1/wechat/callback?${pushQuery()}`).set('content-type', 'application/json').send(big);
    expect([plain.status, plain.body.error]).toEqual([413, 'payload_too_large']);
    const safe = await post(wire('safe', 'json', { ...fields(), Content: '长'.repeat(30_000) }));
    expect(safe.status).toBe(413);
  });

  it('what is not a push is 400: broken JSON or XML, no sender, an encrypted body without encrypt_type', async () => {
    const bodies = ['{"ToUserName":', '<xml><ToUserName>gh</xml>', doc('json', { ToUserName: 'gh', CreateTime: now(), MsgType: 'text' }), 'hello', ''];
    for (const body of bodies) {
      const res = await request(t.app).post(`/v1/wechat/callback?${pushQuery()}`).set('content-type', 'application/json').send(body);
      expect([res.status, res.body.error], body).toEqual([400, 'invalid_request']);
    }
    const enc = encryptMessage(doc('json', fields()), cipher);
    const res = await post({ url: `/v1/wechat/callback?${pushQuery()}`, body: doc('json', { ToUserName: 'gh', Encrypt: enc }), type: 'application/json' });
    expect([res.status, res.body.message]).toEqual([400, expect.stringContaining('encrypt_type=aes')]);
  });

  it('after all of that the channel still answers, and WeChat saw only well-formed calls', async () => {
    const openid = anOpenid();
    llm.script({ content: '一切正常。' });
    await pushText({ openid, content: '还在吗' }, 'safe', 'xml');
    await waitForReplies(openid, 1);
    expect(wx.problems).toEqual([]);
    expect(llm.pending).toBe(0);
  });
});

describe('the channel switched off', () => {
  it('answers 404 not_found saying how to switch it on, when WECHAT_* is unset', async () => {
    const services = { ...t.services, config: { ...t.services.config, wechat: undefined } };
    const off = wechatChannel(services);
    const app = createHttpApp(services, [['/v1/wechat', off.router]]);
    for (const [method, path] of [['get', '/v1/wechat/callback'], ['post', '/v1/wechat/callback'], ['post', '/v1/wechat/login'], ['post', '/v1/wechat/messages']] as const) {
      const res = await request(app)[method](path).send({});
      expect([res.status, res.body.error], path).toEqual([404, 'not_found']);
      expect(res.body.message).toContain('WECHAT_APPID');
    }
    await off.close();
  });
});

describe('the API error type', () => {
  it('knows which codes close the window and which are worth a retry', () => {
    expect(new WechatApiError(45015, 'x', '/p').windowClosed).toBe(true);
    expect(new WechatApiError(45047, 'x', '/p').windowClosed).toBe(true);
    expect(new WechatApiError(-1, 'x', '/p').transient).toBe(true);
    expect(new WechatApiError(-1, 'x', '/p', 502).transient).toBe(true);
    expect(new WechatApiError(40003, 'x', '/p').transient).toBe(false);
  });
});
