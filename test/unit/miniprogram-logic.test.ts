// The mini-program's rules that need no WeChat: tiers, booking links, quotes, errors, the booking body, retries.
import { describe, expect, it } from 'vitest';
import { configFor } from '../../channels/wechat/miniprogram/config.ts';
import { acceptedTemplate, afterBooking, bookedView, bookingBody, checkGuest, errorMessage, quoteExpired, quoteLines } from '../../channels/wechat/miniprogram/pages/booking/logic.ts';
import { bookingRow, inBatches } from '../../channels/wechat/miniprogram/pages/bookings/logic.ts';
import { botMessage, groupCardsByTier, handedOff, outgoingText, quickReplyBody, sessionFrom } from '../../channels/wechat/miniprogram/pages/chat/logic.ts';
import { decodeCard, hotelView } from '../../channels/wechat/miniprogram/pages/hotel/logic.ts';
import { cardView } from '../../channels/wechat/miniprogram/components/hotel-card/view.ts';
import { rememberCode } from '../../channels/wechat/miniprogram/utils/codes.ts';
import { formatInstant, formatMoney, formatStayDate, starsText } from '../../channels/wechat/miniprogram/utils/format.ts';
import { bookingPagePath, hotelPagePath, parseQuoteToken } from '../../channels/wechat/miniprogram/utils/links.ts';
import { toResult } from '../../channels/wechat/miniprogram/utils/result.ts';
import { backoffMs, idempotencyKey, MAX_ATTEMPTS, shouldRetry, weakRandomBytes } from '../../channels/wechat/miniprogram/utils/retry.ts';
import { pickLang, textsOf, translate } from '../../channels/wechat/miniprogram/utils/texts.ts';
import type { HotelCard, Quote, Reservation } from '../../channels/wechat/miniprogram/utils/types.ts';

const cny = (amount: number) => ({ amount, currency: 'CNY' });

function card(over: Partial<HotelCard> = {}): HotelCard {
  return {
    kind: 'hotel', tier: 'comfort', hotelId: 'h-1', roomTypeId: 'r-1', name: '北京王府井酒店', roomName: '高级大床房',
    pricePerNight: cny(38800), total: cny(77600), bookingUrl: 'https://tourdesk.example.com/b/Qt_0123456789abcdef', stars: 4, ...over,
  };
}

const NOW = Date.parse('2025-06-01T02:00:00.000Z');

function quote(over: Partial<Quote> = {}): Quote {
  return {
    token: 'Qt_0123456789abcdef', hotelId: 'a1b2c3d4-0000-4000-8000-000000000001', hotelName: '北京王府井酒店',
    roomTypeId: 'a1b2c3d4-0000-4000-8000-000000000002', roomName: '高级大床房', checkIn: '2025-06-10', checkOut: '2025-06-12',
    nights: 2, rooms: 1, guests: 2, pricePerNight: cny(38800), total: cny(77600), paymentMode: 'at_hotel',
    freeCancellationUntil: '2025-06-09T04:00:00.000Z', expiresAt: '2025-06-01T02:30:00.000Z', ...over,
  };
}

describe('hotel cards in the chat', () => {
  it('groups cards budget, comfort, luxury in that order, keeping the server order inside a tier', () => {
    const cards = [card({ tier: 'luxury', name: 'L' }), card({ tier: 'budget', name: 'B1' }), card({ tier: 'budget', name: 'B2' }), card({ tier: 'comfort', name: 'C' })];
    const groups = groupCardsByTier(cards, 'zh-CN');
    expect(groups.map((g) => [g.label, g.cards.map((c) => c.name)])).toEqual([['经济', ['B1', 'B2']], ['舒适', ['C']], ['豪华', ['L']]]);
  });

  it('drops empty tiers and cards of a tier it does not know', () => {
    const odd = { ...card(), tier: 'hostel' } as unknown as HotelCard;
    expect(groupCardsByTier([card({ tier: 'luxury' }), odd], 'en').map((g) => g.label)).toEqual(['Luxury']);
    expect(groupCardsByTier(undefined, 'zh-CN')).toEqual([]);
  });

  it('shows a card with its tier label, stars, price per night and total', () => {
    expect(cardView(card(), 'zh-CN')).toMatchObject({
      tierLabel: '舒适', name: '北京王府井酒店', stars: '★★★★', price: '¥388', perNight: '/晚', totalText: '共 ¥776', bookLabel: '预订', token: 'Qt_0123456789abcdef',
    });
    expect(cardView(card(), 'en')).toMatchObject({ tierLabel: 'Comfort', perNight: '/night', totalText: 'Total ¥776', bookLabel: 'Book' });
    expect(cardView(null, 'zh-CN').name).toBe('');
  });
});

