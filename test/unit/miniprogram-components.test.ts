// @vitest-environment jsdom
// The mini-program's hotel card, chat and booking pages rendered by miniprogram-simulate; its WXML compiled by WeChat's own compiler.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

/** The parts of miniprogram-simulate used here; its own types would pull the mini-program globals into the suite. */
interface SimNode {
  dom: { textContent: string | null; innerHTML: string } | undefined;
  instance: Record<string, unknown> & { data: Record<string, unknown> };
  querySelector(selector: string): SimNode | undefined;
  querySelectorAll(selector: string): SimNode[];
  dispatchEvent(name: string, options?: { detail?: unknown }): void;
  addEventListener(name: string, handler: (e: { detail: unknown }) => void): void;
  attach(parent: unknown): void;
}
interface Simulate {
  load(path: string, tagName: string, options: { rootPath: string; compiler: 'official' | 'simulate' }): string;
  render(id: string, props?: Record<string, unknown>): SimNode;
  sleep(ms: number): Promise<void>;
}

const require = createRequire(import.meta.url);
const ROOT = join(import.meta.dirname, '../../channels/wechat/miniprogram');
const simulate = require('miniprogram-simulate') as Simulate;
/** simulate runs a component's code with Node's `require`, which cannot read TypeScript; see `define`. */
const simUtils = require('miniprogram-simulate/src/utils.js') as { runJs: (path: string) => void };
/** miniprogram-compiler as simulate itself resolves it (it is simulate's dependency, not ours). */
const wxmlCompiler = createRequire(require.resolve('miniprogram-simulate'))('miniprogram-compiler') as { wxmlToJs(root: string): string };
const g = globalThis as unknown as Record<string, unknown> & { document: { createElement(tag: string): unknown } };

const definitions = new Map<string, object>();
const nodeRunJs = simUtils.runJs;
simUtils.runJs = (path) => {
  const options = definitions.get(path);
  if (options) (g.Component as (o: object) => void)(options);
  else nodeRunJs(path);
};

/** Imports `<rel>.ts` through vitest (which compiles TypeScript) and keeps what it passed to `Component()`. */
async function define(rel: string): Promise<string> {
  const base = join(ROOT, rel);
  if (definitions.has(base)) return base;
  const registerWithSimulate = g.Component;
  let captured: object | undefined;
  g.Component = (o: object) => { captured = o; };
  try {
    await import(pathToFileURL(`${base}.ts`).href);
  } finally {
    g.Component = registerWithSimulate;
  }
  if (!captured) throw new Error(`${rel}.ts did not call Component()`);
  definitions.set(base, captured);
  return base;
}

/**
 * WeChat's WXML compiler (wcc, a Linux x86-64 binary shipped in miniprogram-compiler) compiles every WXML file at once.
 * When the binary cannot run here (another OS or CPU, a read-only node_modules), components render with simulate's
 * JavaScript compiler instead and the reason is printed; a WXML error still fails the suite.
 */
function runWcc(): { output: string } | { error: string } | { unavailable: string } {
  try {
    return { output: wxmlCompiler.wxmlToJs(ROOT) };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return e.code ? { unavailable: `${e.code}: ${e.message}` } : { error: e.message };
  }
}
const wcc = runWcc();
const compiler: 'official' | 'simulate' = 'unavailable' in wcc ? 'simulate' : 'official';
if ('unavailable' in wcc) console.log(`Skipped: WeChat's WXML compiler (wcc) cannot run here (${wcc.unavailable}); components render with simulate's compiler.`);

async function mount(rel: string, tag: string, props?: Record<string, unknown>): Promise<SimNode> {
  for (const dep of ['components/hotel-card/index', rel]) await define(dep);
  const node = simulate.render(simulate.load(join(ROOT, rel), tag, { rootPath: ROOT, compiler }), props);
  node.attach(g.document.createElement('parent-wrapper'));
  return node;
}

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const card = (tier: string, name: string, token = `${tier}_token_0123`) => ({
  kind: 'hotel', tier, hotelId: `h-${name}`, roomTypeId: `r-${name}`, name, roomName: '高级大床房',
  pricePerNight: cny(38850), total: cny(77700), bookingUrl: `https://tourdesk.example.com/b/${token}`, stars: 4,
});
const text = (n: SimNode | undefined) => n?.dom?.textContent?.trim() ?? '';

