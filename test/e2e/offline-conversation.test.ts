// The offline model as travellers meet it through the app channel: searching, asking, booking, declining, changing
// their mind, cancelling, and what it does with things it cannot help with. No hosted model anywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationTraces, type HotelCard, type TurnTrace } from '../../src/bot/index.ts';
import { OfflineChatModel } from '../../src/model/offline/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { aHotel, aRoomType, aTenant } from '../support/builders.ts';
import { traveller, type Traveller } from '../support/conversation.ts';

let t: TestApp;
const model = new OfflineChatModel();
const hotels: Record<string, string> = {};
const rooms: Record<string, string> = {};

const policies = (breakfast: 'included' | 'extra' | 'none', parking: 'free' | 'paid' | 'none', pets: boolean) => ({
  checkInTime: '14:00',
  checkOutTime: '12:00',
  breakfast: { offered: breakfast, zh: breakfast === 'included' ? '房费含早餐。' : '酒店不提供早餐。', en: breakfast === 'included' ? 'Breakfast is included.' : 'No breakfast.' },
  parking: { offered: parking, zh: parking === 'none' ? '酒店无停车场。' : '提供停车位。', en: parking === 'none' ? 'No parking.' : 'Parking on site.' },
  pets: { allowed: pets, zh: pets ? '可携带宠物。' : '不可携带宠物。', en: pets ? 'Pets welcome.' : 'No pets.' },
});

