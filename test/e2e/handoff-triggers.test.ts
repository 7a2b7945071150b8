// What sends a conversation to a person besides asking: low confidence (guards, logprobs) and the group-booking rule.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { conversationTraces } from '../../src/bot/index.ts';
import { OpenAIChatModel } from '../../src/model/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { aHotel, aRoomType, aTenant } from '../support/builders.ts';
import { traveller, type Traveller } from '../support/conversation.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';
import { SwitchableModel } from '../support/switchable-model.ts';

let t: TestApp;
let llm: FakeLlm;
let plain: OpenAIChatModel;
let withLogprobs: OpenAIChatModel;
let model: SwitchableModel;

beforeAll(async () => {
  llm = await startFakeLlm();
  plain = new OpenAIChatModel({ baseUrl: llm.url, model: 'fake-concierge', maxRetries: 0 });
  withLogprobs = new OpenAIChatModel({ baseUrl: llm.url, model: 'fake-concierge', maxRetries: 0, logprobs: true });
  model = new SwitchableModel(plain);
  t = await startTestApp({ model });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await llm?.close();
});
beforeEach(() => {
  llm.reset();
  model.current = plain;
});

async function handoffOf(a: Traveller) {
  const { rows } = await t.testDb.db.query<{ reason: string; detail: string | null; confidence: number; status: string }>(
    'SELECT reason, detail, confidence, status FROM handoffs WHERE conversation_id = $1', [a.conversationId]);
  return rows[0];
}

describe('low confidence hands off with the score', () => {
  it('a reply that states an unknown hotel and price even after the correction: low_confidence, the turn\'s score', async () => {
    const a = traveller(t);
    const draft = { content: '推荐您入住北京长城大酒店，每晚只要¥388。' };
    llm.script(draft, draft);
    const [reply] = await a.says('北京哪家酒店好？');
    expect(reply!.handoff).toBe(true);
    expect(reply!.text).not.toContain('388');
    const h = await handoffOf(a);
    const trace = (await conversationTraces(t.testDb.db, a.conversationId!)).at(-1)!;
    expect(h).toMatchObject({ reason: 'low_confidence', status: 'queued' });
    expect(h!.confidence).toBeCloseTo(trace.confidence, 5);
    expect(h!.confidence).toBeLessThan(0.5);
    expect(h!.detail).toContain('price');
    const { rows } = await t.testDb.db.query<{ kind: string; detail: { confidence: number } }>(
      `SELECT e.kind, e.detail FROM handoff_events e JOIN handoffs h ON h.id = e.handoff_id WHERE h.conversation_id = $1`, [a.conversationId]);
    expect(rows).toEqual([{ kind: 'open', detail: expect.objectContaining({ confidence: h!.confidence }) }]);
  });

  it('a provider\'s low token log-probabilities: low_confidence, the score from them', async () => {
    model.current = withLogprobs;
    const a = traveller(t);
    llm.script({ content: '您好，我可以帮您查酒店。', logprobs: [-2.2, -1.9, -2.4, -2.1] });
    const [reply] = await a.says('嗯那个就是想问问');
    expect(reply!.handoff).toBe(true);
    const h = await handoffOf(a);
    expect(h!.reason).toBe('low_confidence');
    expect(h!.confidence).toBeCloseTo(Math.exp(-2.15), 2);
  });

  it('a confident answer stays with the bot', async () => {
    model.current = withLogprobs;
    const a = traveller(t);
    llm.script({ content: '您好，请问您想去哪个城市？', logprobs: [-0.01, -0.02] });
    const [reply] = await a.says('你好');
    expect(reply!.handoff).toBeUndefined();
    expect(await handoffOf(a)).toBeUndefined();
  });
});

describe('the operator\'s group-booking rule', () => {
  let tenantId: string;
  let hotelId: string;
  let roomTypeId: string;

  beforeAll(async () => {
    tenantId = await aTenant(t.testDb.db);
    hotelId = await aHotel(t.testDb.db, { tenantId, name: '京伦饭店' });
    roomTypeId = await aRoomType(t.testDb.db, { hotelId, from: '2026-12-01', allotment: 20 });
  });

  const prepare = (rooms: number) => ({
    toolCalls: [{ name: 'prepare_booking', arguments: { hotelId, roomTypeId, checkIn: '2026-12-10', checkOut: '2026-12-12', rooms, guests: rooms * 2, guestName: '张三', guestPhone: '13800138000' } }],
  });
  const quotes = async () => (await t.testDb.db.query('SELECT 1 FROM quotes')).rowCount;

  it('more rooms than the tenant\'s limit (default 5): no quote, the conversation goes to a person as group_booking', async () => {
    const a = traveller(t);
    const before = await quotes();
    llm.script(prepare(6), { content: '好的，团队预订由同事为您安排。' });
    const [reply] = await a.says('帮我订6间房，12月10日到12日');
    expect(reply!.handoff).toBe(true);
    expect(reply!.actions).toBeUndefined();
    expect(await quotes()).toBe(before);
    const h = await handoffOf(a);
    expect(h).toMatchObject({ reason: 'group_booking', status: 'queued' });
    expect(h!.detail).toBe('6 rooms at 京伦饭店, 2026-12-10 to 2026-12-12');
    expect(JSON.parse(String(llm.requests.at(-1)!.messages.at(-1)!.content))).toMatchObject({ handedOff: true });
  });

  it('up to the limit, and beyond it where the tenant allows more, the bot quotes as usual', async () => {
    await t.testDb.db.query('INSERT INTO handoff_settings (tenant_id, group_rooms_over) VALUES ($1, 8)', [tenantId]);
    for (const rooms of [5, 8]) {
      const a = traveller(t);
      llm.script(prepare(rooms), { content: '请确认预订信息。' });
      const [reply] = await a.says(`帮我订${rooms}间房`);
      expect(reply!.handoff).toBeUndefined();
      expect(reply!.actions?.length).toBe(2);
      expect(await handoffOf(a)).toBeUndefined();
    }
  });
});
