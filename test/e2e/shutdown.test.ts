// Graceful shutdown of a real `tsx src/main.ts` process: SIGTERM drains (running turns finish and are answered, new
// work is refused, sockets close with 1001), exits 0; a second signal exits at once with 1; a worker past its
// grace hands its running job back to the queue, where another worker finishes it.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createInProcessQueue } from '../../src/jobs/index.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';
import { startFakeWechat, type FakeWechat } from '../support/fake-wechat.ts';
import { killAll, processEnv, spawnApp, until, type AppProcess, type ProcessEnv } from '../support/processes.ts';
import { anOpenid, wechatPusher } from '../support/wechat-pushes.ts';

const withServices = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
const APP_KEY = `td_app_${randomBytes(12).toString('hex')}`;

let llm: FakeLlm;
let dataDir: string | undefined;
let pe: ProcessEnv | undefined;

/** Embedded (a data directory of its own) without DATABASE_URL/REDIS_URL; else a database and Redis prefix of its own. */
async function appEnv(extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const common = { APP_API_KEY: APP_KEY, LLM_BASE_URL: llm.url, LLM_MODEL: 'fake', SEED_DEMO: '0', RATE_LIMIT_IP_PER_MINUTE: '0', RATE_LIMIT_TRAVELLER_PER_MINUTE: '0', ...extra };
  if (withServices) {
    pe ??= await processEnv();
    return { ...pe.env, ...common };
  }
  dataDir ??= mkdtempSync(join(tmpdir(), 'td-shutdown-'));
  return { DATA_DIR: dataDir, ...common };
}

/** Writes raw HTTP/1.1 requests on one kept-alive connection and collects every byte answered. */
function rawConnection(port: number) {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (b) => (received += b.toString()));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {});
  return {
    send(method: string, path: string, body?: unknown) {
      const text = body === undefined ? '' : JSON.stringify(body);
      socket.write(
        `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${APP_KEY}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: keep-alive\r\n\r\n${text}`,
      );
    },
    received: () => received,
    closed,
  };
}

const statusLines = (raw: string) => [...raw.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));

beforeAll(async () => {
  llm = await startFakeLlm();
});

