// The model times out, fails, talks garbage or stalls: every turn still ends in a safe reply or a handoff, in bounded
// time, and writes nothing but its transcript and trace.
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { safeReply } from '../../flows/texts.ts';
import type { Reply } from '../../src/bot/index.ts';
import { OpenAIChatModel } from '../../src/model/index.ts';
import { startTestApp, TEST_APP_KEY, type TestApp } from '../support/app.ts';
import { aHotel, aRoomType, aTenant } from '../support/builders.ts';
import { startFakeLlm, type FakeLlm, type FakeStep } from '../support/fake-llm.ts';
import { SwitchableModel } from '../support/switchable-model.ts';

/** The model's configured timeout and retries: every bound below is derived from them. */
const TIMEOUT_MS = 600;
const MAX_RETRIES = 1;
/** The SDK's longest backoff before retry n (0.5 s doubling; jitter only shortens it). */
const BACKOFF_MS = Array.from({ length: MAX_RETRIES }, (_, n) => 500 * 2 ** n).reduce((a, b) => a + b, 0);
/** One model call at worst: every attempt times out, with the backoffs between them. */
const CALL_BOUND_MS = (MAX_RETRIES + 1) * TIMEOUT_MS + BACKOFF_MS;
/** The agent loop's model calls per turn at most (its default). */
const MAX_STEPS = 8;

let t: TestApp;
let llm: FakeLlm;
let plain: OpenAIChatModel;
let streaming: OpenAIChatModel;
let model: SwitchableModel;
let tenantId: string;

beforeAll(async () => {
  llm = await startFakeLlm();
  plain = new OpenAIChatModel({ baseUrl: llm.url, model: 'fake-faults', timeoutMs: TIMEOUT_MS, maxRetries: MAX_RETRIES });
  streaming = new OpenAIChatModel({ baseUrl: llm.url, model: 'fake-faults', timeoutMs: TIMEOUT_MS, maxRetries: MAX_RETRIES, stream: true });
  model = new SwitchableModel(plain);
  t = await startTestApp({ model });
  tenantId = await aTenant(t.testDb.db);
  const hotelId = await aHotel(t.testDb.db, { tenantId, city: '北京' });
  await aRoomType(t.testDb.db, { hotelId, from: '2026-12-10', nights: 10 });
}, 60_000);
afterEach(() => {
  llm.reset();
  model.current = plain;
});
afterAll(async () => {
  await t?.close();
  await llm?.close();
});

async function count(table: string): Promise<number> {
  const { rows } = await t.testDb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]!.n;
}

let users = 0;
/** One turn of a new traveller; resolves to the replies, how long it took, and what it wrote. */
async function turn(text: string): Promise<{ replies: Reply[]; ms: number; conversationId: string; written: Record<string, number> }> {
  const tables = ['quotes', 'reservations', 'idempotency_keys'];
  const before = await Promise.all(tables.map(count));
  const started = performance.now();
  const r = await request(t.app).post('/v1/app/messages').set('Authorization', `Bearer ${TEST_APP_KEY}`)
    .send({ userId: `fault-${++users}`, text, tenantId });
  const ms = performance.now() - started;
  expect(r.status, r.text).toBe(200);
  const after = await Promise.all(tables.map(count));
  return {
    replies: r.body.replies as Reply[], ms, conversationId: r.body.conversationId as string,
    written: Object.fromEntries(tables.map((name, i) => [name, after[i]! - before[i]!])),
  };
}

/** Only the transcript and the trace of the turn, and no pending action in its state. */
async function expectNothingWritten(res: Awaited<ReturnType<typeof turn>>): Promise<void> {
  expect(res.written).toEqual({ quotes: 0, reservations: 0, idempotency_keys: 0 });
  const msgs = await t.testDb.db.query<{ direction: string }>('SELECT direction FROM messages WHERE conversation_id = $1 ORDER BY seq', [res.conversationId]);
  expect(msgs.rows.map((m) => m.direction)).toEqual(['in', 'out']);
  const traces = await t.testDb.db.query<{ outcome: string }>('SELECT outcome FROM turn_traces WHERE conversation_id = $1', [res.conversationId]);
  expect(traces.rows).toHaveLength(1);
  expect(traces.rows[0]!.outcome).not.toBe('wrote');
  const state = await t.testDb.db.query<{ value: unknown }>('SELECT value FROM bot_state WHERE key LIKE $1', [`%${res.conversationId}%`]);
  expect(JSON.stringify(state.rows.map((r) => r.value))).not.toContain('"pending":{');
}

/** A failed model: the traveller is told so and handed to a person. */
function expectHandedOver(replies: Reply[]): void {
  expect(replies).toHaveLength(1);
  expect(replies[0]!.handoff).toBe(true);
  expect(replies[0]!.text).toContain(safeReply('zh-CN', 'model_failed'));
  expect(replies[0]!.cards).toBeUndefined();
}

