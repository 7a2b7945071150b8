// The web chat in real headless Chromium on a phone-sized screen: ask, see three tiers of cards, book on the link page.
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationTopic, recordOutbound, type Reply } from '../../src/bot/index.ts';
import { browserUnavailable, launchBrowser, startBrowsableApp, type BrowsableApp, type TestBrowser } from '../support/browser.ts';
import { aHotel, aRoomType, aTenant } from '../support/builders.ts';
import { lastToolResult } from '../support/conversation.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';

const SCREENSHOT = fileURLToPath(new URL('../../docs/screenshots/web-chat.png', import.meta.url));
const unavailable = browserUnavailable();
if (unavailable) console.log(`web chat in Chromium skipped: ${unavailable}`);

type Tiers = { tiers: Record<string, Array<{ name: string; pricePerNight: { amount: number }; total: { amount: number } }>> };

describe.skipIf(unavailable)('the web chat in headless Chromium', () => {
  let llm: FakeLlm;
  let app: BrowsableApp;
  let browser: TestBrowser;
  let page: Page;
  const rooms: Record<string, string> = {};
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    llm = await startFakeLlm();
    app = await startBrowsableApp({ env: { LLM_BASE_URL: llm.url, LLM_MODEL: 'fake-concierge' } });
    app.server.on('upgrade', (_req, socket: Socket) => sockets.add(socket));
    const db = app.t.testDb.db;
    const tenantId = await aTenant(db, '京华酒店集团');
    for (const [tier, name, price] of [
      ['budget', '如家快捷酒店(王府井店)', 32_000],
      ['comfort', '京伦饭店', 56_000],
      ['luxury', '北京王府半岛酒店', 78_000],
    ] as const) {
      const hotelId = await aHotel(db, { tenantId, city: '北京', tier, name });
      rooms[name] = await aRoomType(db, { hotelId, from: '2026-12-01', nights: 40, price, capacity: 2, name: tier === 'luxury' ? '豪华大床房' : '标准大床房' });
    }
    browser = await launchBrowser({
      viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
      locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
    });
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await llm?.close();
  });

  it('a traveller types a request, sees three tiers of cards, books the budget one on the link page and gets a code', async () => {
    llm.script(
      { toolCalls: [{ name: 'search_hotels', arguments: { city: '北京', checkIn: '2026-12-10', checkOut: '2026-12-12', guests: 2, budgetMax: 800 } }] },
      (req) => {
        const r = lastToolResult<Tiers>(req, 'search_hotels');
        const line = (tier: string) => { const h = r.tiers[tier]![0]!; return `${h.name} ¥${h.pricePerNight.amount / 100}/晚`; };
        return { content: `为您找到三档酒店（12月10日—12日，2晚）：\n经济：${line('budget')}\n舒适：${line('comfort')}\n豪华：${line('luxury')}\n点“预订”即可下单。` };
      },
    );
    await page.goto(`${app.url}/`);
    await page.locator('#conn.online').waitFor();
    await page.locator('#text').fill('我想12月10日到12日在北京住两晚，两个人，每晚800以内');
    await page.locator('#send').click();

    await page.locator('.tier.luxury .card').waitFor();
    expect(await page.locator('.tier h3').allTextContents()).toEqual(['经济型', '舒适型', '豪华型']);
    expect(await page.locator('.card .name').allTextContents()).toEqual(['如家快捷酒店(王府井店)', '京伦饭店', '北京王府半岛酒店']);
    expect(await page.locator('.card .night').allTextContents()).toEqual(['¥320', '¥560', '¥780']);
    expect(await page.locator('.card .total').allTextContents()).toEqual(['共 ¥640', '共 ¥1,120', '共 ¥1,560']);
    await page.locator('.typing').waitFor({ state: 'detached' });
    await page.screenshot({ path: SCREENSHOT });

    await page.locator('.tier.budget a.book').click();
    await page.waitForURL(/\/b\/[\w-]+$/);
    await page.locator('#guest-name').fill('张三');
    await page.locator('#guest-phone').fill('13800138000');
    await page.locator('#book-button').click();
    await page.locator('#booking-result').waitFor();
    expect(await page.locator('#result-title').textContent()).toBe('预订成功');
    const code = (await page.locator('#result-code').textContent())!;
    expect(code).toMatch(/^TD[2-9A-Z]{6}$/);

    // Booked as the chat's own traveller: the link page reused the token the chat kept.
    const db = app.t.testDb.db;
    const chats = await db.query<{ traveller_id: string }>(`SELECT traveller_id FROM conversations WHERE channel = 'web'`);
    expect(chats.rows).toHaveLength(1);
    const { rows } = await db.query<Record<string, unknown>>(
      'SELECT status, channel, traveller_id, room_type_id, check_in, check_out, guests, total, guest_name FROM reservations WHERE code = $1', [code]);
    expect(rows).toEqual([{
      status: 'confirmed', channel: 'web', traveller_id: chats.rows[0]!.traveller_id, room_type_id: rooms['如家快捷酒店(王府井店)'],
      check_in: '2026-12-10', check_out: '2026-12-12', guests: 2, total: 64_000, guest_name: '张三',
    }]);
  }, 60_000);

  it('back in the chat, the conversation is still there, and a message sent while the socket was down arrives once', async () => {
    await page.goBack();
    await page.locator('#conn.online').waitFor();
    expect(await page.locator('.card').count()).toBe(3);

    // The network drops; meanwhile an agent writes. The page reconnects with its last seq and gets it from the replay.
    for (const s of sockets) s.destroy();
    await page.locator('#conn.reconnecting').waitFor();
    const { rows } = await app.t.testDb.db.query<{ id: string }>(`SELECT id FROM conversations WHERE channel = 'web'`);
    const conversationId = rows[0]!.id;
    const reply: Reply = { type: 'message', text: '您好，我是人工客服小王，已看到您的订单。' };
    await recordOutbound(app.t.services.db, app.t.services.keys, { conversationId, channel: 'web', author: 'agent', reply, at: app.t.clock.now() });
    await app.t.services.events.publish(conversationTopic(conversationId), reply);

    await page.locator('.msg.agent').waitFor();
    await page.locator('#conn.online').waitFor();
    expect(await page.locator('.msg.agent .bubble').allTextContents()).toEqual([reply.text]);
    expect(await page.locator('#handoff').isVisible()).toBe(true);
  }, 60_000);
});
