// The mini-program's API client against a fake WeChat runtime: login, the token, one re-login, retries with one key.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiResult } from '../../channels/wechat/miniprogram/utils/result.ts';
import type { BookingBody, Reply, Reservation, Session } from '../../channels/wechat/miniprogram/utils/types.ts';

/** The client's face. Its modules use the `wx` global, so they are imported at run time and not type-checked here. */
interface Api {
  signIn(): Promise<ApiResult<Session>>;
  sendMessage(text: string, payload?: string): Promise<ApiResult<{ replies: Reply[] }>>;
  getQuote(token: string): Promise<ApiResult<unknown>>;
  book(body: BookingBody, key: string): Promise<ApiResult<Reservation>>;
  getReservation(code: string): Promise<ApiResult<Reservation>>;
}
interface Store {
  keptCodes(): string[];
  keepCode(code: string): void;
}

const ROOT = join(import.meta.dirname, '../../channels/wechat/miniprogram');
const load = async <T>(rel: string) => (await import(pathToFileURL(join(ROOT, rel)).href)) as T;

interface Sent { method: string; url: string; data?: unknown; header: Record<string, string> }
/** An answer of the fake server, or 'drop' for a request that never gets one. */
type Answer = { status: number; body: unknown } | 'drop';

let sent: Sent[];
let answers: Answer[];
let storage: Map<string, unknown>;
let codes: number;

function fakeWx() {
  return {
    getAccountInfoSync: () => ({ miniProgram: { envVersion: 'develop' } }),
    getAppBaseInfo: () => ({ language: 'zh_CN' }),
    login: (o: { success(r: { code: string; errMsg: string }): void }) => o.success({ code: `code-${++codes}`, errMsg: 'login:ok' }),
    request: (o: Sent & { success(r: object): void; fail(r: object): void }) => {
      sent.push({ method: o.method, url: o.url, data: o.data, header: o.header });
      const a = answers.shift() ?? { status: 500, body: { error: 'internal' } };
      setTimeout(() => (a === 'drop' ? o.fail({ errMsg: 'request:fail timeout' }) : o.success({ statusCode: a.status, data: a.body, header: {} })), 0);
    },
    getStorageSync: (k: string) => storage.get(k) ?? '',
    setStorageSync: (k: string, v: unknown) => storage.set(k, v),
    removeStorageSync: (k: string) => storage.delete(k),
  };
}

const login = (token = 'tok-1'): Answer => ({ status: 200, body: { token, conversationId: 'conv-1' } });
const BODY: BookingBody = {
  hotelId: 'a1b2c3d4-0000-4000-8000-000000000001', roomTypeId: 'a1b2c3d4-0000-4000-8000-000000000002',
  checkIn: '2025-06-10', checkOut: '2025-06-12', rooms: 1, guests: 2, guest: { name: '李雷', phone: '13800138000' }, quoteToken: 'Qt_0123456789abcdef',
};
const BOOKED = { code: 'AB12CD', status: 'confirmed', total: { amount: 77600, currency: 'CNY' } };

let api: Api;

