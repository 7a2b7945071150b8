// Kill -9 of the worker while it runs WeChat turns: after a restart every accepted push gets exactly one reply.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';
import { PATHS, startFakeWechat, type FakeWechat } from '../support/fake-wechat.ts';
import { killAll, processEnv, spawnApp, until, type AppProcess, type ProcessEnv } from '../support/processes.ts';
import { anOpenid, wechatPusher } from '../support/wechat-pushes.ts';

const ready = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
if (!ready) console.log('faults-worker-kill: skipped, it needs DATABASE_URL and REDIS_URL (app processes share PostgreSQL and BullMQ on Redis).');

const APPID = `wx${randomBytes(8).toString('hex')}`;
const SECRET = randomBytes(16).toString('hex');
const TOKEN = 'tourdesk-fault-token';

describe.skipIf(!ready)('a worker killed while it runs WeChat turns', () => {
  let pe: ProcessEnv;
  let wx: FakeWechat;
  let llm: FakeLlm;
  let web: AppProcess;
  let worker: AppProcess;

  beforeAll(async () => {
    wx = await startFakeWechat({ appId: APPID, secret: SECRET });
    llm = await startFakeLlm();
    // Every turn's model call answers after a second, so a burst keeps turns in flight.
    llm.script(...Array.from({ length: 2000 }, () => ({ hangMs: 1000 })));
    pe = await processEnv({
      env: { WECHAT_APPID: APPID, WECHAT_SECRET: SECRET, WECHAT_TOKEN: TOKEN, WECHAT_API_BASE: wx.url, LLM_BASE_URL: llm.url, LLM_MODEL: 'fake' },
    });
    [web, worker] = await Promise.all([spawnApp({ name: 'web', role: 'web', env: pe.env }), spawnApp({ name: 'worker', role: 'worker', env: pe.env })]);
  }, 90_000);

  afterAll(async () => {
    await killAll();
    await pe?.drop();
    await llm?.close();
    await wx?.close();
  });

  it('every push answered success gets exactly one reply, after the worker is killed and started again', async () => {
    const pusher = wechatPusher(TOKEN);
    const openids = Array.from({ length: 12 }, anOpenid);
    const accepted = new Map<string, number>();
    // Two pushes per traveller, the second after the first was accepted; all travellers at once.
    await Promise.all(
      openids.map(async (openid) => {
        for (const content of ['北京有什么酒店', '明天入住']) {
          const a = await pusher.push(web.url, { openid, content });
          expect(a.status, a.text).toBe(200);
          expect(a.text).toBe('success');
          accepted.set(openid, (accepted.get(openid) ?? 0) + 1);
        }
      }),
    );
    const total = [...accepted.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(24);

    // Turns are in flight (the model was asked) but not all answered: now the worker dies.
    await until(() => llm.requests.length >= 4, 'turns in flight', 30_000);
    const before = wx.delivered().length;
    expect(before).toBeLessThan(total);
    await worker.kill9();

    worker = await spawnApp({ name: 'worker-2', role: 'worker', env: pe.env });
    await until(() => openids.every((o) => wx.delivered(o).length >= accepted.get(o)!), 'a reply to every push', 60_000, 200).catch((err: Error) => {
      const counts = openids.map((o) => `${wx.delivered(o).length}/${accepted.get(o)}`).join(' ');
      throw new Error(`${err.message}\nreplies per traveller: ${counts}\n--- worker-2:\n${worker.output().slice(-3000)}`);
    });
    // Nothing more comes later: a stalled job that ran again must not send twice.
    await new Promise((r) => setTimeout(r, 3000));
    for (const openid of openids) expect(wx.delivered(openid), openid).toHaveLength(accepted.get(openid)!);
    expect(wx.problems).toEqual([]);
    expect(wx.callsTo(PATHS.send).every((c) => c.status === 200)).toBe(true);
  }, 150_000);
});