describe('the quote token of a booking link', () => {
  it('is the last path segment after /b/, with any base path, query or fragment', () => {
    expect(parseQuoteToken('https://x.cn/b/Qt_0123456789abcdef')).toBe('Qt_0123456789abcdef');
    expect(parseQuoteToken('https://x.cn/tourdesk/b/Ab-3_xyz12?lang=en#top')).toBe('Ab-3_xyz12');
    expect(parseQuoteToken('http://localhost:3000/b/abcdefgh/')).toBe('abcdefgh');
  });

  it('is null for anything that is not a booking link', () => {
    for (const bad of ['', 'https://x.cn/', 'https://x.cn/b/', 'https://x.cn/b/short', 'https://x.cn/b/has%20space', 'https://x.cn/b/abcdefgh/more', undefined, null]) {
      expect(parseQuoteToken(bad)).toBeNull();
    }
  });

  it('opens the booking page with the token, and the hotel page with the card itself', () => {
    expect(bookingPagePath('Qt_0123456789abcdef')).toBe('/pages/booking/index?token=Qt_0123456789abcdef');
    const query = hotelPagePath(card()).split('?card=')[1];
    expect(decodeCard(query)).toEqual(card()); // WeChat may hand the value over still encoded…
    expect(decodeCard(decodeURIComponent(query!))).toEqual(card()); // …or decoded
    expect(decodeCard('%7Bnot json')).toBeNull();
    expect(decodeCard(JSON.stringify({ name: 'x' }))).toBeNull();
    expect(hotelView(card({ rating: 4.56 }), 'zh-CN')).toMatchObject({ tierLabel: '舒适', price: '¥388', total: '¥776', rating: '4.6', token: 'Qt_0123456789abcdef' });
  });
});

describe('chat messages', () => {
  it('makes a bot bubble with groups and quick replies, and remembers a handoff', () => {
    const m = botMessage('m1', { type: 'message', text: '为您找到：', cards: [card()], actions: [{ title: '换个日期', value: 'change_dates' }], handoff: true }, 'zh-CN');
    expect(m).toMatchObject({ from: 'bot', text: '为您找到：', handoff: true, actions: [{ title: '换个日期', value: 'change_dates' }] });
    expect(m.groups).toHaveLength(1);
    expect(handedOff(false, [{ type: 'message', text: 'a' }])).toBe(false);
    expect(handedOff(false, [{ type: 'message', text: 'a' }, { type: 'message', text: 'b', handoff: true }])).toBe(true);
    expect(handedOff(true, [])).toBe(true);
  });

  it('sends a tapped quick reply as its title with its value as payload', () => {
    expect(quickReplyBody({ title: '预订舒适型', value: 'book:comfort' })).toEqual({ text: '预订舒适型', payload: 'book:comfort' });
  });

  it('sends trimmed text, nothing when empty or longer than the server takes', () => {
    expect(outgoingText('  明天北京  ')).toBe('明天北京');
    expect(outgoingText('   ')).toBeNull();
    expect(outgoingText('字'.repeat(4001))).toBeNull();
  });

  it('names the conversation in the contact button session-from', () => {
    expect(sessionFrom('0b7e5c9a-1111-4222-8333-444455556666')).toBe('tourdesk:conversation:0b7e5c9a-1111-4222-8333-444455556666');
    expect(sessionFrom(undefined)).toBe('tourdesk:chat');
  });
});