afterAll(async () => {
  await killAll();
  await llm?.close();
  await pe?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('SIGTERM', () => {
  let app: AppProcess;

  it('lets a running turn finish and answer, refuses new work meanwhile, closes sockets with 1001 and exits 0', async () => {
    app = await spawnApp({ name: 'app', env: await appEnv() });
    const session = (await (await fetch(`${app.url}/v1/web/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { token: string };
    const ws = new WebSocket(`ws://127.0.0.1:${app.port}/v1/web/ws?token=${session.token}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const wsClosed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

    llm.reset();
    llm.script({ hangMs: 2500 }); // the model answers this turn after 2.5 s
    const conn = rawConnection(app.port);
    conn.send('POST', '/v1/app/messages', { userId: 'u-shutdown', text: '北京有什么酒店' });
    await until(() => llm.requests.length === 1, 'the turn to reach the model', 10_000);

    app.signal('SIGTERM');
    // Draining: the closed listener refuses a new connection, and a request behind the running one gets 503.
    await until(() => /SIGTERM/.test(app.output()), 'the drain to begin', 5_000);
    const fresh = await fetch(`${app.url}/healthz`).then((r) => r.status, (err: Error) => (err.cause as { code?: string })?.code ?? err.message);
    expect(fresh).toBe('ECONNREFUSED');
    conn.send('GET', '/readyz');
    expect(await wsClosed).toBe(1001);

    const exit = await app.exited;
    expect(exit, app.output()).toEqual({ code: 0, signal: null });
    await conn.closed;
    const raw = conn.received();
    expect(statusLines(raw), raw).toEqual([200, 503]);
    const [first, second] = raw.split(/(?=HTTP\/1\.1 )/);
    const body = JSON.parse(first!.slice(first!.indexOf('\r\n\r\n') + 4)) as { replies: Array<{ text: string }> };
    expect(body.replies.length).toBeGreaterThan(0);
    expect(body.replies.map((r) => r.text).join(' ')).toContain('(late)');
    expect(second).toMatch(/"status":"draining"/);
  }, 120_000);

  it('a second signal ends the process at once, with exit code 1, even while a turn runs', async () => {
    app = await spawnApp({ name: 'app-2', env: await appEnv() });
    llm.reset();
    llm.script({ hangMs: 20_000 });
    const turn = fetch(`${app.url}/v1/app/messages`, {
      method: 'POST', headers: { authorization: `Bearer ${APP_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'u-twice', text: '你好' }),
    }).then((r) => r.status, () => 'cut off');
    await until(() => llm.requests.length === 1, 'the turn to reach the model', 10_000);
    app.signal('SIGTERM');
    await until(() => /SIGTERM/.test(app.output()), 'the drain to begin', 5_000);
    app.signal('SIGTERM');
    const exit = await app.exited;
    expect(exit, app.output()).toEqual({ code: 1, signal: null });
    expect(app.output()).toMatch(/again: exiting now/);
    // The turn could not have finished: the model would answer only after 20 s.
    expect(await turn).toBe('cut off');
  }, 120_000);
});

describe('closing the in-process job queue', () => {
  it('waits for a running job, and with a grace no longer than the grace', async () => {
    const jobs = createInProcessQueue();
    const finished: string[] = [];
    let started = 0;
    jobs.handle<{ id: string; ms: number }>('slow', async ({ id, ms }) => {
      started++;
      await new Promise((r) => setTimeout(r, ms));
      finished.push(id);
    }, { concurrency: 2 });
    await jobs.start();
    await jobs.enqueue('slow', { id: 'short', ms: 100 });
    await jobs.enqueue('slow', { id: 'long', ms: 5000 });
    await until(() => started === 2, 'both jobs running', 5000, 10);
    const t0 = Date.now();
    await jobs.close({ graceMs: 500 });
    // The short job finished inside the grace; the close did not wait for the long one.
    expect(finished).toEqual(['short']);
    expect(Date.now() - t0).toBeLessThan(4000);
    await expect(jobs.enqueue('slow', { id: 'late', ms: 1 })).rejects.toMatchObject({ code: 'unavailable' });

    // Without a grace, the close waits for the running job however long it takes.
    const patient = createInProcessQueue();
    const done: string[] = [];
    let running = false;
    patient.handle('slow', async () => {
      running = true;
      await new Promise((r) => setTimeout(r, 300));
      done.push('x');
    });
    await patient.start();
    await patient.enqueue('slow', {});
    await until(() => running, 'the job running', 5000, 10);
    await patient.close();
    expect(done).toEqual(['x']);
  });
});

describe.skipIf(!withServices)('a worker past its grace (BullMQ)', () => {
  if (!withServices) console.log('shutdown: the hand-back case is skipped, it needs DATABASE_URL and REDIS_URL (jobs on BullMQ).');
  const APPID = `wx${randomBytes(8).toString('hex')}`;
  const SECRET = randomBytes(16).toString('hex');
  const TOKEN = 'tourdesk-shutdown-token';
  let wx: FakeWechat;

  beforeAll(async () => {
    wx = await startFakeWechat({ appId: APPID, secret: SECRET });
  });
  afterAll(async () => {
    await killAll();
    await wx?.close();
  });

  it('hands its running WeChat turn back to the queue, exits 0, and another worker answers it exactly once', async () => {
    const env = await appEnv({ WECHAT_APPID: APPID, WECHAT_SECRET: SECRET, WECHAT_TOKEN: TOKEN, WECHAT_API_BASE: wx.url, SHUTDOWN_GRACE_MS: '1000' });
    const [web, first] = await Promise.all([spawnApp({ name: 'web', role: 'web', env }), spawnApp({ name: 'worker-1', role: 'worker', env })]);
    llm.reset();
    llm.script({ hangMs: 8000 }, { content: '北京的酒店有很多，您想住哪一区？' });
    const openid = anOpenid();
    const answer = await wechatPusher(TOKEN).push(web.url, { openid, content: '北京有什么酒店' });
    expect(answer.text).toBe('success');
    await until(() => llm.requests.length === 1, 'the turn to reach the model', 15_000);

    const stopping = Date.now();
    first.signal('SIGTERM');
    expect(await first.exited, first.output()).toEqual({ code: 0, signal: null });
    // Within the grace and the closing of its connections, not after the 8 s the model would have taken.
    expect(Date.now() - stopping).toBeLessThan(7000);
    expect(wx.delivered(openid)).toHaveLength(0);
    // Handed back at once (not left for the stalled-job check): it waits in the queue for the next worker.
    expect(first.output()).toMatch(/handed back to the queue at shutdown/);

    await spawnApp({ name: 'worker-2', role: 'worker', env });
    await until(() => wx.delivered(openid).length === 1, 'the handed-back turn answered by the second worker', 30_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(wx.delivered(openid)).toHaveLength(1);
    expect(wx.delivered(openid)[0].text.content).toContain('北京的酒店');
  }, 120_000);
});
