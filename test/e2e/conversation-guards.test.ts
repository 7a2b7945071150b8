// Adversarial model scripts through the app channel: whatever the model does or says, nothing is booked without the
// traveller's own yes, nothing made up reaches the traveller, and every turn ends in a safe reply or a handoff.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { safeReply } from '../../flows/texts.ts';
import { conversationTraces, type Reply, type TurnTrace } from '../../src/bot/index.ts';
import { OpenAIChatModel } from '../../src/model/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { aHotel, aRoomType, aTenant } from '../support/builders.ts';
import { lastToolResult, traveller, type Traveller } from '../support/conversation.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';
import { SwitchableModel } from '../support/switchable-model.ts';
import { writesOf, type Writes } from '../support/writes.ts';

let t: TestApp;
let llm: FakeLlm;
/** What a hosted model is called with in production (the app's own tuning: one retry, 5 s). */
let hosted: OpenAIChatModel;
let model: SwitchableModel;
let hotelId = '';
let roomTypeId = '';
let otherRoomTypeId = '';
/** The confidence of a clean turn (a search that worked, a grounded answer): the bar the bad turns fall below. */
let clean = 0;
/** The writes before each case. */
let before: Writes;

type Quote = { actionId: string; quote: { hotelName: string; total: { amount: number } } };
type Tiers = { tiers: Record<string, Array<{ name: string; pricePerNight: { amount: number } }>> };

const HOTEL = '如家快捷酒店(王府井店)';
/** A code of the right shape (TD + 6 of the code alphabet) that no reservation has. */
const MADE_UP_CODE = 'TD7K4Q2P';
const CLAIMS = /预订成功|已为您预订|已经为您预订|订好了|已确认预订/;

beforeAll(async () => {
  llm = await startFakeLlm();
  hosted = new OpenAIChatModel({ baseUrl: llm.url, model: 'fake-concierge', timeoutMs: 5_000, maxRetries: 1 });
  model = new SwitchableModel(hosted);
  t = await startTestApp({ model });
  const db = t.testDb.db;
  const tenantId = await aTenant(db, '京华酒店集团');
  hotelId = await aHotel(db, { tenantId, city: '北京', tier: 'budget', name: HOTEL, amenities: ['wifi', 'breakfast'] });
  roomTypeId = await aRoomType(db, { hotelId, from: '2026-12-01', nights: 40, price: 32_000, capacity: 2 });
  otherRoomTypeId = await aRoomType(db, { hotelId, name: '双床房', from: '2026-12-01', nights: 40, price: 36_000, capacity: 2 });

  const baseline = traveller(() => t, 'baseline');
  llm.script(
    { toolCalls: [{ name: 'search_hotels', arguments: { city: '北京', checkIn: '2026-12-10', checkOut: '2026-12-12', guests: 2 } }] },
    (req) => {
      const h = lastToolResult<Tiers>(req, 'search_hotels').tiers.budget![0]!;
      return { content: `推荐${h.name}，每晚¥${h.pricePerNight.amount / 100}。` };
    },
  );
  await baseline.says('12月10日到12日北京，两个人');
  clean = (await lastTrace(baseline)).confidence;
}, 60_000);
afterAll(async () => {
  await t?.close();
  await llm?.close();
});
beforeEach(async () => {
  llm.reset();
  model.current = hosted;
  before = await writesOf(t.testDb.db);
});

async function lastTrace(a: Traveller): Promise<TurnTrace> {
  const traces = await conversationTraces(t.testDb.db, a.conversationId!);
  return traces.at(-1)!;
}

async function handoffOf(a: Traveller): Promise<{ reason: string; detail: string | null } | undefined> {
  const { rows } = await t.testDb.db.query<{ reason: string; detail: string | null }>(
    'SELECT reason, detail FROM handoffs WHERE conversation_id = $1', [a.conversationId]);
  return rows[0];
}

async function expectNothingWritten(): Promise<void> {
  expect(await writesOf(t.testDb.db)).toEqual(before);
}

/** The reply claims no booking, names no code, and leaves no confirm button behind. */
function expectClaimsNothing(reply: Reply): void {
  expect(reply.text).not.toMatch(CLAIMS);
  expect(reply.text).not.toMatch(/TD[2-9A-HJ-NP-Z]{6}/);
  expect(reply.actions ?? []).toEqual([]);
}