describe('the booking page', () => {
  it('books exactly the quoted stay at the quoted price, with the guest', () => {
    expect(bookingBody(quote(), { name: '李雷', phone: '13800138000' })).toEqual({
      hotelId: 'a1b2c3d4-0000-4000-8000-000000000001', roomTypeId: 'a1b2c3d4-0000-4000-8000-000000000002',
      checkIn: '2025-06-10', checkOut: '2025-06-12', rooms: 1, guests: 2,
      guest: { name: '李雷', phone: '13800138000' }, quoteToken: 'Qt_0123456789abcdef',
    });
  });

  it('checks the guest as the server will, before sending', () => {
    expect(checkGuest(' 李雷 ', ' 13800138000 ')).toEqual({ ok: true, name: '李雷', phone: '13800138000' });
    expect(checkGuest('', '13800138000')).toEqual({ ok: false, error: 'errNameRequired' });
    expect(checkGuest('李雷', '12')).toEqual({ ok: false, error: 'errPhoneRequired' });
    expect(checkGuest('Li Lei', '+86 138-0013-8000')).toMatchObject({ ok: true });
  });

  it('lists hotel, room, dates, nights, total, payment mode and free cancellation in hotel time', () => {
    const lines = quoteLines(quote(), 'zh-CN', 480, NOW);
    const byLabel = Object.fromEntries(lines.map((l) => [l.label, l.value]));
    expect(byLabel).toMatchObject({
      酒店: '北京王府井酒店', 房型: '高级大床房', 入住: '6月10日', 退房: '6月12日', 晚数: '2晚', 总价: '¥776',
      付款方式: '到店付款', 取消政策: '2025-06-09 12:00 前可免费取消',
    });
    const late = quoteLines(quote({ freeCancellationUntil: '2025-05-31T00:00:00.000Z', paymentMode: 'prepay' }), 'en', 480, NOW);
    expect(late.map((l) => l.value)).toEqual(expect.arrayContaining(['Free cancellation has ended', 'Prepay (held until paid)']));
  });

  it('treats a quote as expired when the server says so or its time is up', () => {
    expect(quoteExpired(quote(), NOW)).toBe(false);
    expect(quoteExpired(quote({ expired: true }), NOW)).toBe(true);
    expect(quoteExpired(quote(), Date.parse('2025-06-01T02:30:00.000Z'))).toBe(true);
  });

  it('explains each refusal in the traveller language', () => {
    expect(errorMessage('zh-CN', { error: 'sold_out' })).toContain('订满');
    expect(errorMessage('zh-CN', { error: 'quote_expired' })).toContain('报价已过期');
    expect(errorMessage('zh-CN', { error: 'quote_used' })).toContain('已经预订过');
    expect(errorMessage('zh-CN', { error: 'invalid_request' })).toBe('提交的信息有误，请检查后重试。');
    expect(errorMessage('zh-CN', { error: 'invalid_request', details: [{ path: ['guest', 'phone'] }] })).toBe('请检查：手机号');
    expect(errorMessage('en', { error: 'sold_out' })).toMatch(/^Sorry, this room sold out/);
    expect(errorMessage('en', { error: 'network' })).toMatch(/Network problem/);
    expect(errorMessage('zh-CN', { error: 'teapot' })).toBe('操作失败（teapot），请稍后重试或联系客服。');
  });

  it('retries only when the outcome is unknown, and locks the form when the quote cannot be booked', () => {
    const res: Reservation = { code: 'AB12CD', status: 'confirmed', hotelId: 'h', roomTypeId: 'r', checkIn: '2025-06-10', checkOut: '2025-06-12', rooms: 1, total: cny(77600) };
    expect(afterBooking(toResult(201, res), 'zh-CN')).toEqual({ kind: 'booked', reservation: res });
    expect(afterBooking(toResult(0, null), 'zh-CN').kind).toBe('unknown');
    expect(afterBooking(toResult(502, '<html>'), 'zh-CN').kind).toBe('unknown');
    expect(afterBooking(toResult(409, { error: 'conflict' }), 'zh-CN').kind).toBe('unknown');
    for (const error of ['sold_out', 'quote_expired', 'quote_used']) expect(afterBooking(toResult(409, { error }), 'zh-CN').kind).toBe('final');
    expect(afterBooking(toResult(400, { error: 'invalid_request', details: [] }), 'zh-CN').kind).toBe('fix');
    expect(bookedView(res, 'zh-CN')).toEqual({ title: '预订成功', note: '入住时报预订号即可。', code: 'AB12CD', status: '已确认', total: '¥776' });
    expect(bookedView({ ...res, status: 'held' }, 'zh-CN').title).toBe('房间已为您保留');
  });

  it('counts any accept variant of the subscribe answer, and nothing else', () => {
    expect(acceptedTemplate({ errMsg: 'requestSubscribeMessage:ok', T1: 'accept' }, 'T1')).toBe(true);
    expect(acceptedTemplate({ T1: 'acceptWithAlert' }, 'T1')).toBe(true);
    expect(acceptedTemplate({ T1: 'reject' }, 'T1')).toBe(false);
    expect(acceptedTemplate({ T2: 'accept' }, 'T1')).toBe(false);
    expect(acceptedTemplate(null, 'T1')).toBe(false);
  });
});

