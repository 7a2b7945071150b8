// Two web instances and a worker on one PostgreSQL and Redis: a traveller on instance A, the agent on B, WeChat pushes
// to either. Every message arrives once and in order, both ways, and every push gets one reply, in push order.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { aTenant, aUser } from '../support/builders.ts';
import { lastUserText } from '../support/conversation.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';
import { startFakeWechat, type FakeWechat } from '../support/fake-wechat.ts';
import { killAll, processEnv, spawnApp, until, type AppProcess, type ProcessEnv } from '../support/processes.ts';
import { anOpenid, wechatPusher } from '../support/wechat-pushes.ts';

const ready = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
if (!ready) console.log('multi-instance: skipped, it needs DATABASE_URL and REDIS_URL (instances share PostgreSQL, BullMQ and events on Redis).');

const APPID = `wx${randomBytes(8).toString('hex')}`;
const SECRET = randomBytes(16).toString('hex');
const TOKEN = 'tourdesk-multi-token';

/** A WebSocket client that keeps every JSON frame it receives. */
async function socket(url: string) {
  const ws = new WebSocket(url);
  const frames: any[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(String(data))));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return { ws, frames, send: (frame: unknown) => ws.send(JSON.stringify(frame)) };
}

async function json(url: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const res = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', ...(init.token && { authorization: `Bearer ${init.token}` }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const body = (await res.json()) as any;
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

describe('the roles apart', () => {
  const run = (role: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', role], {
      cwd: fileURLToPath(new URL('../../', import.meta.url)), encoding: 'utf8', timeout: 30_000,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0' },
    });

  it('refuse to start without REDIS_URL and DATABASE_URL, saying what is missing', () => {
    for (const role of ['--web', '--worker']) {
      const r = run(role);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/REDIS_URL/);
      expect(r.stderr).toMatch(/DATABASE_URL/);
      expect(r.stderr).toMatch(/npm start/);
    }
  }, 60_000);

  it('refuse an unknown role', () => {
    const r = run('--both');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage:/);
  }, 30_000);
});

