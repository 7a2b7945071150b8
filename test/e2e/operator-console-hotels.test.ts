// The operator console's Hotels and Inventory tabs in headless Chromium, as an admin: pick a tenant, create a hotel
// with photos (shown under the page's CSP), bilingual policies and prepayment, add and edit a room type, then
// export the month as CSV, edit it as a spreadsheet would, dry-run and apply the import, and see a bad file refused.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserUnavailable, launchBrowser, startBrowsableApp, type BrowsableApp, type TestBrowser } from '../support/browser.ts';
import { aHotel, aRoomType, aTenant, aUser } from '../support/builders.ts';

const unavailable = browserUnavailable();
if (unavailable) console.log(`operator console hotels in Chromium skipped: ${unavailable}`);

/** A 1×1 PNG, served for the photo URL the operator types. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const PHOTO = 'http://photos.example.test/lobby.png';

describe.skipIf(unavailable)('hotels, room types and the inventory CSV in the operator console', () => {
  let app: BrowsableApp;
  let browser: TestBrowser;
  let page: Page;
  let admin: { email: string; password: string };
  let tenantA = '';
  let tenantB = '';
  let hotelId = '';
  let roomTypeId = '';

  const db = () => app.t.testDb.db;
  const hotelRow = async () => (await db().query<{
    tenant_id: string; tier: string; photos: string[]; policies: Record<string, unknown>; payment_mode: string; hold_minutes: number;
    cancel_hours: number; amenities: string[]; address: string | null;
  }>('SELECT tenant_id, tier, photos, policies, payment_mode, hold_minutes, cancel_hours, amenities, address FROM hotels WHERE id = $1', [hotelId])).rows[0]!;
  const priceOn = async (night: string) => (await db().query<{ price: number }>(
    'SELECT price::int FROM inventory WHERE room_type_id = $1 AND night = $2', [roomTypeId, night])).rows[0]?.price;

  beforeAll(async () => {
    app = await startBrowsableApp();
    tenantA = await aTenant(db(), '京华酒店集团');
    tenantB = await aTenant(db(), '沪上旅居');
    const a = await aHotel(db(), { tenantId: tenantA, city: '北京', tier: 'budget', name: '如家快捷酒店(王府井店)' });
    await aRoomType(db(), { hotelId: a, from: '2026-12-01' });
    await aHotel(db(), { tenantId: tenantB, city: '上海', tier: 'comfort', name: '锦江之星(外滩店)' });
    admin = await aUser(db(), { role: 'admin', tenantId: null });
    browser = await launchBrowser({ viewport: { width: 1360, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    await page.route('http://photos.example.test/**', (route) => route.fulfill({ status: 200, contentType: 'image/png', body: PNG }));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('an admin logs in, picks a tenant, and sees only that tenant\'s hotels; another tenant shows its own', async () => {
    await page.goto(`${app.url}/operator?lang=zh-CN`);
    await page.locator('#email').fill(admin.email);
    await page.locator('#password').fill(admin.password);
    await page.locator('#login-button').click();
    await page.locator('#tenant-box').waitFor();
    expect(await page.locator('#tenant option').allTextContents()).toEqual(['请选择租户', '京华酒店集团', '沪上旅居']);
    const listed = () => page.locator('#hotels tbody tr.pick td:first-child').allTextContents();
    await page.locator('#tenant').selectOption(tenantB);
    await expect.poll(listed).toEqual(['锦江之星(外滩店)']);
    await page.locator('#tenant').selectOption(tenantA);
    await expect.poll(listed).toEqual(['如家快捷酒店(王府井店)']);
  });

  it('creates a hotel in the chosen tenant with a photo shown under the CSP, policies in two languages and prepayment', async () => {
    await page.locator('#hotel-new').click();
    await page.locator('#hotel-name').fill('北京金融街丽思卡尔顿酒店');
    await page.locator('#hotel-city').fill('北京');
    await page.locator('#hotel-tier').selectOption('luxury');
    await page.locator('#hotel-address').fill('北京市西城区金融大街1号');
    await page.locator('#hotel-amenities').fill('wifi, 停车场');
    await page.locator('#hotel-photos').fill(PHOTO);
    const thumb = page.locator('#hotel-thumbs img');
    await thumb.waitFor();
    // Loaded, not blocked: a photo the CSP refused would have no width.
    await expect.poll(() => thumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    await page.locator('#policy-checkInTime-zh').fill('15:00');
    await page.locator('#policy-pets-zh').fill('不可携带宠物。');
    await page.locator('#policy-pets-en').fill('No pets.');
    await page.locator('#hotel-payment').selectOption('prepay');
    await page.locator('#hotel-hold').fill('120');
    await page.locator('#hotel-cancel-hours').fill('48');
    await page.locator('#hotel-save').click();
    await page.locator('#hotel-status.ok').waitFor();
    await page.locator('#room-types-box').waitFor();
    const { rows } = await db().query<{ id: string }>("SELECT id FROM hotels WHERE name = '北京金融街丽思卡尔顿酒店'");
    hotelId = rows[0]!.id;
    expect(await hotelRow()).toMatchObject({
      tenant_id: tenantA, tier: 'luxury', photos: [PHOTO], payment_mode: 'prepay', hold_minutes: 120, cancel_hours: 48,
      address: '北京市西城区金融大街1号', policies: { checkInTime: '15:00', pets: { zh: '不可携带宠物。', en: 'No pets.' } },
    });
    expect((await hotelRow()).amenities.sort()).toEqual(['parking', 'wifi']);
  });

  it('edits one policy and leaves the others as they were; an unknown amenity is refused and changes nothing', async () => {
    await page.locator('#policy-pets-en').fill('Small pets are welcome.');
    await page.locator('#hotel-save').click();
    await page.locator('#hotel-status.ok').waitFor();
    await expect.poll(async () => (await hotelRow()).policies).toEqual({ checkInTime: '15:00', pets: { zh: '不可携带宠物。', en: 'Small pets are welcome.' } });
    await page.locator('#hotel-amenities').fill('wifi, 直升机停机坪');
    await page.locator('#hotel-save').click();
    await page.locator('#hotel-status.error', { hasText: 'invalid_request' }).waitFor();
    expect((await hotelRow()).amenities.sort()).toEqual(['parking', 'wifi']);
  });

  it('adds a room type and edits its base price', async () => {
    await page.locator('#rt-name').fill('豪华大床房');
    await page.locator('#rt-capacity').fill('2');
    await page.locator('#rt-price').fill('1288');
    await page.locator('#rt-save').click();
    const line = page.locator('#room-types tbody tr', { hasText: '豪华大床房' });
    await line.waitFor();
    expect(await line.textContent()).toContain('¥1,288');
    roomTypeId = (await line.getAttribute('data-id'))!;
    await line.locator('button', { hasText: '编辑' }).click();
    await page.locator('#rt-price').fill('1388');
    await page.locator('#rt-save').click();
    await page.locator('#room-types tbody tr', { hasText: '¥1,388' }).waitFor();
    const { rows } = await db().query<{ base_price: number; hotel_id: string }>('SELECT base_price::int, hotel_id FROM room_types WHERE id = $1', [roomTypeId]);
    expect(rows).toEqual([{ base_price: 138_800, hotel_id: hotelId }]);
  });

  it('opens the room type\'s calendar, opens December on Fridays and Saturdays only, and exports it as CSV', async () => {
    await page.locator('#room-types tbody tr', { hasText: '豪华大床房' }).locator('button', { hasText: '房态' }).click();
    await page.locator('#view-calendar').waitFor();
    await expect.poll(() => page.locator('#cal-room').inputValue()).toBe(roomTypeId);
    await page.locator('#cal-month').fill('2026-12');
    await page.locator('#cal-load').click();
    await page.locator(`#cal-grid[data-room-type="${roomTypeId}"][data-month="2026-12"]`).waitFor();
    await page.locator('#bulk-from').fill('2026-12-01');
    await page.locator('#bulk-to').fill('2026-12-31');
    for (const d of ['0', '1', '2', '3', '4']) await page.locator(`input[name="bulk-weekday"][value="${d}"]`).uncheck();
    await page.locator('#bulk-allotment').fill('5');
    await page.locator('#bulk-save').click();
    // December 2026 has four Fridays (4, 11, 18, 25) and four Saturdays (5, 12, 19, 26).
    await page.locator('#bulk-status', { hasText: '8' }).waitFor();
    const { rows } = await db().query<{ dow: number }>('SELECT DISTINCT EXTRACT(DOW FROM night)::int AS dow FROM inventory WHERE room_type_id = $1 ORDER BY 1', [roomTypeId]);
    expect(rows.map((r) => r.dow)).toEqual([5, 6]);
    expect(await priceOn('2026-12-25')).toBe(138_800);
    expect(await page.locator('#cal-grid td[data-night="2026-12-24"]').getAttribute('class')).toContain('closed');

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#csv-export').click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toContain('room_type_id');
    expect(lines.filter((l) => l.includes(roomTypeId))).toHaveLength(8);
  });

  it('a dry run of an edited CSV says what would change and writes nothing; applying it writes it', async () => {
    const header = 'room_type_id,night,allotment,price,stop_sell';
    const csv = `${header}\n${roomTypeId},2026-12-25,6,1688.00,false\n${roomTypeId},2026-12-24,3,1588.00,false\n`;
    await page.locator('#csv-file').setInputFiles({ name: 'inventory.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.locator('#csv-dry').click();
    await page.locator('#csv-summary.ok').waitFor();
    expect(await page.locator('#csv-summary').textContent()).toMatch(/1.*1/);
    expect(await priceOn('2026-12-25')).toBe(138_800);
    expect(await priceOn('2026-12-24')).toBeUndefined();
    await page.locator('#csv-apply').click();
    await page.locator('#cal-grid td[data-night="2026-12-25"]', { hasText: '¥1,688' }).waitFor();
    expect(await priceOn('2026-12-25')).toBe(168_800);
    expect(await priceOn('2026-12-24')).toBe(158_800);
    expect(await page.locator('#csv-apply').isDisabled()).toBe(true);
  });

  it('a CSV with bad rows is refused as a whole, each rejected row listed with its line and reason', async () => {
    const csv = `room_type_id,night,allotment,price,stop_sell\n${roomTypeId},2026-12-26,7,1788.00,false\n${roomTypeId},2026-13-01,5,1288.00,false\n${roomTypeId},2026-12-27,-2,1288.00,false\n`;
    await page.locator('#csv-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.locator('#csv-dry').click();
    await page.locator('#csv-rejected').waitFor();
    expect(await page.locator('#csv-summary').textContent()).toContain('invalid_csv');
    const rejected = await page.locator('#csv-rejected tbody tr').allTextContents();
    expect(rejected).toHaveLength(2);
    expect(rejected[0]).toMatch(/^3/);
    expect(rejected[1]).toMatch(/^4/);
    expect(await page.locator('#csv-apply').isDisabled()).toBe(true);
    expect(await priceOn('2026-12-26')).toBe(138_800);
  });

  it('switches to English and stays logged in, with the same tenant', async () => {
    await page.locator('header a[lang="en"]').click();
    await page.locator('#tab-calendar', { hasText: 'Inventory' }).waitFor();
    await page.locator('#console').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('#tenant').inputValue()).toBe(tenantA);
    await expect.poll(() => page.locator('#hotels tbody tr.pick').count()).toBe(2);
    expect(await page.locator('#hotels tbody').textContent()).toContain('Luxury');
  });
});
