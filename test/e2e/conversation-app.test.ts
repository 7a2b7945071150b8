// The whole booking as a traveller lives it, through the app channel, with the real openai SDK and a scripted model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HotelCard } from '../../src/bot/index.ts';
import { conversationTraces } from '../../src/bot/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { aHotel, aRoomType, aTenant } from '../support/builders.ts';
import { lastToolResult, traveller } from '../support/conversation.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';

let t: TestApp;
let llm: FakeLlm;
const hotels: Record<string, string> = {};
const rooms: Record<string, string> = {};

type Tiers = { tiers: Record<string, Array<{ hotelId: string; name: string; roomTypeId: string; pricePerNight: { amount: number }; total: { amount: number } }>> };

beforeAll(async () => {
  llm = await startFakeLlm();
  t = await startTestApp({ env: { LLM_BASE_URL: llm.url, LLM_MODEL: 'fake-concierge' } });
  const db = t.testDb.db;
  const tenantId = await aTenant(db, '京华酒店集团');
  const spec = [
    ['budget', '如家快捷酒店(王府井店)', 32_000],
    ['comfort', '京伦饭店', 56_000],
    ['luxury', '北京王府半岛酒店', 78_000],
    ['luxury', '北京华尔道夫酒店', 260_000],
  ] as const;
  for (const [tier, name, price] of spec) {
    hotels[name] = await aHotel(db, { tenantId, city: '北京', tier, name, amenities: ['wifi', 'breakfast'] });
    rooms[name] = await aRoomType(db, { hotelId: hotels[name]!, from: '2026-12-01', nights: 40, price, capacity: 2 });
  }
  await aHotel(db, { tenantId, city: '上海', tier: 'budget', name: '上海某酒店' }).then((id) => aRoomType(db, { hotelId: id, from: '2026-12-01', price: 10_000 }));
}, 60_000);
afterAll(async () => {
  await t?.close();
  await llm?.close();
});