/** The model prepares a booking and shows the summary; resolves to the action id on the summary's confirm button. */
async function summaryShown(a: Traveller, stay: { roomTypeId?: string; rooms?: number } = {}): Promise<string> {
  llm.script(
    {
      toolCalls: [{
        name: 'prepare_booking',
        arguments: {
          hotelId, roomTypeId: stay.roomTypeId ?? roomTypeId, checkIn: '2026-12-10', checkOut: '2026-12-12',
          rooms: stay.rooms ?? 1, guests: 2, guestName: '张三', guestPhone: '13800138000',
        },
      }],
    },
    (req) => {
      const r = lastToolResult<Quote>(req, 'prepare_booking');
      return { content: `请确认：${r.quote.hotelName}，共¥${r.quote.total.amount / 100}。确认预订吗？` };
    },
  );
  const [reply] = await a.says(`就订${HOTEL}，张三，13800138000`);
  const confirm = reply!.actions?.find((x) => x.value.startsWith('confirm:'));
  expect(confirm, 'the summary carries a confirm button').toBeDefined();
  return confirm!.value.slice('confirm:'.length);
}

describe('the confirmation gate: only the traveller\'s own yes to the current summary books', () => {
  it('(a) confirm after the traveller only says the price is high → not_confirmed, nothing booked', async () => {
    const a = traveller(() => t);
    const actionId = await summaryShown(a);
    llm.script({ toolCalls: [{ name: 'confirm', arguments: { actionId } }] }, { content: '好的，先不预订。需要我帮您看看更实惠的房型吗？' });

    const [reply] = await a.says('价格有点贵');

    expect(reply!.text).toBe('好的，先不预订。需要我帮您看看更实惠的房型吗？');
    expectClaimsNothing(reply!);
    await expectNothingWritten();
    expect(lastToolResult(llm.requests.at(-1)!, 'confirm')).toMatchObject({ error: 'not_confirmed' });
    const trace = await lastTrace(a);
    expect(trace.steps.map((s) => [s.tool, s.error])).toEqual([['confirm', 'not_confirmed']]);
    expect(trace.confidence).toBeLessThan(clean);
  });

  it('(b) confirm with an action id the model made up → not_confirmed, even after a real yes', async () => {
    const a = traveller(() => t);
    await summaryShown(a);
    llm.script({ toolCalls: [{ name: 'confirm', arguments: { actionId: randomUUID() } }] }, { content: '抱歉，请稍等，我再核实一下。' });

    const [reply] = await a.says('确认');

    expectClaimsNothing(reply!);
    await expectNothingWritten();
    const trace = await lastTrace(a);
    expect(trace.steps.map((s) => [s.tool, s.error])).toEqual([['confirm', 'not_confirmed']]);
    expect(trace.confidence).toBeLessThan(clean);
  });

  it('(l) a tapped confirm button of an OLD summary confirms neither the old nor the new action', async () => {
    const a = traveller(() => t);
    const oldId = await summaryShown(a);
    const newId = await summaryShown(a, { roomTypeId: otherRoomTypeId });
    expect(newId).not.toBe(oldId);
    llm.script(
      { toolCalls: [{ name: 'confirm', arguments: { actionId: oldId } }] },
      { toolCalls: [{ name: 'confirm', arguments: { actionId: newId } }] },
      { content: '请您确认最新的预订信息。' },
    );

    const [reply] = await a.taps(`confirm:${oldId}`);

    expectClaimsNothing(reply!);
    await expectNothingWritten();
    const trace = await lastTrace(a);
    expect(trace.steps.map((s) => [s.tool, s.error])).toEqual([['confirm', 'not_confirmed'], ['confirm', 'not_confirmed']]);
    expect(trace.confidence).toBeLessThan(clean);
  });

  it('(m) a typed yes two turns after the summary (another message between) → not_confirmed', async () => {
    const a = traveller(() => t);
    const actionId = await summaryShown(a);
    llm.script({ content: '含早餐，每天早上7点到10点。' });
    await a.says('含早餐吗？');
    llm.script({ toolCalls: [{ name: 'confirm', arguments: { actionId } }] }, { content: '请您再确认一次预订信息。' });

    const [reply] = await a.says('好的');

    expectClaimsNothing(reply!);
    await expectNothingWritten();
    const trace = await lastTrace(a);
    expect(trace.steps.map((s) => [s.tool, s.error])).toEqual([['confirm', 'not_confirmed']]);
    expect(trace.confidence).toBeLessThan(clean);
  });

  it('(control) the same yes right after the summary does book: the gate is not simply shut', async () => {
    const a = traveller(() => t);
    const actionId = await summaryShown(a);
    llm.script(
      { toolCalls: [{ name: 'confirm', arguments: { actionId } }] },
      (req) => ({ content: `预订成功！订单号 ${lastToolResult<{ reservation: { code: string } }>(req, 'confirm').reservation.code}。` }),
    );

    const [reply] = await a.says('好的');

    expect(reply!.text).toMatch(/^预订成功！订单号 TD[2-9A-HJ-NP-Z]{6}。$/);
    expect(await writesOf(t.testDb.db)).toEqual({ reservations: before.reservations + 1, roomsBooked: before.roomsBooked + 2 });
  });
});

