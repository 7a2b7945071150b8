// The agent console in real headless Chromium: log in, see a handoff arrive live (offered to the online agent),
// claim it, read the bot's traces and the traveller's context, use a canned reply, search + quote + book for the
// traveller, correct a bot answer, reply, resolve with a note.
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { attachAgentConsole, type AgentConsoleEndpoint } from '../../channels/agent-console/index.ts';
import { conversationMessages } from '../../src/bot/index.ts';
import { browserUnavailable, launchBrowser, startBrowsableApp, type BrowsableApp, type TestBrowser } from '../support/browser.ts';
import { aHotel, aRoomType, aTenant, aUser } from '../support/builders.ts';
import { traveller } from '../support/conversation.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';

const shot = (name: string) => fileURLToPath(new URL(`../../docs/screenshots/${name}.png`, import.meta.url));
const unavailable = browserUnavailable();
if (unavailable) console.log(`agent console in Chromium skipped: ${unavailable}`);

describe.skipIf(unavailable)('the agent console in headless Chromium', () => {
  let llm: FakeLlm;
  let app: BrowsableApp;
  let desk: AgentConsoleEndpoint;
  let browser: TestBrowser;
  let page: Page;
  let tenantId: string;
  let hotelId: string;
  let agent: { id: string; email: string; password: string };
  let conversationId: string;
  let bookedCode: string;

  beforeAll(async () => {
    llm = await startFakeLlm();
    app = await startBrowsableApp({ env: { LLM_BASE_URL: llm.url, LLM_MODEL: 'fake-concierge' } });
    desk = attachAgentConsole(app.server, app.t.services);
    tenantId = await aTenant(app.t.testDb.db, '京华酒店集团');
    hotelId = await aHotel(app.t.testDb.db, { tenantId, name: '京伦饭店', city: '北京', tier: 'comfort' });
    await aRoomType(app.t.testDb.db, { hotelId, name: '豪华大床房', from: '2026-12-01', price: 56_000 });
    agent = await aUser(app.t.testDb.db, { role: 'agent', tenantId });
    browser = await launchBrowser({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('dialog', (d) => void d.accept());
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

  it('an agent logs in and is online; "转人工" arrives without reloading, offered to the agent', async () => {
    await page.locator('#email').fill(agent.email);
    await page.locator('#password').fill(agent.password);
    await page.locator('#login-button').click();
    await page.locator('#conn.online').waitFor();
    expect(await page.locator('#login').isVisible()).toBe(false);
    expect(await page.evaluate('sessionStorage.getItem("tourdesk.agentToken")')).toBeTruthy();
    expect(await page.locator('#queued tr.h').count()).toBe(0);
    await expect.poll(() => page.locator('#presence').textContent()).toContain('1');

    // A traveller of the agent's tenant searches with the bot, then asks for a person, while the page stays as it is.
    const s = await app.t.services.travellers.startSession({ channel: 'app', subject: 'console-traveller', tenantId, locale: 'zh-CN' });
    conversationId = s.conversationId;
    const a = traveller(app.t, 'console-traveller');
    a.conversationId = s.conversationId;
    llm.script(
      { toolCalls: [{ name: 'search_hotels', arguments: { city: '北京', checkIn: '2026-12-10', checkOut: '2026-12-12', guests: 2 } }] },
      { content: '为您找到了合适的酒店，请看下面的卡片。' },
    );
    await a.says('12月10日到12日北京，两个人');
    llm.script({ content: '好的，马上为您安排。' });
    const [reply] = await a.says('转人工');
    expect(reply!.handoff).toBe(true);

    const row = page.locator('#queued tr.h');
    await row.waitFor();
    expect(await row.locator('td').nth(2).textContent()).toBe('app');
    await page.locator('#queued tr.offer').waitFor();
    expect(await page.locator('#queued tr.offer .badge').textContent()).toBe('分配给你');
    expect(await page.title()).toBe('(1) 人工客服台');
    const { rows } = await app.t.testDb.db.query<{ offered_to: string }>('SELECT offered_to FROM handoffs WHERE conversation_id = $1', [conversationId]);
    expect(rows[0]!.offered_to).toBe(agent.id);
    await page.screenshot({ path: shot('agent-console-offer') });
  }, 60_000);

  it('the agent opens it: the transcript, the bot\'s traces (what it searched, with what result) and the context', async () => {
    await page.locator('#queued tr.h').click();
    await page.locator('#transcript tr.traveller').first().waitFor();
    expect(await page.locator('#transcript tr.traveller td:nth-child(3)').allTextContents()).toContain('转人工');
    await page.locator('#traces .trace').first().waitFor();
    expect(await page.locator('#traces .trace').count()).toBe(2);
    const step = page.locator('#traces .step').first();
    expect(await step.locator('b').textContent()).toBe('search_hotels ');
    expect(await step.locator('code').textContent()).toContain('"city":"北京"');
    expect(await step.textContent()).toContain('京伦饭店 ¥560');
    expect(await page.locator('#traces .meta').first().textContent()).toContain('置信度');
    const context = await page.locator('#context').textContent();
    expect(context).toContain('北京');
    expect(context).toContain('2026-12-10 → 2026-12-12');
    expect(context).toContain('舒适 京伦饭店');
    // The search form starts from what the traveller asked the bot.
    expect(await page.locator('#s-city').inputValue()).toBe('北京');
    expect(await page.locator('#s-in').inputValue()).toBe('2026-12-10');
  });

  it('claims it, inserts a canned reply and sends it: the traveller gets it', async () => {
    await page.locator('#claim').click();
    await page.locator('#status[data-status="active"]').waitFor();
    await page.locator('#active tr.h').waitFor();
    expect(await page.locator('#queued tr.h').count()).toBe(0);

    const options = await page.locator('#canned option').allTextContents();
    expect(options.length).toBeGreaterThanOrEqual(5);
    expect(options[0]).toMatch(/^中 · /); // the traveller writes Chinese: Chinese ones first
    await page.locator('#canned').selectOption({ label: '中 · 问候' });
    await page.locator('#canned-insert').click();
    const text = await page.locator('#reply-text').inputValue();
    expect(text).toBe('您好，我是人工客服，很高兴为您服务。请问有什么可以帮您？');
    await page.locator('#reply').click();
    await page.locator('#transcript tr.agent').waitFor();
    expect(await page.locator('#transcript tr.agent td:nth-child(3)').allTextContents()).toEqual([text]);
    const sent = (await conversationMessages(app.t.testDb.db, conversationId)).filter((m) => m.author === 'agent');
    expect(sent.map((m) => m.text)).toEqual([text]);
    await page.screenshot({ path: shot('agent-console') });
  });

  it('searches, quotes and books for the traveller: the reservation is theirs and shows in their reservations', async () => {
    await page.locator('#search').click();
    const pick = page.locator('#results .hit button.pick');
    await pick.first().waitFor();
    expect(await page.locator('#results .hit').first().textContent()).toContain('京伦饭店');
    await pick.first().click();
    await page.locator('#quote-box').waitFor();
    expect(await page.locator('#quote-summary').textContent()).toContain('¥1120');
    await page.locator('#g-name').fill('张三');
    await page.locator('#g-phone').fill('13800138000');
    await page.locator('#book').click();
    await page.locator('#booked').waitFor();
    const code = await page.locator('#booked').getAttribute('data-code');
    expect(code).toMatch(/^TD/);
    bookedCode = code!;
    await page.locator(`#reservations tr.res[data-code="${code}"]`).waitFor();
    const { rows } = await app.t.testDb.db.query<{ booked_by: string; same: boolean }>(
      `SELECT r.booked_by, r.traveller_id = c.traveller_id AS same FROM reservations r, conversations c WHERE r.code = $1 AND c.id = $2`, [code, conversationId]);
    expect(rows).toEqual([{ booked_by: 'agent', same: true }]);
    await page.locator('#transcript tr.system', { hasText: code! }).waitFor();
    expect(await page.locator('#history li[data-kind="action"]').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('搜索'), expect.stringContaining('报价'), expect.stringContaining(`预订 · ✓ 客服 ${code}`)]));
    await page.screenshot({ path: shot('agent-console-booking'), fullPage: true });
  });

  it("cancels one of the traveller's reservations from the console: the rooms go back", async () => {
    // A second stay booked for the traveller through the desk's API, then cancelled with the console's button.
    const { rows: [h] } = await app.t.testDb.db.query<{ agent_id: string }>(`SELECT agent_id FROM handoffs WHERE conversation_id = $1 AND status = 'active'`, [conversationId]);
    const second = await app.t.services.agentDesk.book({ userId: h!.agent_id, role: 'agent', tenantId }, conversationId,
      { hotelId, roomTypeId: (await app.t.testDb.db.query<{ id: string }>('SELECT id FROM room_types WHERE hotel_id = $1', [hotelId])).rows[0]!.id,
        checkIn: '2026-12-20', checkOut: '2026-12-21', rooms: 1, guests: 1, guest: { name: '张三', phone: '13800138000' } }, 'browser-second');
    const code = second.reservation.code;
    const row = page.locator(`#reservations tr.res[data-code="${code}"]`);
    await row.waitFor();
    await row.locator('button.cancel').click();
    await expect.poll(() => row.locator('td').nth(2).textContent()).toContain('已取消');
    expect(await row.locator('button.cancel').count()).toBe(0);
    const { rows } = await app.t.testDb.db.query<{ status: string }>('SELECT status FROM reservations WHERE code = $1', [code]);
    expect(rows).toEqual([{ status: 'cancelled' }]);
    expect(await page.locator(`#reservations tr.res[data-code="${bookedCode}"] td`).nth(2).textContent()).toContain('已确认');
  });

  it('corrects a bot answer from the console and sees that it was kept', async () => {
    const botRow = page.locator('#transcript tr.bot').first();
    await botRow.locator('button.correct').click();
    await botRow.locator('.corr-text').fill('京伦饭店12月10日至12日有房，大床房每晚560元。');
    await botRow.locator('.corr-send').click();
    const result = botRow.locator('.corr-result.ok, .corr-result.err');
    await result.waitFor();
    const messageId = await botRow.getAttribute('data-id');
    const kept = await app.t.testDb.db.query<{ corrected_text: string }>('SELECT corrected_text FROM corrections WHERE message_id = $1', [messageId]);
    expect(await result.getAttribute('class')).toContain('ok');
    expect(await result.textContent()).toBe('已提交纠正');
    expect(kept.rows).toEqual([{ corrected_text: '京伦饭店12月10日至12日有房，大床房每晚560元。' }]);
  });

  it('resolves with a note: the bot has the conversation back, and the booking goes with the hand-back', async () => {
    await page.locator('#note').fill('已代订京伦饭店两晚。');
    await page.locator('#resolve').click();
    await page.locator('#status[data-status="resolved"]').waitFor();
    const { rows } = await app.t.testDb.db.query<{ status: string; detail: { note: string; reservations: Array<{ code: string }> } }>(
      `SELECT h.status, e.detail FROM handoffs h JOIN handoff_events e ON e.handoff_id = h.id AND e.kind = 'resolve' WHERE h.conversation_id = $1`, [conversationId]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe('resolved');
    expect(rows[0]!.detail.note).toBe('已代订京伦饭店两晚。');
    expect(rows[0]!.detail.reservations.map((r) => r.code)).toContain(bookedCode);
    expect(rows[0]!.detail.reservations).toHaveLength(2); // the booking and the cancelled one
  });

  it('releases a claimed handoff back to the queue, then closes it with a reason', async () => {
    const s = await app.t.services.travellers.startSession({ channel: 'app', subject: 'second-traveller', tenantId, locale: 'zh-CN' });
    // Its channel refuses to deliver until the traveller writes again (as WeChat's 45015 marks it).
    await app.t.testDb.db.query(`UPDATE conversations SET reply_window_closed_at = now(), reply_window_reason = '45015' WHERE id = $1`, [s.conversationId]);
    const id = await app.t.services.handoffs.request({ conversationId: s.conversationId, tenantId, channel: 'app', reason: 'low_confidence', confidence: 0.31 });
    const row = page.locator(`#queued tr.h[data-id="${id}"]`);
    await row.waitFor();
    expect(await row.locator('td').first().textContent()).toContain('机器人没把握');
    expect(await row.locator('.badge.warn').textContent()).toBe('微信48小时窗口已关闭');
    await row.click();
    await page.locator('#claim:not([disabled])').waitFor();
    await page.locator('#claim').click();
    await page.locator('#status[data-status="active"]').waitFor();
    await page.locator('#release').click();
    await page.locator('#status[data-status="queued"]').waitFor();
    await page.locator(`#queued tr.h[data-id="${id}"]`).waitFor();
    await page.locator('#close-reason').fill('旅客已离开');
    await page.locator('#close').click();
    await page.locator('#status[data-status="closed"]').waitFor();
    const { rows } = await app.t.testDb.db.query<{ kind: string; reason: string | null }>(
      `SELECT kind, reason FROM handoff_events WHERE handoff_id = $1 AND kind IN ('claim', 'release', 'close') ORDER BY seq`, [id]);
    expect(rows).toEqual([{ kind: 'claim', reason: null }, { kind: 'release', reason: null }, { kind: 'close', reason: '旅客已离开' }]);
  });
});