beforeEach(async () => {
  sent = [];
  answers = [];
  storage = new Map();
  codes = 0;
  vi.stubGlobal('wx', fakeWx());
  vi.resetModules();
  api = await load<Api>('utils/api.ts');
  vi.useFakeTimers({ toFake: ['setTimeout'] });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** Runs `call` while letting the fake server and the client's back-off timers fire. */
async function settle<T>(call: Promise<T>): Promise<T> {
  await vi.runAllTimersAsync();
  return call;
}

describe('the mini-program API client', () => {
  it('signs in with wx.login once, keeps the token, and sends it as a bearer token', async () => {
    answers = [login(), { status: 200, body: { replies: [] } }, { status: 200, body: { replies: [] } }];
    await settle(api.sendMessage('明天北京'));
    await settle(api.sendMessage('两个人'));
    expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST http://localhost:3000/v1/wechat/login',
      'POST http://localhost:3000/v1/wechat/messages',
      'POST http://localhost:3000/v1/wechat/messages',
    ]);
    expect(sent[0]!.data).toEqual({ code: 'code-1' });
    expect(sent[2]!.header.Authorization).toBe('Bearer tok-1');
    expect(sent[1]!.data).toEqual({ text: '明天北京' });
  });

  it('shares one login between calls made before it finishes', async () => {
    answers = [login(), { status: 200, body: BOOKED }, { status: 200, body: BOOKED }];
    await settle(Promise.all([api.getReservation('AB12CD'), api.getReservation('AB12CD')]));
    expect(sent.filter((s) => s.url.endsWith('/v1/wechat/login'))).toHaveLength(1);
  });

  it('after a 401 signs in again with a fresh code and sends once more', async () => {
    storage.set('tourdesk.session', { token: 'old', conversationId: 'conv-0' });
    answers = [{ status: 401, body: { error: 'unauthorized' } }, login('tok-2'), { status: 200, body: { replies: [{ type: 'message', text: '好的' }] } }];
    const r = await settle(api.sendMessage('你好'));
    expect(r).toMatchObject({ ok: true, data: { replies: [{ text: '好的' }] } });
    expect(sent.map((s) => s.header.Authorization ?? s.url.split('/v1/')[1])).toEqual(['Bearer old', 'wechat/login', 'Bearer tok-2']);
    expect(storage.get('tourdesk.session')).toEqual({ token: 'tok-2', conversationId: 'conv-1' });
  });

  it('retries a booking after lost answers with the same Idempotency-Key and body', async () => {
    answers = [login(), 'drop', { status: 502, body: '<html>bad gateway</html>' }, { status: 201, body: BOOKED }];
    const r = await settle(api.book(BODY, 'mp-0123abcd'));
    expect(r).toMatchObject({ ok: true, status: 201, data: { code: 'AB12CD' } });
    const bookings = sent.filter((s) => s.url.endsWith('/v1/reservations'));
    expect(bookings).toHaveLength(3);
    for (const b of bookings) {
      expect(b.header['Idempotency-Key']).toBe('mp-0123abcd');
      expect(b.data).toEqual(BODY);
    }
  });

  it('gives up after three attempts and says the network failed, so the page offers Retry', async () => {
    answers = [login(), 'drop', 'drop', 'drop'];
    const r = await settle(api.book(BODY, 'mp-0123abcd'));
    expect(r).toEqual({ ok: false, status: 0, error: 'network' });
    expect(sent.filter((s) => s.url.endsWith('/v1/reservations'))).toHaveLength(3);
  });

  it('does not retry a refusal such as sold_out', async () => {
    answers = [login(), { status: 409, body: { error: 'sold_out', message: 'No rooms' } }];
    const r = await settle(api.book(BODY, 'mp-0123abcd'));
    expect(r).toMatchObject({ ok: false, status: 409, error: 'sold_out' });
    expect(sent).toHaveLength(2);
  });

  it('does not resend a chat message whose answer was lost: the bot may have it', async () => {
    answers = [login(), 'drop'];
    const r = await settle(api.sendMessage('你好', 'greet'));
    expect(r).toMatchObject({ ok: false, error: 'network' });
    expect(sent.filter((s) => s.url.endsWith('/v1/wechat/messages'))).toHaveLength(1);
    expect(sent[1]!.data).toEqual({ text: '你好', payload: 'greet' });
  });

  it('reads a quote without signing in', async () => {
    answers = [{ status: 200, body: { token: 'Qt_0123456789abcdef' } }];
    await settle(api.getQuote('Qt_0123456789abcdef'));
    expect(sent).toEqual([{ method: 'GET', url: 'http://localhost:3000/v1/quotes/Qt_0123456789abcdef', data: undefined, header: { 'content-type': 'application/json' } }]);
  });

  it('keeps the codes of bookings made on this phone, newest first', async () => {
    const store = await load<Store>('utils/bookings-store.ts');
    store.keepCode('ab12cd');
    store.keepCode('EF34GH');
    store.keepCode('AB12CD');
    expect(store.keptCodes()).toEqual(['AB12CD', 'EF34GH']);
  });
});
