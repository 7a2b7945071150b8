// Each provider quirk the OpenAI-compatible model tolerates, through the whole app channel: the traveller gets the
// same three cards and a grounded answer whichever way the provider phrased its tool calls.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { conversationTraces, type Reply } from '../../src/bot/index.ts';
import { OpenAIChatModel, type OpenAIChatModelOptions } from '../../src/model/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { aHotel, aRoomType, aTenant } from '../support/builders.ts';
import { lastToolResult, traveller, type Traveller } from '../support/conversation.ts';
import { startFakeLlm, type FakeLlm, type FakeReply } from '../support/fake-llm.ts';
import { SwitchableModel } from '../support/switchable-model.ts';

let t: TestApp;
/** An ordinary provider. */
let llm: FakeLlm;
/** A gateway that answers 400 to any request carrying `tool_choice`. */
let noToolChoice: FakeLlm;
let model: SwitchableModel;
const hotels: Record<string, string> = {};

type Tiers = { tiers: Record<string, Array<{ hotelId: string; name: string; pricePerNight: { amount: number } }>> };
type Details = { name: string; amenities: string[] };

const SEARCH = { city: '北京', checkIn: '2026-12-10', checkOut: '2026-12-12', guests: 2, budgetMax: 800 };
const ASK = '我想12月10日到12日在北京住两晚，两个人，每晚800以内';
const BUDGET = '如家快捷酒店(王府井店)';

const over = (fake: FakeLlm, options: Partial<OpenAIChatModelOptions> = {}) =>
  new OpenAIChatModel({ baseUrl: fake.url, model: 'fake-quirks', timeoutMs: 5_000, maxRetries: 0, ...options });

/** The model's answer after a search: one line per tier, from the tool result only. */
const tiersAnswer = (req: ChatCompletionCreateParams): FakeReply => {
  const r = lastToolResult<Tiers>(req, 'search_hotels');
  const line = (tier: string) => { const h = r.tiers[tier]![0]!; return `${h.name} ¥${h.pricePerNight.amount / 100}/晚`; };
  return { content: `为您找到：${line('budget')}；${line('comfort')}；${line('luxury')}` };
};

beforeAll(async () => {
  llm = await startFakeLlm();
  noToolChoice = await startFakeLlm({ rejectToolChoice: true });
  model = new SwitchableModel(over(llm));
  t = await startTestApp({ model });
  const db = t.testDb.db;
  const tenantId = await aTenant(db, '京华酒店集团');
  const spec = [['budget', BUDGET, 32_000], ['comfort', '京伦饭店', 56_000], ['luxury', '北京王府半岛酒店', 78_000]] as const;
  for (const [tier, name, price] of spec) {
    hotels[tier] = await aHotel(db, { tenantId, city: '北京', tier, name, amenities: ['wifi', 'breakfast'] });
    await aRoomType(db, { hotelId: hotels[tier]!, from: '2026-12-01', nights: 40, price, capacity: 2 });
  }
}, 60_000);
afterAll(async () => {
  await t?.close();
  await llm?.close();
  await noToolChoice?.close();
});
beforeEach(() => {
  llm.reset();
  noToolChoice.reset();
  model.current = over(llm);
});

/** The reply a traveller gets to the Beijing search: three cards, and the model's grounded lines. */
function expectThreeTiers(reply: Reply | undefined): void {
  expect(reply!.cards?.map((c) => [c.tier, c.name])).toEqual([['budget', BUDGET], ['comfort', '京伦饭店'], ['luxury', '北京王府半岛酒店']]);
  expect(reply!.text).toBe(`为您找到：${BUDGET} ¥320/晚；京伦饭店 ¥560/晚；北京王府半岛酒店 ¥780/晚`);
  expect(reply!.handoff).toBeUndefined();
}

async function stepsOf(a: Traveller) {
  const traces = await conversationTraces(t.testDb.db, a.conversationId!);
  return traces.at(-1)!.steps;
}

/** Tool calls and their results in `req` pair up by id, each id present and unique. */
function expectPairedIds(req: ChatCompletionCreateParams, names: string[]): void {
  const calls = req.messages.flatMap((m) => (m.role === 'assistant' && m.tool_calls ? m.tool_calls : []));
  const results = req.messages.filter((m) => m.role === 'tool').map((m) => (m as { tool_call_id: string }).tool_call_id);
  expect(calls.map((c) => ('function' in c ? c.function.name : ''))).toEqual(names);
  const ids = calls.map((c) => c.id);
  expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
  expect(new Set(ids).size).toBe(ids.length);
  expect(results).toEqual(ids);
}