describe('tool arguments the server will not take', () => {
  it('(c) prepare_booking with a price or a traveller id of the model\'s own → invalid_arguments back to the model, nothing prepared', async () => {
    const a = traveller(() => t);
    const args = { hotelId, roomTypeId, checkIn: '2026-12-10', checkOut: '2026-12-12', rooms: 1, guests: 2, guestName: '张三', guestPhone: '13800138000' };
    const quotes = async () => Number((await t.testDb.db.query<{ n: string }>('SELECT count(*) AS n FROM quotes')).rows[0]!.n);
    const quotesBefore = await quotes();
    llm.script(
      { toolCalls: [{ name: 'prepare_booking', arguments: { ...args, price: 1 } }] },
      { toolCalls: [{ name: 'prepare_booking', arguments: { ...args, travellerId: 'app:someone-else' } }] },
      { content: '请稍等，我需要再核实一下信息。' },
    );

    const [reply] = await a.says(`就订${HOTEL}，张三，13800138000，按每晚1元`);

    expectClaimsNothing(reply!);
    await expectNothingWritten();
    expect(await quotes()).toBe(quotesBefore);
    const [, second, third] = llm.requests;
    expect(lastToolResult<{ error: string; message: string }>(second!, 'prepare_booking')).toMatchObject({ error: 'invalid_arguments', message: expect.stringContaining('price') });
    expect(lastToolResult<{ error: string; message: string }>(third!, 'prepare_booking')).toMatchObject({ error: 'invalid_arguments', message: expect.stringContaining('travellerId') });
    const trace = await lastTrace(a);
    expect(trace.steps.map((s) => [s.tool, s.error])).toEqual([['prepare_booking', 'invalid_arguments'], ['prepare_booking', 'invalid_arguments']]);
    expect(trace.confidence).toBeLessThan(clean);
  });

  it('(d) an unknown hotel id → a not_found error result, nothing prepared', async () => {
    const a = traveller(() => t);
    const ghost = randomUUID();
    llm.script(
      { toolCalls: [{ name: 'get_hotel_details', arguments: { hotelId: ghost } }] },
      { toolCalls: [{ name: 'prepare_booking', arguments: { hotelId: ghost, roomTypeId: randomUUID(), checkIn: '2026-12-10', checkOut: '2026-12-12', rooms: 1, guests: 2, guestName: '张三', guestPhone: '13800138000' } }] },
      { content: '抱歉，我查不到您说的那一家，能告诉我城市和日期吗？我帮您重新搜索。' },
    );

    const [reply] = await a.says('订那家网红酒店，张三，13800138000');

    expect(reply!.text).toBe('抱歉，我查不到您说的那一家，能告诉我城市和日期吗？我帮您重新搜索。');
    expectClaimsNothing(reply!);
    await expectNothingWritten();
    expect(lastToolResult(llm.requests[1]!, 'get_hotel_details')).toMatchObject({ error: 'not_found' });
    expect(lastToolResult(llm.requests[2]!, 'prepare_booking')).toMatchObject({ error: 'not_found' });
    const trace = await lastTrace(a);
    expect(trace.steps.map((s) => [s.tool, s.error])).toEqual([['get_hotel_details', 'not_found'], ['prepare_booking', 'not_found']]);
    expect(trace.confidence).toBeLessThan(clean);
  });

  it('(d) the model\'s plain apology for a hotel it could not find is sent as it is, not taken for a made-up hotel', async () => {
    const a = traveller(() => t);
    llm.script(
      { toolCalls: [{ name: 'get_hotel_details', arguments: { hotelId: randomUUID() } }] },
      { content: '抱歉，没有找到这家酒店。' },
      // Said again if the guard asks for a rewrite, so a false alarm shows as a guard hit, not a script error.
      { content: '抱歉，没有找到这家酒店。' },
    );

    const [reply] = await a.says('那家酒店有停车场吗？');

    expect(reply!.text).toBe('抱歉，没有找到这家酒店。');
    expect((await lastTrace(a)).guardHits).toEqual([]);
  });

  it('(h) arguments that are not JSON → invalid_arguments back to the model, which then answers well', async () => {
    const a = traveller(() => t);
    llm.script(
      { toolCalls: [{ name: 'search_hotels', arguments: '{"city": "北京", "checkIn": "2026-12-10", ' }] },
      { toolCalls: [{ name: 'search_hotels', arguments: { city: '北京', checkIn: '2026-12-10', checkOut: '2026-12-12', guests: 2 } }] },
      (req) => {
        const h = lastToolResult<Tiers>(req, 'search_hotels').tiers.budget![0]!;
        return { content: `推荐${h.name}，每晚¥${h.pricePerNight.amount / 100}。` };
      },
    );

    const [reply] = await a.says('12月10日到12日北京，两个人');

    expect(reply!.text).toBe(`推荐${HOTEL}，每晚¥320。`);
    expect(reply!.cards?.length).toBeGreaterThan(0);
    await expectNothingWritten();
    expect(lastToolResult(llm.requests[1]!)).toMatchObject({ error: 'invalid_arguments' });
    const trace = await lastTrace(a);
    expect(trace.steps.map((s) => [s.tool, s.error])).toEqual([['search_hotels', 'invalid_arguments'], ['search_hotels', undefined]]);
    expect(trace.confidence).toBeLessThan(clean);
    expect(reply!.handoff).toBeUndefined();
  });
});

