// The embedded default (PGlite, in-process jobs) killed while it runs WeChat turns: its queue was only in memory, yet
// after a restart on the same data directory every push it answered `success` gets exactly one reply.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';
import { startFakeWechat, type FakeWechat } from '../support/fake-wechat.ts';
import { killAll, spawnApp, until, type AppProcess } from '../support/processes.ts';
import { anOpenid, wechatPusher } from '../support/wechat-pushes.ts';

const APPID = `wx${randomBytes(8).toString('hex')}`;
const SECRET = randomBytes(16).toString('hex');
const TOKEN = 'tourdesk-embedded-token';

describe('the embedded app killed with WeChat turns queued and running', () => {
  let dataDir: string;
  let wx: FakeWechat;
  let llm: FakeLlm;
  let env: Record<string, string>;
  let app: AppProcess;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'td-embedded-'));
    wx = await startFakeWechat({ appId: APPID, secret: SECRET });
    llm = await startFakeLlm();
    // Each model call takes 1.5 s: with 8 turns at a time, a burst of 12 leaves some running and some waiting.
    llm.script(...Array.from({ length: 200 }, () => ({ hangMs: 1500 })));
    env = {
      DATA_DIR: dataDir, SEED_DEMO: '0', RATE_LIMIT_IP_PER_MINUTE: '0', RATE_LIMIT_TRAVELLER_PER_MINUTE: '0',
      WECHAT_APPID: APPID, WECHAT_SECRET: SECRET, WECHAT_TOKEN: TOKEN, WECHAT_API_BASE: wx.url, LLM_BASE_URL: llm.url, LLM_MODEL: 'fake',
    };
    app = await spawnApp({ name: 'embedded', env });
  }, 90_000);

  afterAll(async () => {
    await killAll();
    await llm?.close();
    await wx?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers every accepted push once after the restart (the inbox in PostgreSQL, swept again)', async () => {
    const pusher = wechatPusher(TOKEN);
    const openids = Array.from({ length: 12 }, anOpenid);
    for (const openid of openids) {
      const a = await pusher.push(app.url, { openid, content: '北京有什么酒店' });
      expect(a.text).toBe('success');
    }
    await until(() => llm.requests.length >= 3, 'turns in flight', 30_000);
    expect(wx.delivered().length).toBeLessThan(openids.length);
    await app.kill9();

    app = await spawnApp({ name: 'embedded-2', env });
    await until(() => openids.every((o) => wx.delivered(o).length >= 1), 'a reply to every push after the restart', 90_000, 250).catch((err: Error) => {
      const missing = openids.filter((o) => wx.delivered(o).length === 0).length;
      throw new Error(`${err.message}: ${missing} of ${openids.length} unanswered\n${app.output().slice(-2000)}`);
    });
    await new Promise((r) => setTimeout(r, 1500));
    for (const openid of openids) expect(wx.delivered(openid), openid).toHaveLength(1);
    expect(app.output()).toMatch(/unanswered WeChat pushes queued again/);
  }, 180_000);
});