describe('WXML', () => {
  it.skipIf('unavailable' in wcc)('every page and component compiles with WeChat\'s own compiler', () => {
    expect('error' in wcc ? wcc.error : '').toBe('');
    const output = 'output' in wcc ? wcc.output : '';
    for (const page of ['pages/chat/index', 'pages/hotel/index', 'pages/booking/index', 'pages/bookings/index', 'components/hotel-card/index']) {
      expect(output).toContain(`${page}.wxml`);
    }
  });
});

describe('hotel-card', () => {
  it('shows the tier label, name, stars, price per night and total', async () => {
    const c = await mount('components/hotel-card/index', 'hotel-card', { card: card('comfort', '北京饭店') });
    expect(text(c.querySelector('.tier'))).toBe('舒适');
    expect(text(c.querySelector('.name'))).toBe('北京饭店');
    expect(text(c.querySelector('.stars'))).toBe('★★★★');
    expect(text(c.querySelector('.price'))).toBe('¥388.50');
    expect(text(c.querySelector('.unit'))).toBe('/晚');
    expect(text(c.querySelector('.total'))).toBe('共 ¥777');
    expect(text(c.querySelector('.book'))).toBe('预订');
  });

  it('speaks English when told to', async () => {
    const c = await mount('components/hotel-card/index', 'hotel-card', { card: card('luxury', 'Peninsula'), lang: 'en' });
    expect(text(c.querySelector('.tier'))).toBe('Luxury');
    expect(text(c.querySelector('.book'))).toBe('Book');
  });

  it('emits book with the quote token of its booking link, without opening the card', async () => {
    const c = await mount('components/hotel-card/index', 'hotel-card', { card: card('budget', '如家', 'Qt_0123456789abcdef') });
    const events: Array<[string, unknown]> = [];
    c.addEventListener('book', (e) => events.push(['book', e.detail]));
    c.addEventListener('open', (e) => events.push(['open', e.detail]));
    c.querySelector('.book')!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(events).toEqual([['book', { quoteToken: 'Qt_0123456789abcdef' }]]);
  });

  it('opens the hotel when the card itself is tapped', async () => {
    const c = await mount('components/hotel-card/index', 'hotel-card', { card: card('budget', '如家') });
    const opened: unknown[] = [];
    c.addEventListener('open', (e) => opened.push(e.detail));
    c.querySelector('.name')!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(opened).toEqual([{ card: card('budget', '如家') }]);
  });

  it('emits nothing when the booking link carries no token', async () => {
    const c = await mount('components/hotel-card/index', 'hotel-card', { card: { ...card('budget', '如家'), bookingUrl: 'https://x.cn/' } });
    const events: unknown[] = [];
    c.addEventListener('book', (e) => events.push(e.detail));
    c.querySelector('.book')!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(events).toEqual([]);
  });
});

// The WeChat calls pages make, answered by `route` like the TourDesk server would.
interface Sent { method?: string; url: string; data?: unknown; header?: Record<string, string> }
const sent: Sent[] = [];
const opened: string[] = [];
const storage = new Map<string, unknown>();
/** What happened, in order: requests by path, and subscribe prompts. */
const events: string[] = [];
let route: (s: Sent) => { status: number; body: unknown } = () => ({ status: 500, body: { error: 'internal' } });
let subscribeAnswer: Record<string, string> = {};