describe.skipIf(!ready)('two web instances and a worker', () => {
  let pe: ProcessEnv;
  let wx: FakeWechat;
  let llm: FakeLlm;
  let a: AppProcess;
  let b: AppProcess;
  let worker: AppProcess;
  let tenantId: string;
  let agent: { id: string; email: string; password: string };

  beforeAll(async () => {
    wx = await startFakeWechat({ appId: APPID, secret: SECRET });
    llm = await startFakeLlm();
    // The model says back what it was told, so each reply names the message it answers.
    llm.script(...Array.from({ length: 500 }, () => (req: Parameters<typeof lastUserText>[0]) => ({ content: `收到：${lastUserText(req)}` })));
    pe = await processEnv({
      env: { WECHAT_APPID: APPID, WECHAT_SECRET: SECRET, WECHAT_TOKEN: TOKEN, WECHAT_API_BASE: wx.url, LLM_BASE_URL: llm.url, LLM_MODEL: 'fake' },
    });
    tenantId = await aTenant(pe.db);
    agent = await aUser(pe.db, { role: 'agent', tenantId });
    [a, b, worker] = await Promise.all([
      spawnApp({ name: 'web-a', role: 'web', env: pe.env }),
      spawnApp({ name: 'web-b', role: 'web', env: pe.env }),
      spawnApp({ name: 'worker', role: 'worker', env: pe.env }),
    ]);
  }, 90_000);

  afterAll(async () => {
    await killAll();
    await pe?.drop();
    await llm?.close();
    await wx?.close();
  });

  it('the worker answers health, readiness and metrics, and serves nothing public', async () => {
    expect((await fetch(`${worker.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${worker.url}/readyz`)).json()).toMatchObject({ status: 'ok', checks: { database: 'ok', jobs: 'ok' } });
    expect(await (await fetch(`${worker.url}/metrics`)).text()).toMatch(/tourdesk_job_queue_depth/);
    const session = await fetch(`${worker.url}/v1/web/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(session.status).toBe(404);
    expect((await fetch(`${a.url}/v1/web/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(200);
  });

  it('a traveller on A and an agent on B hear each other once and in order', async () => {
    const session = await json(`${a.url}/v1/web/sessions`, { body: { tenantId } });
    const traveller = await socket(`ws://127.0.0.1:${a.port}/v1/web/ws?token=${session.token}`);
    const said = (author: string) => traveller.frames.filter((f) => f.type === 'message' && f.author === author).map((f) => f.text as string);

    traveller.send({ id: 'm1', text: '你好' });
    await until(() => said('bot').length === 1, 'the bot to answer on A');
    expect(said('bot')[0]).toContain('收到：你好');
    traveller.send({ id: 'm2', text: '我要转人工' });
    await until(() => traveller.frames.some((f) => f.handoff === true), 'the handoff notice');

    const { token } = await json(`${b.url}/v1/operator/login`, { body: { email: agent.email, password: agent.password } });
    const console_ = await socket(`ws://127.0.0.1:${b.port}/v1/agent/ws?token=${token}`);
    const queued = await until(async () => {
      const list = (await json(`${b.url}/v1/agent/handoffs?status=queued`, { token })) as Array<{ id: string; conversationId: string }>;
      return list.find((h) => h.conversationId === session.conversationId);
    }, 'the handoff in the queue on B');
    await json(`${b.url}/v1/agent/handoffs/${queued.id}/claim`, { method: 'POST', token, body: {} });

    // Traveller → agent: five messages on A, heard on B's console socket once each, in order.
    const words = ['一', '二', '三', '四', '五'].map((w) => `第${w}条消息`);
    for (const [i, text] of words.entries()) traveller.send({ id: `t${i}`, text });
    const heard = () => console_.frames.filter((f) => f.type === 'traveller.message' && f.conversationId === session.conversationId).map((f) => f.text as string);
    await until(() => heard().length >= words.length, 'the traveller\'s messages on B', 20_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(heard()).toEqual(words);

    // Agent → traveller: five replies through B, delivered on A's socket once each, in order.
    const replies = ['您好', '我是客服小王', '请问入住日期？', '好的', '已为您记录'];
    for (const text of replies) await json(`${b.url}/v1/agent/conversations/${session.conversationId}/messages`, { token, body: { text } });
    await until(() => said('agent').length >= replies.length, 'the agent\'s replies on A', 20_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(said('agent')).toEqual(replies);
    // The bot stayed silent while the agent had the conversation.
    expect(said('bot')).toHaveLength(2);
    const seqs = traveller.frames.filter((f) => f.type === 'message').map((f) => f.seq as number);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);

    traveller.ws.close();
    console_.ws.close();
  }, 90_000);

  it('WeChat pushes sent to either instance get one reply each, in push order per traveller', async () => {
    const pusher = wechatPusher(TOKEN);
    const openids = Array.from({ length: 4 }, anOpenid);
    const sent = new Map<string, string[]>();
    await Promise.all(
      openids.map(async (openid, o) => {
        const texts: string[] = [];
        for (let i = 0; i < 5; i++) {
          const content = `旅客${o}的第${i}条`;
          const answer = await pusher.push((i + o) % 2 === 0 ? a.url : b.url, { openid, content });
          expect(answer.text).toBe('success');
          texts.push(content);
        }
        sent.set(openid, texts);
      }),
    );
    // WeChat retries a push it thinks was lost: the same MsgId to the other instance is one push.
    const retried = await pusher.push(b.url, { openid: openids[0]!, content: 'retry', msgId: pusher.nextMsgId() });
    await pusher.push(a.url, { openid: openids[0]!, content: 'retry', msgId: retried.msgId });
    sent.get(openids[0]!)!.push('retry');

    await until(() => openids.every((o) => wx.delivered(o).length >= sent.get(o)!.length), 'a reply to every push', 60_000, 100);
    await new Promise((r) => setTimeout(r, 1500));
    for (const openid of openids) {
      const got = wx.delivered(openid).map((m) => m.text.content as string);
      expect(got).toEqual(sent.get(openid)!.map((t) => `收到：${t}`));
    }
    expect(wx.problems).toEqual([]);
  }, 120_000);
});
