// GET /metrics: a turn, a booking, a sold-out refusal, a handoff and WeChat's 45015 each move their counters.
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/security/index.ts';
import { startTestApp, TEST_APP_KEY, TEST_NOW, type TestApp } from '../support/app.ts';
import { aHotel, aRoomType, aTenant, aUser } from '../support/builders.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';
import { PATHS, startFakeWechat, type FakeWechat } from '../support/fake-wechat.ts';

const APPID = `wx${randomBytes(8).toString('hex')}`;
const SECRET = randomBytes(16).toString('hex');
const METRICS_TOKEN = 'scrape-token-0123456789';

let t: TestApp;
let llm: FakeLlm;
let wx: FakeWechat;
let tenantId: string;
let hotelId: string;
let roomTypeId: string;
let agentToken: string;

beforeAll(async () => {
  llm = await startFakeLlm();
  wx = await startFakeWechat({ appId: APPID, secret: SECRET });
  t = await startTestApp({
    env: {
      LLM_BASE_URL: llm.url, LLM_MODEL: 'fake-metrics', METRICS_TOKEN,
      WECHAT_APPID: APPID, WECHAT_SECRET: SECRET, WECHAT_TOKEN: 'push-token', WECHAT_API_BASE: wx.url,
    },
  });
  const db = t.testDb.db;
  tenantId = await aTenant(db);
  hotelId = await aHotel(db, { tenantId });
  roomTypeId = await aRoomType(db, { hotelId, from: '2026-12-10', nights: 5, allotment: 1 });
  const agent = await aUser(db, { role: 'agent', tenantId });
  agentToken = await issueToken(t.services.keys, { kind: 'staff', userId: agent.id, role: 'agent', tenantId }, new Date(TEST_NOW));
}, 60_000);
afterAll(async () => {
  await t?.close();
  await llm?.close();
  await wx?.close();
});

/** The scraped text. */
async function scrape(): Promise<string> {
  const r = await request(t.app).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
  expect(r.status).toBe(200);
  expect(r.headers['content-type']).toMatch(/^text\/plain/);
  return r.text;
}