const times = (n: number, step: FakeStep): FakeStep[] => Array.from({ length: n }, () => step);

describe('the model endpoint fails', () => {
  it('times out on every attempt: a handoff within the timeouts', async () => {
    llm.script(...times(MAX_RETRIES + 1, { hangMs: 30_000 }));
    const res = await turn('明天北京有房吗');
    expectHandedOver(res.replies);
    expect(res.ms).toBeLessThan(2 * CALL_BOUND_MS);
    expect(llm.requests).toHaveLength(MAX_RETRIES + 1);
    await expectNothingWritten(res);
  });

  it('answers 500 on every attempt: a handoff', async () => {
    llm.script(...times(MAX_RETRIES + 1, { status: 500 }));
    const res = await turn('明天北京有房吗');
    expectHandedOver(res.replies);
    expect(res.ms).toBeLessThan(2 * CALL_BOUND_MS);
    await expectNothingWritten(res);
  });

  it('answers something that is not JSON: a handoff, garbage never shown', async () => {
    llm.script({ garbage: '<html><body>502 Bad Gateway</body></html>', contentType: 'text/html' });
    const res = await turn('明天北京有房吗');
    expectHandedOver(res.replies);
    expect(res.replies[0]!.text).not.toContain('Bad Gateway');
    expect(res.ms).toBeLessThan(2 * CALL_BOUND_MS);
    await expectNothingWritten(res);
  });

  it('answers JSON of the wrong shape: a handoff', async () => {
    llm.script({ garbage: '{"choices":"none","error":null}' });
    const res = await turn('明天北京有房吗');
    expectHandedOver(res.replies);
    await expectNothingWritten(res);
  });

  it('answers with neither text nor tool calls: a handoff', async () => {
    llm.script({ content: '' });
    const res = await turn('明天北京有房吗');
    expectHandedOver(res.replies);
    await expectNothingWritten(res);
  });
});

describe('the model misbehaves', () => {
  it('calls a tool that does not exist, again and again: a safe reply after the step limit', async () => {
    llm.script(...times(MAX_STEPS + 2, { toolCalls: [{ name: 'book_everything_now', arguments: { rooms: 99 } }] }));
    const res = await turn('帮我订房');
    expect(res.replies).toHaveLength(1);
    const r = res.replies[0]!;
    expect(r.handoff === true || r.text === safeReply('zh-CN', 'too_many_steps')).toBe(true);
    expect(r.text).toContain(safeReply('zh-CN', 'too_many_steps'));
    expect(llm.requests).toHaveLength(MAX_STEPS);
    expect(res.ms).toBeLessThan(2 * MAX_STEPS * CALL_BOUND_MS);
    await expectNothingWritten(res);
    const trace = await t.testDb.db.query<{ steps: Array<{ tool: string; error?: string }> }>('SELECT steps FROM turn_traces WHERE conversation_id = $1', [res.conversationId]);
    expect(trace.rows[0]!.steps.every((s) => s.error === 'unknown_tool')).toBe(true);
  });

  it('calls a read tool endlessly: the loop stops at its step limit', async () => {
    llm.script(...times(MAX_STEPS + 2, { toolCalls: [{ name: 'find_bookings', arguments: {} }] }));
    const res = await turn('我的订单');
    expect(res.replies).toHaveLength(1);
    expect(res.replies[0]!.text).toContain(safeReply('zh-CN', 'too_many_steps'));
    expect(llm.requests).toHaveLength(MAX_STEPS);
    await expectNothingWritten(res);
  });

  it('sends tool arguments that are not JSON, then gives up: nothing is run with them', async () => {
    llm.script(...times(MAX_STEPS + 2, { toolCalls: [{ name: 'prepare_booking', arguments: '{"hotelId": "x", rooms: ' }] }));
    const res = await turn('订房');
    expect(res.replies[0]!.text).toContain(safeReply('zh-CN', 'too_many_steps'));
    await expectNothingWritten(res);
  });
});

describe('the model is slow', () => {
  it('a stream that stalls past the timeout: a handoff within the timeouts', async () => {
    model.current = streaming;
    llm.script({ content: '北京明天有以下酒店……', stallMs: 30_000 });
    const res = await turn('明天北京有房吗');
    expectHandedOver(res.replies);
    expect(res.ms).toBeLessThan(2 * CALL_BOUND_MS);
    await expectNothingWritten(res);
  });

  it('an answer slower than usual but within the timeout is used as it is', async () => {
    llm.script({ hangMs: Math.round(TIMEOUT_MS / 3) }); // answers '(late)'
    const res = await turn('你好');
    expect(res.replies[0]).toMatchObject({ type: 'message', text: '(late)' });
    expect(res.replies[0]!.handoff).toBeUndefined();
  });
});
