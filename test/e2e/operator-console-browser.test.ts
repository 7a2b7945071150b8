// The operator console in real headless Chromium: an operator logs in, changes a night's price and stop-sells a range
// in the calendar, and a traveller's next search shows exactly that; then confirms a held reservation, adds a
// knowledge entry, reviews and corrects a conversation, and reads the dashboard's charts.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HotelCard } from '../../src/bot/index.ts';
import { OfflineChatModel } from '../../src/model/offline/index.ts';
import { browserUnavailable, launchBrowser, startBrowsableApp, type BrowsableApp, type TestBrowser } from '../support/browser.ts';
import { aHotel, aRoomType, aTenant, aUser } from '../support/builders.ts';
import { traveller, type Traveller } from '../support/conversation.ts';

const shot = (name: string) => fileURLToPath(new URL(`../../docs/screenshots/${name}`, import.meta.url));
const unavailable = browserUnavailable();
if (unavailable) console.log(`operator console in Chromium skipped: ${unavailable}`);

const SEARCH = '你好，我想12月10日到11日在北京住一晚，我们两个人';

describe.skipIf(unavailable)('the operator console in headless Chromium', () => {
  let app: BrowsableApp;
  let browser: TestBrowser;
  let page: Page;
  let operator: { email: string; password: string };
  const hotels: Record<string, string> = {};
  const rooms: Record<string, string> = {};
  let held = '';
  let searcher: Traveller;

  const db = () => app.t.testDb.db;
  const cell = (night: string) => page.locator(`#cal-grid td[data-night="${night}"]`);
  const cardsFor = async (who: Traveller) => {
    const replies = await who.says(SEARCH);
    return replies.flatMap((r) => r.cards ?? []) as HotelCard[];
  };
  async function openMonth(hotel: string, month = '2026-12') {
    await page.locator('#tab-calendar').click();
    await page.locator('#cal-hotel').selectOption(hotels[hotel]!);
    await page.locator(`#cal-room option[value="${rooms[hotel]}"]`).waitFor({ state: 'attached' });
    await page.locator('#cal-month').fill(month);
    await page.locator('#cal-load').click();
    await page.locator(`#cal-grid[data-room-type="${rooms[hotel]}"][data-month="${month}"]`).waitFor();
  }

  beforeAll(async () => {
    app = await startBrowsableApp({ model: new OfflineChatModel() });
    const tenantId = await aTenant(db(), '京华酒店集团');
    operator = await aUser(db(), { role: 'operator', tenantId });
    for (const [tier, name, price, prepay] of [
      ['budget', '如家快捷酒店(王府井店)', 32_000, false],
      ['comfort', '京伦饭店', 56_000, true],
      ['luxury', '北京王府半岛酒店', 98_000, false],
      ['luxury', '北京华尔道夫酒店', 260_000, false],
    ] as const) {
      hotels[name] = await aHotel(db(), { tenantId, city: '北京', tier, name, paymentMode: prepay ? 'prepay' : 'at_hotel', holdMinutes: 600 });
      rooms[name] = await aRoomType(db(), { hotelId: hotels[name]!, from: '2026-12-01', nights: 40, price, capacity: 2 });
    }
    // A prepaid stay: held until an operator confirms the payment.
    const session = await fetch(`${app.url}/v1/web/sessions`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ tenantId, locale: 'zh-CN' }),
    });
    const { token } = (await session.json()) as { token: string };
    const booked = await fetch(`${app.url}/v1/reservations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'Idempotency-Key': 'console-held-1' },
      body: JSON.stringify({ hotelId: hotels['京伦饭店'], roomTypeId: rooms['京伦饭店'], checkIn: '2026-12-20', checkOut: '2026-12-22', rooms: 2, guests: 2, guest: { name: '王芳', phone: '13900139000' } }),
    });
    const reservation = (await booked.json()) as { code: string; status: string };
    expect(reservation.status).toBe('held');
    held = reservation.code;
    // And a stay paid at the hotel, confirmed at once, for the dashboard.
    const paidAtHotel = await fetch(`${app.url}/v1/reservations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'Idempotency-Key': 'console-confirmed-1' },
      body: JSON.stringify({ hotelId: hotels['如家快捷酒店(王府井店)'], roomTypeId: rooms['如家快捷酒店(王府井店)'], checkIn: '2026-12-15', checkOut: '2026-12-17', rooms: 1, guests: 2, guest: { name: '李雷', phone: '13700137000' } }),
    });
    expect(((await paidAtHotel.json()) as { status: string }).status).toBe('confirmed');

    browser = await launchBrowser({ viewport: { width: 1360, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('before the change a traveller is offered the budget hotel at ¥320 and the cheaper luxury hotel', async () => {
    const cards = await cardsFor(traveller(app.t, 'before-change'));
    expect(cards.find((c) => c.tier === 'budget')).toMatchObject({ hotelId: hotels['如家快捷酒店(王府井店)'], pricePerNight: { amount: 32_000 } });
    expect(cards.find((c) => c.tier === 'luxury')?.hotelId).toBe(hotels['北京王府半岛酒店']);
  });

  it('an operator logs in; the token is kept for the tab and the hotels of its tenant are listed', async () => {
    await page.goto(`${app.url}/operator`);
    expect(await page.locator('#console').isVisible()).toBe(false);
    await page.locator('#email').fill(operator.email);
    await page.locator('#password').fill('wrong password');
    await page.locator('#login-button').click();
    await page.locator('#login-error', { hasText: '登录失败' }).waitFor();
    await page.locator('#password').fill(operator.password);
    await page.locator('#login-button').click();
    await page.locator('#console').waitFor();
    expect(await page.evaluate('sessionStorage.getItem("tourdesk.operatorToken")')).toBeTruthy();
    await expect.poll(() => page.locator('#hotels tbody tr.pick').count()).toBe(4);
    expect(await page.locator('#tenant-box').isVisible()).toBe(false);
  });

  it('changes one night\'s price in the month grid: the grid and the inventory row say ¥388', async () => {
    await openMonth('如家快捷酒店(王府井店)');
    expect(await cell('2026-12-10').textContent()).toContain('¥320');
    expect(await page.locator('#cal-grid tbody tr').count()).toBeGreaterThanOrEqual(5);
    await cell('2026-12-10').click();
    await page.locator('#night-price').fill('388');
    await page.locator('#night-save').click();
    await cell('2026-12-10').filter({ hasText: '¥388' }).waitFor();
    expect(await cell('2026-12-11').textContent()).toContain('¥320');
    const { rows } = await db().query<{ night: string; price: number }>(
      "SELECT night::text, price::int FROM inventory WHERE room_type_id = $1 AND night BETWEEN '2026-12-09' AND '2026-12-11' ORDER BY night",
      [rooms['如家快捷酒店(王府井店)']],
    );
    expect(rows.map((r) => r.price)).toEqual([32_000, 38_800, 32_000]);
  });

  it('stop-sells a range in one bulk edit: five nights marked, the nights around them untouched', async () => {
    await openMonth('北京王府半岛酒店');
    await page.locator('#bulk-from').fill('2026-12-08');
    await page.locator('#bulk-to').fill('2026-12-12');
    await page.locator('#bulk-stop').selectOption('true');
    await page.locator('#bulk-save').click();
    await page.locator('#bulk-status', { hasText: '5' }).waitFor();
    for (const night of ['2026-12-08', '2026-12-10', '2026-12-12']) expect(await cell(night).getAttribute('class')).toContain('stop');
    for (const night of ['2026-12-07', '2026-12-13']) expect(await cell(night).getAttribute('class')).not.toContain('stop');
    await page.screenshot({ path: shot('operator-calendar.png'), fullPage: true });
    const { rows } = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM inventory WHERE room_type_id = $1 AND stop_sell', [rooms['北京王府半岛酒店']]);
    expect(rows[0]!.n).toBe(5);
  });

  it('shows 409 allotment_below_booked when a night would hold fewer rooms than are booked, and changes nothing', async () => {
    await openMonth('京伦饭店');
    expect(await cell('2026-12-20').textContent()).toContain('2');
    await cell('2026-12-20').click();
    await page.locator('#night-allotment').fill('1');
    await page.locator('#night-save').click();
    await page.locator('#night-error', { hasText: 'allotment_below_booked' }).waitFor();
    const { rows } = await db().query<{ allotment: number; booked: number }>(
      "SELECT allotment, booked FROM inventory WHERE room_type_id = $1 AND night = '2026-12-20'", [rooms['京伦饭店']],
    );
    expect(rows).toEqual([{ allotment: 10, booked: 2 }]);
  });

  it('the traveller\'s next search shows the new price and does not offer the stop-sold hotel', async () => {
    searcher = traveller(app.t, 'after-change');
    const cards = await cardsFor(searcher);
    const budget = cards.find((c) => c.tier === 'budget');
    expect(budget).toMatchObject({ hotelId: hotels['如家快捷酒店(王府井店)'], pricePerNight: { amount: 38_800 }, total: { amount: 38_800 } });
    expect(cards.map((c) => c.hotelId)).not.toContain(hotels['北京王府半岛酒店']);
    expect(cards.find((c) => c.tier === 'luxury')?.hotelId).toBe(hotels['北京华尔道夫酒店']);
  });

  it('finds the held reservation and confirms it', async () => {
    await page.locator('#tab-reservations').click();
    await page.locator('#res-status').selectOption('held');
    await page.locator('#res-search').click();
    const line = page.locator(`#reservations tbody tr[data-code="${held}"]`);
    await expect.poll(() => page.locator('#reservations tbody tr.pick').count()).toBe(1);
    await line.click();
    await page.locator('#res-detail').waitFor();
    expect(await page.locator('#res-fields').textContent()).toContain('王芳');
    await page.locator('#res-confirm').click();
    await page.locator('#res-code[data-status="confirmed"]').waitFor();
    expect(await page.locator('#res-confirm').isDisabled()).toBe(true);
    const { rows } = await db().query<{ status: string }>('SELECT status FROM reservations WHERE code = $1', [held]);
    expect(rows).toEqual([{ status: 'confirmed' }]);
  });

  it('searches by the guest\'s name, exports what it found as CSV, and cancels the reservation after a confirmation', async () => {
    await page.locator('#res-status').selectOption('');
    await page.locator('#res-q').fill('王芳');
    await page.locator('#res-search').click();
    await expect.poll(() => page.locator('#reservations tbody tr.pick').count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#res-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^reservations-.*\.csv$/);
    expect(await readFile((await download.path())!, 'utf8')).toContain(held);
    page.once('dialog', (d) => void d.accept());
    await page.locator('#res-cancel').click();
    await page.locator('#res-code[data-status="cancelled"]').waitFor();
    const { rows } = await db().query<{ status: string }>('SELECT status FROM reservations WHERE code = $1', [held]);
    expect(rows).toEqual([{ status: 'cancelled' }]);
  });

  it('adds a knowledge entry for one hotel', async () => {
    await page.locator('#tab-knowledge').click();
    await page.locator(`#kb-hotel option[value="${hotels['如家快捷酒店(王府井店)']}"]`).waitFor({ state: 'attached' });
    await page.locator('#kb-hotel').selectOption(hotels['如家快捷酒店(王府井店)']!);
    await page.locator('#kb-question').fill('可以开发票吗？');
    await page.locator('#kb-answer').fill('可以开具电子发票，退房时告诉前台抬头和税号即可。');
    await page.locator('#kb-save').click();
    await page.locator('#knowledge tbody tr', { hasText: '可以开发票吗？' }).waitFor();
    const { rows } = await db().query<{ hotel_id: string; answer: string; created_by: string | null }>(
      "SELECT hotel_id, answer, created_by FROM knowledge_entries WHERE question = '可以开发票吗？'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ hotel_id: hotels['如家快捷酒店(王府井店)'], answer: '可以开具电子发票，退房时告诉前台抬头和税号即可。' });
    expect(rows[0]!.created_by).toBeTruthy();
  });

  it('edits a knowledge entry, finds it by a word of its answer, and deletes it', async () => {
    const line = page.locator('#knowledge tbody tr', { hasText: '可以开发票吗？' });
    await line.locator('button.kb-edit').click();
    await page.locator('#kb-answer').fill('可以开具增值税电子发票，退房时告诉前台抬头和税号即可。');
    await page.locator('#kb-save').click();
    await page.locator('#knowledge tbody tr', { hasText: '增值税' }).waitFor();
    await page.locator('#kb-q').fill('停车');
    await page.locator('#kb-search').click();
    await expect.poll(() => page.locator('#knowledge tbody tr[data-id]').count()).toBe(0);
    await page.locator('#kb-q').fill('增值税');
    await page.locator('#kb-search').click();
    await expect.poll(() => page.locator('#knowledge tbody tr[data-id]').count()).toBe(1);
    page.once('dialog', (d) => void d.accept());
    await page.locator('#knowledge tbody tr[data-id] button.kb-delete').click();
    await expect.poll(() => page.locator('#knowledge tbody tr[data-id]').count()).toBe(0);
    const { rows } = await db().query("SELECT 1 FROM knowledge_entries WHERE question = '可以开发票吗？'");
    expect(rows).toEqual([]);
  });

  it('filters the review list by outcome', async () => {
    await page.locator('#tab-conversations').click();
    await page.locator('#conv-outcome').selectOption('booked');
    await page.locator('#conv-search').click();
    const lines = page.locator('#conversations tbody tr[data-id]');
    const outcomes = async () => {
      const all: Array<string | null> = [];
      for (let i = 0; i < (await lines.count()); i++) all.push(await lines.nth(i).getAttribute('data-outcome'));
      return [...new Set(all)];
    };
    // The booking session's conversation booked; the two searches did not.
    await expect.poll(outcomes).toEqual(['booked']);
    expect(await page.locator(`#conversations tbody tr[data-id="${searcher.conversationId}"]`).count()).toBe(0);
    await page.locator('#conv-outcome').selectOption('');
    await page.locator('#conv-search').click();
  });

  it('lists the traveller\'s conversation, shows its search_hotels call, and takes a correction of a bot answer', async () => {
    await page.locator('#tab-conversations').click();
    const line = page.locator(`#conversations tbody tr[data-id="${searcher.conversationId}"]`);
    await line.waitFor();
    await line.click();
    await page.locator('#conv-messages tr.bot').first().waitFor();
    expect(await page.locator('#conv-messages tr.traveller').first().textContent()).toContain('12月10日');
    expect(await page.locator('#conv-messages tr.trace').first().textContent()).toContain('search_hotels');
    await page.locator('#conv-messages tr.bot button.correct').first().click();
    await page.locator('#conv-messages textarea.correction-text').fill('如家快捷酒店(王府井店)12月10日每晚¥388，含税。');
    await page.locator('#conv-messages .correction-save').click();
    await page.locator('#conv-status.ok').waitFor();
    await page.locator('#conv-messages .corrected').first().waitFor();
    await page.screenshot({ path: shot('operator-conversation.png'), fullPage: true });
    const { rows } = await db().query<{ corrected_text: string; created_by_role: string }>(
      'SELECT corrected_text, created_by_role FROM corrections WHERE conversation_id = $1', [searcher.conversationId],
    );
    expect(rows).toEqual([{ corrected_text: '如家快捷酒店(王府井店)12月10日每晚¥388，含税。', created_by_role: 'operator' }]);
  });

  it('draws the dashboard: two charts on canvas and the numbers of the stats API', async () => {
    await page.locator('#tab-dashboard').click();
    await page.locator('#dash-from').fill('2026-11-25');
    await page.locator('#dash-to').fill('2026-12-31');
    await page.locator('#dash-load').click();
    await page.locator('#chart-bookings canvas').waitFor();
    await page.locator('#chart-conversations canvas').waitFor();
    const token = (await page.evaluate('sessionStorage.getItem("tourdesk.operatorToken")')) as string;
    const stats = (await (await fetch(`${app.url}/v1/operator/stats?from=2026-11-25&to=2027-01-01`, { headers: { Authorization: `Bearer ${token}` } })).json()) as {
      days: Array<{ bookings: number; cancellations: number }>; occupancy: Array<{ hotelId: string }>; conversations: { total: number };
    };
    // The test made two reservations (one cancelled since) and three conversations (two searches, one booking session).
    const bookings = stats.days.reduce((a, d) => a + d.bookings, 0);
    const cancellations = stats.days.reduce((a, d) => a + d.cancellations, 0);
    expect(bookings).toBeGreaterThanOrEqual(1);
    expect(cancellations).toBe(1);
    expect(stats.conversations.total).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.locator('#tile-cancellations b').textContent()).toBe('1');
    expect(await page.locator('#tile-bookings b').textContent()).toBe(String(bookings));
    expect(await page.locator('#tile-conversations b').textContent()).toBe(String(stats.conversations.total));
    expect(await page.locator('#dash-occupancy tbody tr').count()).toBe(stats.occupancy.length);
    await page.screenshot({ path: shot('operator-dashboard.png'), fullPage: true });
  });
});