/** The value of one series (`name{labels}` exactly as prom-client writes it), 0 when absent. */
function value(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('GET /metrics', () => {
  it('needs the METRICS_TOKEN when it is set', async () => {
    expect((await request(t.app).get('/metrics')).status).toBe(401);
    expect((await request(t.app).get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789')).status).toBe(401);
    const text = await scrape();
    // Default process metrics come along, on this app's own registry.
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_heap_size_used_bytes');
  });

  it('counts a turn with its tool call, the model\'s latency and tokens', async () => {
    const before = await scrape();
    llm.script(
      { toolCalls: [{ name: 'no_such_tool', arguments: {} }], usage: { promptTokens: 100, completionTokens: 7 } },
      { content: '请问您想住哪个城市？', usage: { promptTokens: 120, completionTokens: 9 } },
    );
    const r = await request(t.app).post('/v1/app/messages').set('Authorization', `Bearer ${TEST_APP_KEY}`).send({ userId: 'm-1', text: '你好', tenantId });
    expect(r.status).toBe(200);
    const after = await scrape();
    const delta = (s: string) => value(after, s) - value(before, s);
    expect(delta('tourdesk_turns_total{channel="app",outcome="answered"}')).toBe(1);
    expect(delta('tourdesk_tool_calls_total{tool="unknown"}')).toBe(1);
    expect(delta('tourdesk_tool_errors_total{tool="unknown",code="unknown_tool"}')).toBe(1);
    expect(delta('tourdesk_model_tokens_total{model="openai-compatible:fake-metrics",kind="prompt"}')).toBe(220);
    expect(delta('tourdesk_model_tokens_total{model="openai-compatible:fake-metrics",kind="completion"}')).toBe(16);
    expect(delta('tourdesk_model_request_duration_seconds_count{model="openai-compatible:fake-metrics",outcome="ok"}')).toBe(2);
    expect(delta('tourdesk_http_requests_total{method="POST",route="/v1/app/messages",status="200"}')).toBe(1);
  });

  it('counts bookings by status and sold-out refusals', async () => {
    const before = await scrape();
    const session = (await request(t.app).post('/v1/web/sessions').send({ tenantId })).body as { token: string };
    const book = () =>
      request(t.app).post('/v1/reservations').set('Authorization', `Bearer ${session.token}`)
        .send({ hotelId, roomTypeId, checkIn: '2026-12-11', checkOut: '2026-12-12', rooms: 1, guests: 1, guest: { name: '王伟', phone: '13800138000' } });
    const first = await book();
    expect(first.status).toBe(201);
    expect((await book()).status).toBe(409);
    expect((await request(t.app).post(`/v1/reservations/${first.body.code}/cancel`).set('Authorization', `Bearer ${session.token}`)).status).toBe(200);
    const after = await scrape();
    const delta = (s: string) => value(after, s) - value(before, s);
    expect(delta('tourdesk_bookings_total{status="confirmed"}')).toBe(1);
    expect(delta('tourdesk_bookings_total{status="sold_out"}')).toBe(1);
    expect(delta('tourdesk_bookings_total{status="cancelled"}')).toBe(1);
    expect(delta('tourdesk_http_requests_total{method="POST",route="/v1/reservations",status="409"}')).toBe(1);
    expect(delta('tourdesk_http_requests_total{method="POST",route="/v1/reservations/:code/cancel",status="200"}')).toBe(1);
  });

  it('counts a handoff by its reason, and WeChat\'s 45015 when the agent\'s reply cannot go out', async () => {
    const before = await scrape();
    const openid = `o${randomBytes(12).toString('base64url')}`;
    wx.registerCode('code-m', openid);
    const login = await request(t.app).post('/v1/wechat/login').send({ code: 'code-m', tenantId });
    expect(login.status).toBe(200);
    llm.script({ content: '好的。' });
    const turn = await request(t.app).post('/v1/wechat/messages').set('Authorization', `Bearer ${login.body.token}`).send({ text: '转人工' });
    expect(turn.body.replies[0]).toMatchObject({ handoff: true });

    const queued = (await request(t.app).get('/v1/agent/handoffs?status=queued').set('Authorization', `Bearer ${agentToken}`)).body as Array<{ id: string; conversationId: string }>;
    const handoffId = queued.find((h) => h.conversationId === login.body.conversationId)!.id;
    expect((await request(t.app).post(`/v1/agent/handoffs/${handoffId}/claim`).set('Authorization', `Bearer ${agentToken}`)).status).toBe(200);
    wx.script(PATHS.send, { errcode: 45015, errmsg: 'response out of time limit or subscription is canceled' });
    const reply = await request(t.app).post(`/v1/agent/conversations/${login.body.conversationId}/messages`)
      .set('Authorization', `Bearer ${agentToken}`).send({ text: '您好，我是客服。' });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ delivered: false });

    const after = await scrape();
    const delta = (s: string) => value(after, s) - value(before, s);
    expect(delta('tourdesk_handoffs_total{reason="traveller_request"}')).toBe(1);
    expect(delta('tourdesk_turns_total{channel="wechat",outcome="handoff"}')).toBe(1);
    expect(delta('tourdesk_wechat_api_errors_total{api="/cgi-bin/message/custom/send",errcode="45015"}')).toBe(1);
  });

  it('reports the job queue\'s depth at scrape time', async () => {
    await t.services.jobs.enqueue('metrics-test-later', {}, { delayMs: 60_000 });
    const text = await scrape();
    expect(value(text, 'tourdesk_job_queue_depth{state="delayed"}')).toBeGreaterThanOrEqual(1);
    expect(text).toContain('tourdesk_job_queue_depth{state="waiting"}');
  });
});
