// The agent console in real headless Chromium: log in, see a handoff arrive live, claim, reply, resolve.
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { attachAgentConsole, type AgentConsoleEndpoint } from '../../channels/agent-console/index.ts';
import { browserUnavailable, launchBrowser, startBrowsableApp, type BrowsableApp, type TestBrowser } from '../support/browser.ts';
import { aTenant, aUser } from '../support/builders.ts';
import { traveller } from '../support/conversation.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';

const SCREENSHOT = fileURLToPath(new URL('../../docs/screenshots/agent-console.png', import.meta.url));
const unavailable = browserUnavailable();
if (unavailable) console.log(`agent console in Chromium skipped: ${unavailable}`);

describe.skipIf(unavailable)('the agent console in headless Chromium', () => {
  let llm: FakeLlm;
  let app: BrowsableApp;
  let desk: AgentConsoleEndpoint;
  let browser: TestBrowser;
  let page: Page;
  let tenantId: string;
  let agent: { email: string; password: string };

  beforeAll(async () => {
    llm = await startFakeLlm();
    app = await startBrowsableApp({ env: { LLM_BASE_URL: llm.url, LLM_MODEL: 'fake-concierge' } });
    desk = attachAgentConsole(app.server, app.t.services);
    tenantId = await aTenant(app.t.testDb.db, '京华酒店集团');
    agent = await aUser(app.t.testDb.db, { role: 'agent', tenantId });
    browser = await launchBrowser({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await desk?.close();
    await app?.close();
    await llm?.close();
  });

  it('the socket refuses a missing token (401) and a traveller token (403) before the upgrade', async () => {
    const statusOf = (query: string) => new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`${app.url.replace('http', 'ws')}/v1/agent/ws${query}`);
      ws.on('unexpected-response', (_req, res) => { resolve(res.statusCode ?? 0); ws.terminate(); });
      ws.on('open', () => { ws.close(); reject(new Error('upgraded')); });
      ws.on('error', () => undefined);
    });
    expect(await statusOf('')).toBe(401);
    const session = await fetch(`${app.url}/v1/web/sessions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    const { token } = (await session.json()) as { token: string };
    expect(await statusOf(`?token=${token}`)).toBe(403);
  });

  it('before login only the form shows', async () => {
    await page.goto(`${app.url}/agent`);
    expect(await page.locator('#login').isVisible()).toBe(true);
    expect(await page.locator('#desk').isVisible()).toBe(false);
  });

  it('an agent sees "转人工" arrive without reloading, claims it, replies and resolves it', async () => {
    await page.locator('#email').fill(agent.email);
    await page.locator('#password').fill(agent.password);
    await page.locator('#login-button').click();
    await page.locator('#conn.online').waitFor();
    expect(await page.locator('#login').isVisible()).toBe(false);
    expect(await page.evaluate('sessionStorage.getItem("tourdesk.agentToken")')).toBeTruthy();
    expect(await page.locator('#queued tr.h').count()).toBe(0);

    // A traveller of the agent's tenant asks for a person on the app channel, while the page stays as it is.
    const s = await app.t.services.travellers.startSession({ channel: 'app', subject: 'console-traveller', tenantId, locale: 'zh-CN' });
    const a = traveller(app.t, 'console-traveller');
    a.conversationId = s.conversationId;
    llm.script({ content: '好的，马上为您安排。' });
    const [reply] = await a.says('转人工');
    expect(reply!.handoff).toBe(true);

    const row = page.locator('#queued tr.h');
    await row.waitFor();
    expect(await row.locator('td').nth(2).textContent()).toBe('app');
    await row.click();
    await page.locator('#transcript tr.traveller').first().waitFor();
    expect(await page.locator('#transcript tr.traveller td:nth-child(3)').allTextContents()).toContain('转人工');

    await page.locator('#claim').click();
    await page.locator('#status[data-status="active"]').waitFor();
    await page.locator('#active tr.h').waitFor();
    expect(await page.locator('#queued tr.h').count()).toBe(0);

    const text = '您好，我是人工客服小王，请问有什么可以帮您？';
    await page.locator('#reply-text').fill(text);
    await page.locator('#reply').click();
    await page.locator('#transcript tr.agent').waitFor();
    expect(await page.locator('#transcript tr.agent td:nth-child(3)').allTextContents()).toEqual([text]);
    await page.screenshot({ path: SCREENSHOT });

    await page.locator('#resolve').click();
    await page.locator('#status[data-status="resolved"]').waitFor();
    const { rows } = await app.t.testDb.db.query<{ status: string }>('SELECT status FROM handoffs WHERE conversation_id = $1', [s.conversationId]);
    expect(rows).toEqual([{ status: 'resolved' }]);
  }, 60_000);
});