describe('streaming', () => {
  it('a streamed answer whose tool call arrives in argument deltas gives the three cards', async () => {
    model.current = over(llm, { stream: true });
    llm.script({ toolCalls: [{ name: 'search_hotels', arguments: SEARCH }] }, tiersAnswer);
    const a = traveller(() => t);

    const [reply] = await a.says(ASK);

    expectThreeTiers(reply);
    expect(llm.requests.map((r) => r.stream)).toEqual([true, true]);
    const steps = await stepsOf(a);
    expect(steps.map((s) => [s.tool, s.error])).toEqual([['search_hotels', undefined]]);
    expect(JSON.parse(steps[0]!.arguments)).toEqual(SEARCH);
  });

  it('a streamed answer with two tool calls and no ids runs both, each result paired with its call', async () => {
    model.current = over(llm, { stream: true });
    llm.script(
      { toolCalls: [{ name: 'search_hotels', arguments: SEARCH, id: null }, { name: 'get_hotel_details', arguments: { hotelId: hotels.budget }, id: null }] },
      tiersAnswer,
    );
    const a = traveller(() => t);

    const [reply] = await a.says(ASK);

    expectThreeTiers(reply);
    expectPairedIds(llm.requests[1]!, ['search_hotels', 'get_hotel_details']);
    expect((await stepsOf(a)).map((s) => [s.tool, s.error])).toEqual([['search_hotels', undefined], ['get_hotel_details', undefined]]);
  });

  it('a streamed answer with its tool call written as tagged text is still a tool call', async () => {
    model.current = over(llm, { stream: true });
    llm.script({ toolCalls: [{ name: 'search_hotels', arguments: SEARCH }], toolCallsAsText: 'tagged' }, tiersAnswer);
    const a = traveller(() => t);

    const [reply] = await a.says(ASK);

    expectThreeTiers(reply);
    expect(reply!.text).not.toContain('tool_call');
  });
});

describe('answers that are not shaped like OpenAI\'s', () => {
  it('content: null beside tool_calls', async () => {
    llm.script({ content: null, toolCalls: [{ name: 'search_hotels', arguments: SEARCH }] }, tiersAnswer);
    const a = traveller(() => t);

    const [reply] = await a.says(ASK);

    expectThreeTiers(reply);
    expect((await stepsOf(a)).map((s) => s.tool)).toEqual(['search_hotels']);
  });

  it('several tool calls in one answer (search_hotels and get_hotel_details) run in order, each answered', async () => {
    llm.script(
      { toolCalls: [{ name: 'search_hotels', arguments: SEARCH }, { name: 'get_hotel_details', arguments: { hotelId: hotels.budget } }] },
      (req) => {
        const d = lastToolResult<Details>(req, 'get_hotel_details');
        const first = tiersAnswer(req).content!;
        return { content: `${first}。${d.name}${d.amenities.includes('早餐') ? '含早餐' : '不含早餐'}。` };
      },
    );
    const a = traveller(() => t);

    const [reply] = await a.says(`${ASK}，经济型的有早餐吗`);

    expect(reply!.cards).toHaveLength(3);
    expect(reply!.text).toBe(`为您找到：${BUDGET} ¥320/晚；京伦饭店 ¥560/晚；北京王府半岛酒店 ¥780/晚。${BUDGET}含早餐。`);
    expectPairedIds(llm.requests[1]!, ['search_hotels', 'get_hotel_details']);
    expect((await stepsOf(a)).map((s) => [s.tool, s.error])).toEqual([['search_hotels', undefined], ['get_hotel_details', undefined]]);
  });

  it('a provider that rejects tool_choice is never sent one', async () => {
    model.current = over(noToolChoice);
    noToolChoice.script({ toolCalls: [{ name: 'search_hotels', arguments: SEARCH }] }, tiersAnswer);
    const a = traveller(() => t);

    const [reply] = await a.says(ASK);

    expectThreeTiers(reply);
    expect(noToolChoice.requests).toHaveLength(2);
    expect(noToolChoice.requests.filter((r) => 'tool_choice' in r)).toEqual([]);
    expect(noToolChoice.requests[0]!.tools?.length).toBeGreaterThan(0);
  });

  for (const style of ['tagged', 'hunyuan', 'bare'] as const) {
    it(`tool calls returned as text (${style}) are run as tool calls, and none of the markup reaches the traveller`, async () => {
      llm.script({ toolCalls: [{ name: 'search_hotels', arguments: SEARCH }], toolCallsAsText: style }, tiersAnswer);
      const a = traveller(() => t);

      const [reply] = await a.says(ASK);

      expectThreeTiers(reply);
      expect((await stepsOf(a)).map((s) => [s.tool, s.error])).toEqual([['search_hotels', undefined]]);
      expectPairedIds(llm.requests[1]!, ['search_hotels']);
    });
  }

  it('a tool call without an id gets one, and its result answers that id', async () => {
    llm.script({ toolCalls: [{ name: 'search_hotels', arguments: SEARCH, id: null }] }, tiersAnswer);
    const a = traveller(() => t);

    const [reply] = await a.says(ASK);

    expectThreeTiers(reply);
    expectPairedIds(llm.requests[1]!, ['search_hotels']);
  });

  it('two tool calls without ids get two different ids', async () => {
    llm.script(
      { toolCalls: [{ name: 'search_hotels', arguments: SEARCH, id: null }, { name: 'get_hotel_details', arguments: { hotelId: hotels.comfort }, id: null }] },
      tiersAnswer,
    );
    const a = traveller(() => t);

    const [reply] = await a.says(ASK);

    expectThreeTiers(reply);
    expectPairedIds(llm.requests[1]!, ['search_hotels', 'get_hotel_details']);
  });
});