beforeAll(async () => {
  t = await startTestApp({ model });
  const db = t.testDb.db;
  const tenantId = await aTenant(db, '京华酒店集团');
  const spec = [
    { tier: 'budget', stars: 2, name: '如家快捷酒店(王府井店)', nameEn: 'Home Inn Wangfujing', price: 32_000, amenities: ['wifi', 'breakfast'], p: policies('extra', 'none', false) },
    { tier: 'budget', stars: 2, name: '汉庭酒店(东单店)', nameEn: 'Hanting Dongdan', price: 36_000, amenities: ['wifi', 'parking'], p: policies('none', 'paid', false) },
    { tier: 'comfort', stars: 3, name: '京伦饭店', nameEn: 'Jianguo Jinglun', price: 56_000, amenities: ['wifi', 'breakfast', 'parking', 'gym'], p: policies('included', 'paid', true) },
    { tier: 'comfort', stars: 3, name: '全季酒店(国贸店)', nameEn: 'JI Guomao', price: 62_000, amenities: ['wifi'], p: policies('none', 'none', false) },
    { tier: 'luxury', stars: 4, name: '北京贵宾楼饭店', nameEn: 'Grand Hotel Beijing', price: 98_000, amenities: ['wifi', 'breakfast', 'pool'], p: policies('included', 'free', false), prepay: true },
    { tier: 'luxury', stars: 5, name: '北京王府半岛酒店', nameEn: 'The Peninsula Beijing', price: 128_000, amenities: ['wifi', 'breakfast', 'pool', 'spa'], p: policies('included', 'free', true) },
    { tier: 'luxury', stars: 5, name: '北京华尔道夫酒店', nameEn: 'Waldorf Astoria Beijing', price: 260_000, amenities: ['wifi', 'pool', 'spa'], p: policies('extra', 'free', false) },
  ] as const;
  for (const h of spec) {
    hotels[h.name] = await aHotel(db, { tenantId, city: '北京', tier: h.tier, stars: h.stars, name: h.name, amenities: [...h.amenities], paymentMode: 'prepay' in h ? 'prepay' : 'at_hotel', cancelHours: 24 });
    await db.query('UPDATE hotels SET name_en = $2, policies = $3, address = $4 WHERE id = $1', [hotels[h.name], h.nameEn, JSON.stringify(h.p), '北京市东城区王府井大街']);
    rooms[h.name] = await aRoomType(db, { hotelId: hotels[h.name]!, from: '2026-12-01', nights: 40, price: h.price, capacity: 2 });
  }
  const other = await aHotel(db, { tenantId, city: '上海', tier: 'budget', name: '锦江之星(外滩店)' });
  await aRoomType(db, { hotelId: other, from: '2026-12-01', price: 25_000 });
  await db.query(
    `INSERT INTO knowledge_entries (tenant_id, question, answer, locale) VALUES
       ($1, '可以开发票吗？怎么开发票', '可以开具电子发票：退房时告诉前台抬头和税号即可，也可以离店后联系客服补开。', 'zh-CN'),
       ($1, 'Can I get an invoice (fapiao)?', 'Yes. Give the front desk your company name and tax number at check-out, or ask us afterwards.', 'en')`,
    [tenantId],
  );
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const traces = (who: Traveller) => conversationTraces(t.testDb.db, who.conversationId!);
const lastTrace = async (who: Traveller): Promise<TurnTrace> => (await traces(who)).at(-1)!;
const toolsOf = (trace: TurnTrace) => trace.steps.map((s) => s.tool);
const argsOf = (trace: TurnTrace, tool: string) => JSON.parse(trace.steps.find((s) => s.tool === tool)!.arguments) as Record<string, unknown>;
const reservationsOf = async (who: Traveller) =>
  (await t.testDb.db.query<{ code: string; check_in: string; check_out: string; nightly: number[]; total: number; status: string; hotel_id: string; guests: number }>(
    `SELECT r.code, r.check_in, r.check_out, r.nightly, r.total, r.status, r.hotel_id, r.guests FROM reservations r
     JOIN conversations c ON c.traveller_id = r.traveller_id WHERE c.id = $1 ORDER BY r.created_at`,
    [who.conversationId],
  )).rows;

describe('a traveller books in Chinese with the offline model: search → tiers → details → book → confirm', () => {
  const a = traveller(() => t, 'zh-booker');
  let cards: HotelCard[] = [];
  let code = '';

  it('gives one hotel per tier for two nights in Beijing, each with its price per night and total from the search', async () => {
    const [reply] = await a.says('你好，我想12月10日到12日在北京住两晚，我们两个人');
    cards = reply!.cards ?? [];
    expect(cards.map((c) => [c.tier, c.name])).toEqual([['budget', '如家快捷酒店(王府井店)'], ['comfort', '京伦饭店'], ['luxury', '北京贵宾楼饭店']]);
    expect(reply!.text).toContain('如家快捷酒店(王府井店)');
    expect(reply!.text).toContain('¥320/晚，共¥640');
    expect(reply!.text).toContain('京伦饭店');
    expect(reply!.text).toContain('¥560/晚，共¥1,120');
    const trace = await lastTrace(a);
    expect(toolsOf(trace)).toEqual(['search_hotels']);
    expect(argsOf(trace, 'search_hotels')).toMatchObject({ city: '北京', checkIn: '2026-12-10', checkOut: '2026-12-12', guests: 2 });
  });

  it('answers a question about the comfort hotel from its details', async () => {
    const [reply] = await a.says('舒适型那家有早餐吗？');
    expect(toolsOf(await lastTrace(a))).toEqual(['get_hotel_details']);
    expect(argsOf(await lastTrace(a), 'get_hotel_details')).toEqual({ hotelId: hotels['京伦饭店'] });
    expect(reply!.text).toContain('京伦饭店');
    expect(reply!.text).toContain('含早餐');
  });

  it('asks for the guest name and phone before anything is prepared', async () => {
    const [reply] = await a.says('好，就订这家');
    expect(toolsOf(await lastTrace(a))).toEqual([]);
    expect(reply!.text).toMatch(/姓名/);
    expect(reply!.text).toMatch(/手机/);
  });

  it('shows a server-priced summary, asks for a yes, and writes nothing yet', async () => {
    const [reply] = await a.says('张三，13800138000');
    const trace = await lastTrace(a);
    expect(toolsOf(trace)).toEqual(['prepare_booking']);
    expect(argsOf(trace, 'prepare_booking')).toMatchObject({ hotelId: hotels['京伦饭店'], roomTypeId: rooms['京伦饭店'], checkIn: '2026-12-10', checkOut: '2026-12-12', rooms: 1, guests: 2, guestName: '张三' });
    expect(reply!.text).toContain('京伦饭店');
    expect(reply!.text).toContain('合计¥1,120');
    expect(reply!.text).toContain('到店付款');
    expect(reply!.text).not.toContain('13800138000');
    expect(reply!.actions?.map((x) => x.title)).toEqual(['确认预订', '先不订']);
    expect(await reservationsOf(a)).toEqual([]);
  });

  it('books on "确认": the reservation has the two nights and the price the summary showed', async () => {
    const [reply] = await a.says('确认');
    expect(toolsOf(await lastTrace(a))).toEqual(['confirm']);
    const [r] = await reservationsOf(a);
    code = r!.code;
    expect(r).toMatchObject({ check_in: '2026-12-10', check_out: '2026-12-12', nightly: [56_000, 56_000], total: 112_000, status: 'confirmed', hotel_id: hotels['京伦饭店'], guests: 2 });
    expect(reply!.text).toContain(code);
    expect(reply!.text).toContain('¥1,120');
  });

  it('lists the booking when asked for "我的订单"', async () => {
    const [reply] = await a.says('查一下我的订单');
    expect(toolsOf(await lastTrace(a))).toEqual(['find_bookings']);
    expect(reply!.text).toContain(code);
    expect(reply!.text).toContain('已确认');
  });

  it('cancels by code only after the terms and a tap on "确认取消"', async () => {
    const [terms] = await a.says(`帮我取消订单 ${code}`);
    expect(toolsOf(await lastTrace(a))).toEqual(['prepare_cancellation']);
    expect(terms!.text).toContain(code);
    expect((await reservationsOf(a))[0]!.status).toBe('confirmed');
    const [done] = await a.taps(terms!.actions!.find((x) => x.title === '确认取消')!.value);
    expect(toolsOf(await lastTrace(a))).toEqual(['confirm']);
    expect(done!.text).toContain(code);
    expect((await reservationsOf(a))[0]!.status).toBe('cancelled');
    expect(await t.services.booking.mismatches(rooms['京伦饭店']!)).toEqual([]);
  });

  it('takes thanks warmly, with no tool', async () => {
    const [reply] = await a.says('谢谢！');
    expect(toolsOf(await lastTrace(a))).toEqual([]);
    expect(reply!.text).toMatch(/不客气|不用谢|很高兴/);
  });

  it('stated nothing that no tool returned, in any turn, and answered as the offline model', async () => {
    const all = await traces(a);
    expect(all.flatMap((x) => x.guardHits)).toEqual([]);
    expect(new Set(all.map((x) => x.model))).toEqual(new Set(['offline']));
    expect(all.every((x) => x.confidence >= 0.5)).toBe(true);
  });
});

describe('one clear question at a time for what is missing', () => {
  it('asks for the city, then the dates; a check-in alone is shown for one night until the traveller says how long', async () => {
    const q = traveller(() => t, 'zh-asker');
    const [city] = await q.says('我想订酒店');
    expect(city!.text).toMatch(/城市/);
    const [dates] = await q.says('北京');
    expect(dates!.text).toMatch(/入住/);
    const [oneNight] = await q.says('12月10号入住');
    expect(argsOf(await lastTrace(q), 'search_hotels')).toMatchObject({ city: '北京', checkIn: '2026-12-10', checkOut: '2026-12-11', guests: 2 });
    expect(oneNight!.text).toContain('先按住1晚查询');
    const [twoNights] = await q.says('住两晚');
    expect(argsOf(await lastTrace(q), 'search_hotels')).toMatchObject({ checkIn: '2026-12-10', checkOut: '2026-12-12' });
    expect(twoNights!.cards!.length).toBe(3);
    expect((await traces(q)).every((x) => x.signals.handoff === null)).toBe(true);
  });

  it('does the same in English', async () => {
    const q = traveller(() => t, 'en-asker');
    expect((await q.says('I need a hotel'))[0]!.text).toMatch(/city|headed/);
    expect((await q.says('Beijing'))[0]!.text).toMatch(/check in|dates|arrive/);
    await q.says('Dec 10, for 2 nights');
    expect(argsOf(await lastTrace(q), 'search_hotels')).toMatchObject({ checkIn: '2026-12-10', checkOut: '2026-12-12' });
  });
});

describe('an English traveller declines at the summary', () => {
  const b = traveller(() => t, 'en-decliner');

  it('searches from English dates and names the hotels by their English names', async () => {
    const [reply] = await b.says('Hi, we need a hotel in Beijing from Dec 10 to Dec 12, two adults');
    expect(toolsOf(await lastTrace(b))).toEqual(['search_hotels']);
    expect(reply!.text).toContain('Home Inn Wangfujing');
    expect(reply!.text).toContain('¥320/night, ¥640 in total');
  });

  it('describes the luxury one', async () => {
    const [reply] = await b.says('Tell me about the luxury one');
    expect(argsOf(await lastTrace(b), 'get_hotel_details')).toEqual({ hotelId: hotels['北京贵宾楼饭店'] });
    expect(reply!.text).toContain('Grand Hotel Beijing');
  });

  it('prepares the booking of that prepaid hotel and says it must be paid online', async () => {
    const [reply] = await b.says('Book it please. My name is John Smith, phone +86 139 1234 5678');
    expect(toolsOf(await lastTrace(b))).toEqual(['prepare_booking']);
    expect(reply!.text).toContain('prepaid online');
    expect(reply!.text).toContain('¥1,960 in total');
  });

  it('books nothing on "No thanks"', async () => {
    const [reply] = await b.says('No thanks');
    expect(toolsOf(await lastTrace(b))).toEqual([]);
    expect(reply!.text).toMatch(/nothing is booked|haven't placed anything/);
    expect(await reservationsOf(b)).toEqual([]);
  });
});

describe('a traveller changes the dates and the tier mid-way', () => {
  const c = traveller(() => t, 'zh-changer');

  it('searches for three nights from 12月20日, assuming two guests and saying so', async () => {
    const [reply] = await c.says('帮我找北京的酒店，12月20日入住，住3晚');
    expect(argsOf(await lastTrace(c), 'search_hotels')).toMatchObject({ city: '北京', checkIn: '2026-12-20', checkOut: '2026-12-23', guests: 2 });
    expect(reply!.text).toContain('默认按2位成人');
  });

  it('moves the check-in and keeps the three nights', async () => {
    await c.says('换成12月22日入住');
    expect(argsOf(await lastTrace(c), 'search_hotels')).toMatchObject({ checkIn: '2026-12-22', checkOut: '2026-12-25' });
  });

  it('narrows to luxury and shows only luxury hotels', async () => {
    const [reply] = await c.says('要豪华型的');
    expect(argsOf(await lastTrace(c), 'search_hotels')).toMatchObject({ tier: 'luxury', checkIn: '2026-12-22', checkOut: '2026-12-25' });
    expect(reply!.cards!.map((x) => x.tier)).toEqual(['luxury']);
    expect(reply!.text).toContain('北京王府半岛酒店');
  });

  it('prepares the first one, then a change of dates at the summary searches again and books nothing', async () => {
    await c.says('订第一家，李四 13912345678');
    expect(toolsOf(await lastTrace(c))).toEqual(['prepare_booking']);
    await c.says('等等，改成后天入住');
    const trace = await lastTrace(c);
    expect(toolsOf(trace)).toEqual(['search_hotels']);
    expect(argsOf(trace, 'search_hotels')).toMatchObject({ checkIn: '2026-12-03', checkOut: '2026-12-06', tier: 'luxury' });
    expect(await reservationsOf(c)).toEqual([]);
  });
});

describe('questions, people and things the concierge cannot help with', () => {
  it('answers an invoice question from the operator\'s FAQ', async () => {
    const d = traveller(() => t, 'zh-faq');
    const [reply] = await d.says('你们可以开发票吗？');
    expect(toolsOf(await lastTrace(d))).toEqual(['search_knowledge']);
    expect(reply!.text).toContain('电子发票');
  });

  it('answers in English from the English FAQ entry', async () => {
    const d = traveller(() => t, 'en-faq');
    const [reply] = await d.says('Can I get an invoice?');
    expect(toolsOf(await lastTrace(d))).toEqual(['search_knowledge']);
    expect(reply!.text).toContain('tax number');
  });

  it('hands a request for a person to the agents\' queue', async () => {
    const e = traveller(() => t, 'zh-human');
    const [reply] = await e.says('我要转人工');
    expect(reply!.handoff).toBe(true);
    expect(toolsOf(await lastTrace(e))).toEqual(['handoff_to_human']);
    const { rows } = await t.testDb.db.query<{ reason: string; status: string }>('SELECT reason, status FROM handoffs WHERE conversation_id = $1', [e.conversationId]);
    expect(rows).toEqual([{ reason: 'traveller_request', status: 'queued' }]);
  });

  it('meets gibberish with a gentle redirect, no tool and a low confidence', async () => {
    const g = traveller(() => t, 'gibberish');
    const [reply] = await g.says('asdkj qwpoe zxmnv');
    const trace = await lastTrace(g);
    expect(toolsOf(trace)).toEqual([]);
    expect(trace.confidence).toBeLessThan(0.5);
    expect(reply!.text).toMatch(/didn't quite get|not sure I understood/);
  });

  it('meets an out-of-domain question with a redirect to hotels, no tool and a low confidence', async () => {
    const o = traveller(() => t, 'out-of-domain');
    const [reply] = await o.says('给我讲个笑话吧');
    const trace = await lastTrace(o);
    expect(toolsOf(trace)).toEqual([]);
    expect(trace.confidence).toBeLessThan(0.5);
    expect(reply!.text).toMatch(/酒店/);
  });

  it('asks for yuan when the budget is in dollars', async () => {
    const f = traveller(() => t, 'en-dollars');
    const [reply] = await f.says('A hotel in Beijing for Dec 10-12, under 100 dollars a night');
    expect(toolsOf(await lastTrace(f))).toEqual([]);
    expect(reply!.text).toMatch(/yuan/);
  });
});


describe('the same conversation gives the same answers', () => {
  const script = ['12月10日到12日在北京住两晚，两个人，每晚1000以内', '经济型那家有停车场吗？', '订经济型那家，王五 13700137000', '不用了，先不订'];
  const first = traveller(() => t, 'replay-1');
  const second = traveller(() => t, 'replay-2');

  it('replays every recorded model input to the very reply the traveller read', async () => {
    for (const text of script) await first.says(text);
    const recorded = await traces(first);
    expect(recorded).toHaveLength(script.length);
    const fresh = new OfflineChatModel();
    for (const trace of recorded) {
      const again = await fresh.complete({ messages: trace.input as never, tools: [], locale: 'zh-CN', conversationId: first.conversationId });
      // A turn handed to a person has the bot's handoff notice after the model's words.
      if (trace.signals.handoff) expect(trace.reply.startsWith(again.content!)).toBe(true);
      else expect(again.content).toBe(trace.reply);
    }
  });

  it('makes the same tool calls with the same arguments for another traveller saying the same', async () => {
    for (const text of script) await second.says(text);
    const calls = async (who: Traveller) => (await traces(who)).map((x) => x.steps.map((s) => [s.tool, s.arguments]));
    expect(await calls(second)).toEqual(await calls(first));
    expect((await calls(first)).flat().map(([tool]) => tool)).toEqual(['search_hotels', 'get_hotel_details', 'prepare_booking']);
  });

  it('gives the same response to the same request, every time', async () => {
    const messages = (await lastTrace(first)).input as never;
    const a = await model.complete({ messages, tools: [], locale: 'zh-CN', conversationId: 'c-1' });
    const b = await new OfflineChatModel().complete({ messages, tools: [], locale: 'zh-CN', conversationId: 'c-1' });
    expect(b).toEqual(a);
  });
});

describe('a room that sells out between the search and the booking', () => {
  const s = traveller(() => t, 'zh-sold-out');

  it('says so kindly and offers the other shown hotels; the traveller picks one and books it', async () => {
    await s.says('北京12月15日住一晚，两个人');
    await t.testDb.db.query("UPDATE inventory SET stop_sell = true WHERE room_type_id = $1 AND night = '2026-12-15'", [rooms['如家快捷酒店(王府井店)']]);
    const [sorry] = await s.says('订经济型那家，孙七 13800001111');
    const failed = await lastTrace(s);
    expect(failed.steps.map((x) => [x.tool, x.error])).toEqual([['prepare_booking', 'sold_out']]);
    expect(sorry!.text).toMatch(/满房|订完/);
    expect(sorry!.text).toContain('京伦饭店');
    expect(failed.confidence).toBeGreaterThanOrEqual(0.5);

    // The phone of the earlier message is masked in the stored conversation, so it is asked for again.
    const [again] = await s.says('那就订舒适型的吧');
    expect(toolsOf(await lastTrace(s))).toEqual([]);
    expect(again!.text).toMatch(/手机号/);
    await s.says('13800001111');
    expect(argsOf(await lastTrace(s), 'prepare_booking')).toMatchObject({ hotelId: hotels['京伦饭店'], guestName: '孙七', checkIn: '2026-12-15', checkOut: '2026-12-16' });
    await s.says('确认');
    expect(await reservationsOf(s)).toMatchObject([{ hotel_id: hotels['京伦饭店'], status: 'confirmed', total: 56_000 }]);
  });
});

describe('an English traveller books a prepaid room', () => {
  const p = traveller(() => t, 'en-prepaid');

  it('is held until paid, and the reply says by when', async () => {
    await p.says('Beijing, Dec 18 for one night, just me');
    const [summary] = await p.says('I will take the luxury one. Jane Doe, +86 136 1111 2222');
    expect(summary!.text).toContain('Grand Hotel Beijing');
    expect(summary!.text).toContain('¥980 in total');
    const [done] = await p.says('yes');
    const [r] = await reservationsOf(p);
    expect(r).toMatchObject({ hotel_id: hotels['北京贵宾楼饭店'], status: 'held', check_in: '2026-12-18', check_out: '2026-12-19', total: 98_000, guests: 1 });
    expect(done!.text).toContain(r!.code);
    expect(done!.text).toMatch(/held for you until Dec 1, 10:30/);
  });
});