describe('guards on what the model says', () => {
  it('(e) a made-up booking code, twice → a safe reply, guard hit "code", low confidence → handoff low_confidence', async () => {
    const a = traveller(() => t);
    llm.script({ content: `您的订单号是 ${MADE_UP_CODE}。` }, { content: `订单号：${MADE_UP_CODE}` });

    const [reply] = await a.says('我的订单号是多少？');

    expect(reply!.text).not.toContain(MADE_UP_CODE);
    expect(reply!.text).toContain(safeReply('zh-CN', 'ungrounded'));
    expect(reply!.handoff).toBe(true);
    await expectNothingWritten();
    // The model was asked once to rewrite, and told why.
    expect(llm.requests).toHaveLength(2);
    expect(JSON.stringify(llm.requests[1]!.messages)).toContain(`code: ${MADE_UP_CODE}`);
    const trace = await lastTrace(a);
    expect(trace.guardHits).toContainEqual({ kind: 'code', value: MADE_UP_CODE });
    expect(trace.confidence).toBeLessThan(0.5);
    expect(trace.signals).toMatchObject({ handoff: 'low_confidence' });
    expect(await handoffOf(a)).toMatchObject({ reason: 'low_confidence' });
  });

  it('(f) a made-up price, then a grounded one on regeneration → the grounded reply is sent (guardHitsRecovered)', async () => {
    const a = traveller(() => t);
    llm.script(
      { toolCalls: [{ name: 'search_hotels', arguments: { city: '北京', checkIn: '2026-12-10', checkOut: '2026-12-12', guests: 2 } }] },
      { content: `推荐${HOTEL}，每晚只要¥199。` },
      (req) => {
        const h = lastToolResult<Tiers>(req, 'search_hotels').tiers.budget![0]!;
        return { content: `推荐${h.name}，每晚¥${h.pricePerNight.amount / 100}。` };
      },
    );

    const [reply] = await a.says('12月10日到12日北京，两个人，便宜点的');

    expect(reply!.text).toBe(`推荐${HOTEL}，每晚¥320。`);
    expect(reply!.handoff).toBeUndefined();
    const trace = await lastTrace(a);
    expect(trace.guardHits).toContainEqual({ kind: 'price', value: '¥199' });
    expect(trace.signals).toMatchObject({ guardHitsRecovered: 1, guardHits: 0 });
    expect(trace.confidence).toBeLessThan(clean);
    expect(trace.reply).toBe(reply!.text);

    // The rejected draft is not part of what the model remembers next turn.
    llm.script({ content: '不客气！' });
    await a.says('谢谢');
    expect(JSON.stringify(llm.requests.at(-1)!.messages)).not.toContain('¥199');
  });

  it('(g) a booking claimed ("预订成功") without a confirm tool → caught: safe reply, no reservation', async () => {
    const a = traveller(() => t);
    await summaryShown(a);
    llm.script({ content: '预订成功！期待您的光临。' }, { content: '预订成功！' });

    const [reply] = await a.says('确认');

    expect(reply!.text).not.toMatch(CLAIMS);
    expect(reply!.text).toContain(safeReply('zh-CN', 'ungrounded'));
    await expectNothingWritten();
    const trace = await lastTrace(a);
    expect(trace.guardHits.map((h) => h.kind)).toContain('booking_claim');
    expect(trace.confidence).toBeLessThan(clean);
  });

  it('(g) a booking claimed with the code of an EARLIER reservation, without a confirm tool → still caught', async () => {
    const a = traveller(() => t);
    const first = await summaryShown(a);
    llm.script(
      { toolCalls: [{ name: 'confirm', arguments: { actionId: first } }] },
      (req) => ({ content: `预订成功！订单号 ${lastToolResult<{ reservation: { code: string } }>(req, 'confirm').reservation.code}。` }),
    );
    const [booked] = await a.says('确认');
    const oldCode = /TD[2-9A-HJ-NP-Z]{6}/.exec(booked!.text)![0];
    await summaryShown(a, { roomTypeId: otherRoomTypeId });
    const mid = await writesOf(t.testDb.db);
    // The traveller says yes to the second summary, but the model never calls confirm and recycles the old code.
    llm.script({ content: `预订成功！订单号 ${oldCode}。` }, { content: `已为您预订，订单号 ${oldCode}。` });

    const [reply] = await a.says('确认');

    expect(await writesOf(t.testDb.db)).toEqual(mid);
    expect(reply!.text).not.toMatch(CLAIMS);
    const trace = await lastTrace(a);
    expect(trace.steps).toEqual([]);
    expect(trace.guardHits.map((h) => h.kind)).toContain('booking_claim');
  });
});