describe('my bookings', () => {
  it('keeps codes newest first, each once, upper-cased, at most 50', () => {
    expect(rememberCode(['AB12', 'CD34'], 'cd34')).toEqual(['CD34', 'AB12']);
    expect(rememberCode([], 'not a code!')).toEqual([]);
    const many = Array.from({ length: 60 }, (_, i) => `C${1000 + i}`);
    expect(rememberCode(many, 'NEW1')).toHaveLength(50);
  });

  it('shows each reservation with its status, or why it could not load', () => {
    const res: Reservation = { code: 'AB12CD', status: 'held', hotelId: 'h', roomTypeId: 'r', checkIn: '2025-06-10', checkOut: '2025-06-12', rooms: 1, total: cny(77650), hotelName: '北京王府井酒店', roomName: '高级大床房' };
    expect(bookingRow('AB12CD', toResult(200, res), 'zh-CN')).toEqual({
      code: 'AB12CD', title: '北京王府井酒店', detail: '高级大床房', dates: '6月10日 – 6月12日', total: '¥776.50', status: '已保留，待付款', tone: 'held',
    });
    expect(bookingRow('ZZ99', toResult(404, { error: 'not_found' }), 'zh-CN')).toMatchObject({ status: '未找到该预订', tone: 'missing' });
    expect(bookingRow('ZZ99', toResult(0, null), 'en')).toMatchObject({ tone: 'error' });
    expect(inBatches([1, 2, 3, 4, 5, 6, 7], 5)).toEqual([[1, 2, 3, 4, 5], [6, 7]]);
  });
});

describe('requests', () => {
  it('retries idempotent requests after a lost answer, a 5xx or an in-progress conflict, three attempts in all', () => {
    expect(shouldRetry({ kind: 'network' }, 1, true)).toBe(true);
    expect(shouldRetry({ kind: 'response', status: 503 }, 2, true)).toBe(true);
    expect(shouldRetry({ kind: 'response', status: 409, error: 'conflict' }, 1, true)).toBe(true);
    expect(shouldRetry({ kind: 'network' }, MAX_ATTEMPTS, true)).toBe(false);
    expect(shouldRetry({ kind: 'response', status: 409, error: 'sold_out' }, 1, true)).toBe(false);
    expect(shouldRetry({ kind: 'response', status: 400 }, 1, true)).toBe(false);
  });

  it('never resends a chat message on its own: the bot may have it already', () => {
    expect(shouldRetry({ kind: 'network' }, 1, false)).toBe(false);
    expect(backoffMs(1)).toBeLessThan(backoffMs(2));
  });

  it('makes Idempotency-Keys of printable ASCII the server accepts', () => {
    expect(idempotencyKey([0, 15, 255])).toBe('mp-000fff');
    const key = idempotencyKey(weakRandomBytes(16));
    expect(key).toMatch(/^mp-[0-9a-f]{32}$/);
  });

  it('reads an answer as data or as the error code of its body', () => {
    expect(toResult(200, { a: 1 })).toEqual({ ok: true, status: 200, data: { a: 1 } });
    expect(toResult(409, { error: 'sold_out', message: 'x' })).toEqual({ ok: false, status: 409, error: 'sold_out', message: 'x' });
    expect(toResult(502, 'Bad gateway')).toEqual({ ok: false, status: 502, error: 'http_502' });
    expect(toResult(0, null)).toEqual({ ok: false, status: 0, error: 'network' });
  });

  it('talks to a local server in DevTools and to the configured domain elsewhere', () => {
    expect(configFor('develop').apiBase).toBe('http://localhost:3000');
    expect(configFor('release').apiBase).toMatch(/^https:\/\//);
    expect(configFor(undefined)).toEqual(configFor('release'));
  });
});

describe('words and numbers', () => {
  it('speaks Chinese to zh variants and when unsure, English otherwise, with the same keys in both', () => {
    expect(pickLang('zh_CN')).toBe('zh-CN');
    expect(pickLang('zh_TW')).toBe('zh-CN');
    expect(pickLang(undefined)).toBe('zh-CN');
    expect(pickLang('en')).toBe('en');
    expect(Object.keys(textsOf('en')).sort()).toEqual(Object.keys(textsOf('zh-CN')).sort());
    expect(translate('zh-CN', 'handoffBanner')).toBe('正在为您转接人工客服');
    expect(translate('zh-CN', 'nightsValue', { n: 3 })).toBe('3晚');
  });

  it('writes fen as yuan without floating point, stars, dates and instants', () => {
    expect(formatMoney(cny(38800))).toBe('¥388');
    expect(formatMoney(cny(38805))).toBe('¥388.05');
    expect(formatMoney(cny(10))).toBe('¥0.10');
    expect(formatMoney({ amount: 1999, currency: 'USD' })).toBe('USD 19.99');
    expect(starsText(4)).toBe('★★★★');
    expect(starsText(undefined)).toBe('');
    expect(formatStayDate('zh-CN', '2025-06-01')).toBe('6月1日');
    expect(formatStayDate('en', '2025-06-01')).toBe('2025-06-01');
    expect(formatInstant('2025-06-01T16:30:00.000Z', 480)).toBe('2025-06-02 00:30');
    expect(formatInstant('not a date', 480)).toBe('not a date');
  });
});
