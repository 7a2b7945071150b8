// The evaluation with models: an OpenAI-compatible concierge (LLM_BASE_URL) and a model that plays the traveller,
// both local fake servers speaking the chat-completions protocol.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastToolResult, lastUserText } from '../support/conversation.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';
import { openEnvironment, type Environment } from './environment.ts';
import { scenarios } from './scenarios/index.ts';
import { runSuite } from './suite.ts';
import { DONE, travellerModelConfig } from './traveller/model.ts';

const SMALL = { beijingLimit: 0, nights: 30 };
const scenario = scenarios.find((s) => s.id === 'zh-book-comfort-shanghai')!;
const dbEnv = { DATABASE_URL: process.env.DATABASE_URL };

type Money = { amount: number };
type Hit = { hotelId: string; roomTypeId: string; name: string; pricePerNight: Money; total: Money };
const yuan = (m: Money) => `¥${(m.amount / 100).toLocaleString('en-US')}`;

let llm: FakeLlm;
let traveller: FakeLlm;
let env: Environment;
beforeAll(async () => {
  [llm, traveller] = await Promise.all([startFakeLlm(), startFakeLlm()]);
  env = await openEnvironment({ env: { ...dbEnv, LLM_BASE_URL: llm.url, LLM_MODEL: 'fake-concierge', LLM_API_KEY: 'sk-eval' }, ...SMALL });
}, 120_000);
afterAll(async () => {
  await env?.close();
  await llm?.close();
  await traveller?.close();
});

/** The concierge's side of one booking of the comfort hotel in Shanghai, 8–10 December, as a model would call the tools. */
function scriptConcierge(): void {
  const comfort = (req: Parameters<typeof lastToolResult>[0]) => lastToolResult<{ tiers: Record<string, Hit[]> }>(req, 'search_hotels').tiers.comfort![0]!;
  llm.script(
    // The traveller asks for Shanghai, 8–10 December, two people.
    { toolCalls: [{ name: 'search_hotels', arguments: { city: '上海', checkIn: '2026-12-08', checkOut: '2026-12-10', guests: 2 } }] },
    (req) => {
      const h = comfort(req);
      return { content: `为您找到：舒适型 ${h.name}，${yuan(h.pricePerNight)}/晚，共${yuan(h.total)}。` };
    },
    // "订舒适型那家"
    { content: '好的，请告诉我入住人姓名和手机号。' },
    // The name and phone.
    (req) => {
      const h = comfort(req);
      return { toolCalls: [{ name: 'prepare_booking', arguments: { hotelId: h.hotelId, roomTypeId: h.roomTypeId, checkIn: '2026-12-08', checkOut: '2026-12-10', rooms: 1, guests: 2, guestName: '张三', guestPhone: '13800138000' } }] };
    },
    (req) => {
      const q = lastToolResult<{ quote: { hotelName: string; total: Money } }>(req, 'prepare_booking').quote;
      return { content: `请确认：${q.hotelName}，12月8日至10日，合计${yuan(q.total)}。` };
    },
    // The yes.
    (req) => ({ toolCalls: [{ name: 'confirm', arguments: { actionId: lastToolResult<{ actionId: string }>(req, 'prepare_booking').actionId } }] }),
    (req) => ({ content: `已为您预订好，订单号 ${lastToolResult<{ reservation: { code: string } }>(req, 'confirm').reservation.code}。` }),
  );
}

describe('an OpenAI-compatible model as the concierge (LLM_BASE_URL)', () => {
  it("books through the model's tool calls, judged by the database, and names the model in the report", async () => {
    llm.reset();
    scriptConcierge();
    const report = await runSuite(env, [scenario], { k: 1, concurrency: 1, seed: 0, traveller: { kind: 'scripted' } });
    const [s] = report.scenarios;
    expect(s!.trials[0]!.failures).toEqual([]);
    expect(s!.summary).toMatchObject({ pass1: 1, passK: 1, handoffRate: 0, turns: 4 });
    expect(s!.trials[0]!.reservations).toEqual([expect.objectContaining({ city: '上海', tier: 'comfort', checkIn: '2026-12-08', checkOut: '2026-12-10', rooms: 1, status: 'confirmed' })]);
    expect(report.concierge).toEqual({ model: 'fake-concierge', kind: 'openai-compatible', baseUrl: llm.url });
    expect(llm.pending).toBe(0);
    expect(llm.requests).toHaveLength(7);
    expect(llm.requests[0]!.model).toBe('fake-concierge');
    expect(llm.requests[0]!.messages[0]).toMatchObject({ role: 'system' });
    expect(String(llm.requests[0]!.messages[0]!.content)).toContain('Today is 2026-12-01');
  });
});

describe('a model playing the traveller from the goal', () => {
  it("reads the goal and the concierge's replies (cards and buttons), books, and stops when it says it is done", async () => {
    llm.reset();
    scriptConcierge();
    traveller.script(
      { content: '你好，我想12月8日到10日在上海住两晚，我们两个人' },
      (req) => ({ content: /\[comfort\]/.test(lastUserText(req)) ? '订舒适型那家' : '你们有什么推荐？' }),
      { content: '张三，13800138000' },
      (req) => ({ content: /\[buttons: 确认预订 \| 先不订\]/.test(lastUserText(req)) ? '确认' : '嗯？' }),
      (req) => ({ content: /订单号/.test(lastUserText(req)) ? DONE : '订好了吗？' }),
    );
    const config = travellerModelConfig({ EVAL_TRAVELLER_BASE_URL: traveller.url, EVAL_TRAVELLER_MODEL: 'fake-traveller' })!;
    const report = await runSuite(env, [scenario], { k: 1, concurrency: 1, seed: 0, traveller: { kind: 'model', config } });
    const trial = report.scenarios[0]!.trials[0]!;
    expect(trial.failures).toEqual([]);
    expect(trial).toMatchObject({ passed: true, ended: 'goal', turns: 4 });
    expect(report.traveller).toEqual({ kind: 'model', model: 'fake-traveller' });
    expect(traveller.requests).toHaveLength(5);
    const first = traveller.requests[0]!;
    expect(first.model).toBe('fake-traveller');
    expect(String(first.messages[0]!.content)).toContain(scenario.goal);
    // The traveller's own messages come back to it as its side of the chat.
    expect(traveller.requests[4]!.messages.filter((m) => m.role === 'assistant').map((m) => m.content)).toEqual(['你好，我想12月8日到10日在上海住两晚，我们两个人', '订舒适型那家', '张三，13800138000', '确认']);
  });
});