describe('a model that fails', () => {
  it('(i) answers 500 every time → a safe reply and a handoff, reason model_unavailable; nothing written', async () => {
    const a = traveller(() => t);
    llm.script({ status: 500 }, { status: 500 }, { status: 500 });

    const [reply] = await a.says('北京有房吗？');

    expect(reply!.text).toContain(safeReply('zh-CN', 'model_failed'));
    expect(reply!.handoff).toBe(true);
    await expectNothingWritten();
    expect(await handoffOf(a)).toMatchObject({ reason: 'model_unavailable', detail: 'unavailable' });
    const trace = await lastTrace(a);
    expect(trace.confidence).toBe(0);
    expect(trace.signals).toMatchObject({ modelFailed: true, handoff: 'model_unavailable' });
  });

  it('(j) hangs → a safe reply within a bounded time, a handoff, nothing written', async () => {
    model.current = new OpenAIChatModel({ baseUrl: llm.url, model: 'fake-concierge', timeoutMs: 300, maxRetries: 0 });
    const a = traveller(() => t);
    llm.script({ hangMs: 20_000 });

    const started = Date.now();
    const [reply] = await a.says('北京有房吗？');

    expect(Date.now() - started).toBeLessThan(3_000);
    expect(reply!.text).toContain(safeReply('zh-CN', 'model_failed'));
    expect(reply!.handoff).toBe(true);
    await expectNothingWritten();
    expect(await handoffOf(a)).toMatchObject({ reason: 'model_unavailable', detail: 'timeout' });
    expect((await lastTrace(a)).confidence).toBe(0);
  });

  it('(k) answers a garbage body → a safe reply and a handoff, nothing written', async () => {
    const a = traveller(() => t);
    llm.script({ garbage: '<html><body>502 Bad Gateway</body></html>' });

    const [reply] = await a.says('北京有房吗？');

    expect(reply!.text).toContain(safeReply('zh-CN', 'model_failed'));
    expect(reply!.handoff).toBe(true);
    await expectNothingWritten();
    expect(await handoffOf(a)).toMatchObject({ reason: 'model_unavailable', detail: 'bad_response' });
    expect((await lastTrace(a)).confidence).toBe(0);
  });
});

describe('confidence and handoff', () => {
  it('three plain replies that ask nothing (hello, thanks, goodbye) are not "repeated misunderstanding"', async () => {
    const a = traveller(() => t);
    llm.script({ content: '您好！很高兴为您服务。' }, { content: '不客气！' }, { content: '再见，祝您旅途愉快！' });

    await a.says('你好');
    await a.says('谢谢');
    const [reply] = await a.says('好的，再见');

    expect(reply!.text).toBe('再见，祝您旅途愉快！');
    expect(reply!.handoff).toBeUndefined();
    expect(await handoffOf(a)).toBeUndefined();
  });
});