beforeAll(() => {
  Object.assign(g.wx as object, {
    login: (o: { success(r: { code: string; errMsg: string }): void }) => o.success({ code: 'wx-code-1', errMsg: 'login:ok' }),
    request: (o: Sent & { success(r: { statusCode: number; data: unknown; header: object }): void }) => {
      const s = { method: o.method, url: o.url, data: o.data, header: o.header };
      sent.push(s);
      events.push(`${o.method} ${o.url.replace(/^https?:\/\/[^/]+/, '')}`);
      const answer = o.url.endsWith('/v1/wechat/login') ? { status: 200, body: { token: 'tok-1', conversationId: 'conv-1' } } : route(s);
      setTimeout(() => o.success({ statusCode: answer.status, data: answer.body, header: {} }), 0);
    },
    requestSubscribeMessage: (o: { tmplIds: string[]; success(r: object): void; complete(): void }) => {
      events.push(`subscribe ${o.tmplIds.join(',')}`);
      o.success({ errMsg: 'requestSubscribeMessage:ok', ...subscribeAnswer });
      o.complete();
    },
    getStorageSync: (k: string) => storage.get(k) ?? '',
    setStorageSync: (k: string, v: unknown) => storage.set(k, v),
    removeStorageSync: (k: string) => storage.delete(k),
    navigateTo: (o: { url: string }) => opened.push(o.url),
  });
});

beforeEach(() => {
  sent.length = 0;
  opened.length = 0;
  events.length = 0;
  storage.clear();
});

describe('chat page', () => {
  it('signs in, shows cards grouped by tier, the handoff banner and the quick replies; a quick reply sends its value', async () => {
    route = () => ({
      status: 200,
      body: {
        replies: [
          { type: 'message', text: '为您找到三档酒店：', cards: [card('luxury', '王府半岛'), card('budget', '如家'), card('comfort', '北京饭店')], actions: [{ title: '换个日期', value: 'change_dates' }] },
          { type: 'message', text: '已为您转接人工客服。', handoff: true },
        ],
      },
    });
    const page = await mount('pages/chat/index', 'chat-page');
    (page.instance.onLoad as () => void)();
    await vi.waitFor(() => expect(page.instance.data.sessionFrom).toBe('tourdesk:conversation:conv-1'), { timeout: 3000 });
    expect(sent[0]).toMatchObject({ method: 'POST', data: { code: 'wx-code-1' } });
    expect(page.instance.data.sessionFrom).toBe('tourdesk:conversation:conv-1');
    expect(page.querySelector('.banner')).toBeUndefined();

    page.querySelector('.input')!.dispatchEvent('input', { detail: { value: '明天北京两晚' } });
    await simulate.sleep(0);
    page.querySelector('.send')!.dispatchEvent('tap');
    await vi.waitFor(() => expect(page.querySelectorAll('.hotel').length).toBe(3), { timeout: 3000 });
    expect(sent[1]).toMatchObject({ method: 'POST', data: { text: '明天北京两晚' }, header: { Authorization: 'Bearer tok-1' } });

    expect(page.querySelectorAll('.group-label').map(text)).toEqual(['经济', '舒适', '豪华']);
    expect(page.querySelectorAll('.hotel').length).toBe(3);
    expect(text(page.querySelector('.banner-title'))).toBe('正在为您转接人工客服');
    expect(page.querySelectorAll('.bubble-me').map(text)).toEqual(['明天北京两晚']);

    page.querySelector('.action')!.dispatchEvent('tap');
    await vi.waitFor(() => expect(sent[2]).toBeDefined(), { timeout: 3000 });
    expect(sent[2]).toMatchObject({ data: { text: '换个日期', payload: 'change_dates' } });

    page.querySelector('.hotel')!.querySelector('.book')!.dispatchEvent('tap');
    await simulate.sleep(0);
    expect(opened).toEqual(['/pages/booking/index?token=budget_token_0123']);
  });
});