describe('a traveller books a hotel in Chinese, end to end', () => {
  const a = traveller(() => t, 'alice');
  let cards: HotelCard[] = [];
  let code = '';

  it('asks for two nights in Beijing under 800 a night and gets one card per tier, from Beijing, within budget', async () => {
    llm.script(
      { toolCalls: [{ name: 'search_hotels', arguments: { city: '北京', checkIn: '2026-12-10', checkOut: '2026-12-12', guests: 2, budgetMax: 800 } }] },
      (req) => {
        const r = lastToolResult<Tiers>(req, 'search_hotels');
        const line = (tier: string) => { const h = r.tiers[tier]![0]!; return `${h.name} ¥${h.pricePerNight.amount / 100}/晚，共¥${h.total.amount / 100}`; };
        return { content: `为您找到：\n经济：${line('budget')}\n舒适：${line('comfort')}\n豪华：${line('luxury')}` };
      },
    );
    const [reply] = await a.says('我想12月10日到12日在北京住两晚，两个人，每晚800以内');
    cards = reply!.cards ?? [];
    expect(cards.map((c) => c.tier)).toEqual(['budget', 'comfort', 'luxury']);
    expect(cards.map((c) => c.name)).toEqual(['如家快捷酒店(王府井店)', '京伦饭店', '北京王府半岛酒店']);
    expect(cards.every((c) => c.pricePerNight.amount <= 80_000)).toBe(true);
    expect(cards[0]).toMatchObject({ pricePerNight: { amount: 32_000, currency: 'CNY' }, total: { amount: 64_000, currency: 'CNY' } });
    expect(cards[0]!.bookingUrl).toMatch(/^https:\/\/tourdesk\.test\/b\/[\w-]{16,}$/);
    expect(reply!.text).toContain('如家快捷酒店(王府井店) ¥320/晚');
    // The model was told the tools and never a price it did not get from them.
    expect(llm.requests[0]!.tools!.map((x) => ('function' in x ? x.function.name : ''))).toEqual(
      ['search_hotels', 'get_hotel_details', 'search_knowledge', 'find_bookings', 'prepare_booking', 'prepare_cancellation', 'confirm', 'handoff_to_human']);
  });

  it('asks about breakfast and gets the hotel\'s details', async () => {
    llm.script(
      { toolCalls: [{ name: 'get_hotel_details', arguments: { hotelId: cards[0]!.hotelId } }] },
      (req) => ({ content: (lastToolResult<{ amenities: string[] }>(req).amenities.includes('早餐') ? '这家酒店提供早餐。' : '不含早餐。') }),
    );
    const [reply] = await a.says('经济型那家有早餐吗？');
    expect(reply!.text).toBe('这家酒店提供早餐。');
  });

  it('books it with a name and phone: a summary first, nothing written yet', async () => {
    const card = cards[0]!;
    llm.script(
      { toolCalls: [{ name: 'prepare_booking', arguments: { hotelId: card.hotelId, roomTypeId: card.roomTypeId, checkIn: '2026-12-10', checkOut: '2026-12-12', rooms: 1, guests: 2, guestName: '张三', guestPhone: '13800138000' } }] },
      (req) => {
        const r = lastToolResult<{ quote: { hotelName: string; total: { amount: number } } }>(req);
        return { content: `请确认：${r.quote.hotelName}，12月10日至12日，共¥${r.quote.total.amount / 100}。确认预订吗？` };
      },
    );
    const [reply] = await a.says('就订经济型那家，张三，13800138000');
    expect(reply!.text).toBe('请确认：如家快捷酒店(王府井店)，12月10日至12日，共¥640。确认预订吗？');
    expect(reply!.actions?.map((x) => x.title)).toEqual(['确认预订', '先不订']);
    expect((await t.testDb.db.query('SELECT 1 FROM reservations')).rowCount).toBe(0);
  });

  it('confirms, and the reservation is in the database with the right nights and the server\'s price', async () => {
    llm.script(
      (req) => ({ toolCalls: [{ name: 'confirm', arguments: { actionId: lastToolResult<{ actionId: string }>(req, 'prepare_booking').actionId } }] }),
      (req) => ({ content: `预订成功！订单号 ${lastToolResult<{ reservation: { code: string } }>(req, 'confirm').reservation.code}。` }),
    );
    const [reply] = await a.says('确认');
    code = /TD[2-9A-Z]{6}/.exec(reply!.text)![0];
    const { rows } = await t.testDb.db.query<{ check_in: string; check_out: string; total: number; status: string; room_type_id: string; booked_by: string }>(
      'SELECT check_in, check_out, total, status, room_type_id, booked_by FROM reservations WHERE code = $1', [code]);
    expect(rows[0]).toEqual({ check_in: '2026-12-10', check_out: '2026-12-12', total: 64_000, status: 'confirmed', room_type_id: cards[0]!.roomTypeId, booked_by: 'bot' });
  });

  it('finds its bookings', async () => {
    llm.script({ toolCalls: [{ name: 'find_bookings', arguments: {} }] }, (req) => ({ content: `您有 ${lastToolResult<{ bookings: unknown[] }>(req).bookings.length} 个订单：${code}` }));
    const [reply] = await a.says('查一下我的订单');
    expect(reply!.text).toBe(`您有 1 个订单：${code}`);
  });

  it('cancels by code after confirming the terms, and the rooms come back', async () => {
    llm.script(
      { toolCalls: [{ name: 'prepare_cancellation', arguments: { code } }] },
      { content: `确定取消订单 ${code} 吗？免费取消。` },
    );
    const [ask] = await a.says(`帮我取消订单 ${code}`);
    const confirmValue = ask!.actions!.find((x) => x.title === '确认取消')!.value;
    llm.script(
      (req) => ({ toolCalls: [{ name: 'confirm', arguments: { actionId: lastToolResult<{ actionId: string }>(req, 'prepare_cancellation').actionId } }] }),
      { content: '已为您取消。' },
    );
    const [done] = await a.taps(confirmValue);
    expect(done!.text).toBe('已为您取消。');
    const { rows } = await t.testDb.db.query<{ status: string }>('SELECT status FROM reservations WHERE code = $1', [code]);
    expect(rows[0]!.status).toBe('cancelled');
    expect(await t.services.booking.mismatches(cards[0]!.roomTypeId)).toEqual([]);
  });

  it('asks for a person: the conversation is marked for handoff, and later messages do not reach the bot', async () => {
    llm.script({ toolCalls: [{ name: 'handoff_to_human', arguments: { reason: '客人要求人工' } }] }, { content: '好的。' });
    const [reply] = await a.says('转人工');
    expect(reply!.handoff).toBe(true);
    expect(reply!.text).toContain('人工客服');
    const { rows } = await t.testDb.db.query<{ reason: string; status: string; channel: string }>(
      'SELECT reason, status, channel FROM handoffs WHERE conversation_id = $1', [a.conversationId]);
    expect(rows).toEqual([{ reason: 'traveller_request', status: 'queued', channel: 'app' }]);
    const before = llm.requests.length;
    expect(await a.says('你好？有人吗')).toEqual([]);
    expect(llm.requests.length).toBe(before);
  });

  it('left a trace of every turn: the tools, their arguments and results, the reply and a confidence', async () => {
    const traces = await conversationTraces(t.testDb.db, a.conversationId!);
    expect(traces.map((x) => x.steps.map((s) => s.tool))).toEqual([
      ['search_hotels'], ['get_hotel_details'], ['prepare_booking'], ['confirm'], ['find_bookings'], ['prepare_cancellation'], ['confirm'], ['handoff_to_human'],
    ]);
    expect(traces.map((x) => [x.model, x.confidence > 0])).toEqual(traces.map(() => ['fake-concierge', true]));
    expect(JSON.stringify(traces)).not.toContain('13800138000');
    const msgs = await t.testDb.db.query<{ text: string }>('SELECT text FROM messages WHERE conversation_id = $1', [a.conversationId]);
    expect(JSON.stringify(msgs.rows)).not.toContain('13800138000');
    const state = await t.testDb.db.query('SELECT value FROM bot_state');
    expect(JSON.stringify(state.rows)).not.toContain('13800138000');
  });
});