describe('booking page', () => {
  const QUOTE = {
    token: 'Qt_0123456789abcdef', hotelId: 'a1b2c3d4-0000-4000-8000-000000000001', hotelName: '北京饭店',
    roomTypeId: 'a1b2c3d4-0000-4000-8000-000000000002', roomName: '高级大床房', checkIn: '2099-06-10', checkOut: '2099-06-12',
    nights: 2, rooms: 1, guests: 2, pricePerNight: cny(38800), total: cny(77600), paymentMode: 'at_hotel',
    freeCancellationUntil: '2099-06-09T04:00:00.000Z', expiresAt: '2099-06-01T00:00:00.000Z', expired: false,
  };

  async function openWithGuest(): Promise<SimNode> {
    const page = await mount('pages/booking/index', 'booking-page');
    (page.instance.onLoad as (q: object) => void)({ token: QUOTE.token });
    await vi.waitFor(() => expect(page.querySelectorAll('.input')).toHaveLength(2), { timeout: 3000 });
    const [name, phone] = page.querySelectorAll('.input');
    name!.dispatchEvent('input', { detail: { value: '李雷' } });
    phone!.dispatchEvent('input', { detail: { value: '13800138000' } });
    await simulate.sleep(0);
    return page;
  }

  it('asks for the confirmation notice on the tap, before booking, then books the quote once and keeps its code', async () => {
    const config = await import(pathToFileURL(join(ROOT, 'config.ts')).href) as { CONFIGS: Record<string, { confirmationTemplateId: string }> };
    for (const c of Object.values(config.CONFIGS)) c.confirmationTemplateId = 'TMPL-1';
    subscribeAnswer = { 'TMPL-1': 'accept' };
    route = (s) => {
      if (s.url.includes('/v1/quotes/')) return { status: 200, body: QUOTE };
      if (s.url.endsWith('/v1/reservations')) return { status: 201, body: { code: 'AB12CD', status: 'confirmed', total: cny(77600) } };
      return { status: 204, body: '' };
    };
    try {
      const page = await openWithGuest();
      expect(page.querySelectorAll('.line').map(text).join(' ')).toContain('北京饭店');
      page.querySelector('.submit')!.dispatchEvent('tap');
      // The page's async chain (subscribe → login → book → subscription) ends when it ends: poll, never guess a delay.
      await vi.waitFor(() => expect(events).toEqual([
        'GET /v1/quotes/Qt_0123456789abcdef', 'subscribe TMPL-1', 'POST /v1/wechat/login', 'POST /v1/reservations', 'POST /v1/wechat/subscriptions',
      ]), { timeout: 3000 });
      await vi.waitFor(() => expect(text(page.querySelector('.code'))).toBe('AB12CD'), { timeout: 3000 });
      const booking = sent.find((s) => s.url.endsWith('/v1/reservations'))!;
      expect(booking.header?.['Idempotency-Key']).toMatch(/^mp-[0-9a-f]{32}$/);
      expect(booking.data).toMatchObject({ quoteToken: QUOTE.token, guest: { name: '李雷', phone: '13800138000' }, checkIn: '2099-06-10' });
      expect(sent.at(-1)!.data).toEqual({ templateId: 'TMPL-1', reservationCode: 'AB12CD' });
      expect(text(page.querySelector('.code'))).toBe('AB12CD');
      expect(storage.get('tourdesk.reservationCodes')).toEqual(['AB12CD']);
    } finally {
      for (const c of Object.values(config.CONFIGS)) c.confirmationTemplateId = '';
    }
  });

  it('says the room sold out and offers no second try', async () => {
    route = (s) => (s.url.includes('/v1/quotes/') ? { status: 200, body: QUOTE } : { status: 409, body: { error: 'sold_out' } });
    const page = await openWithGuest();
    page.querySelector('.submit')!.dispatchEvent('tap');
    await vi.waitFor(() => expect(text(page.querySelector('.error'))).toBe('抱歉，所选日期中有一晚已经订满。请回到聊天中查看其他选择。'), { timeout: 3000 });
    expect(page.querySelector('.submit')).toBeUndefined();
    expect(storage.get('tourdesk.reservationCodes')).toBeUndefined();
  });
});
