// How the export rebuilds and masks one conversation, from traces made by hand: grouped tool calls, refused calls,
// failed turns, corrections, and names and numbers written several ways.
import { describe, expect, it } from 'vitest';
import type { TurnTrace } from '../../src/bot/index.ts';
import { guestNames, leaveOutReason, Masker } from '../../src/review/index.ts';
import { rebuildTurns, systemPromptOf } from '../../src/review/export/rebuild.ts';

let n = 0;
function aTrace(t: Partial<TurnTrace> & { user: string; steps?: TurnTrace['steps'] }): TurnTrace {
  n++;
  return {
    id: `trace-${n}`, messageId: `in-${n}`, model: 'hosted', input: t.input ?? [{ role: 'system', content: 'You are the concierge.' }, { role: 'user', content: t.user }],
    steps: t.steps ?? [], reply: t.reply ?? `reply ${n}`, confidence: 0.9, signals: {}, guardHits: [], outcome: t.outcome ?? 'answered',
    latencyMs: 1, modelMs: 1, promptTokens: 0, completionTokens: 0, createdAt: '2026-12-01T02:00:00.000Z',
  };
}
const step = (tool: string, args: unknown, result: unknown, error?: string) => ({ tool, arguments: typeof args === 'string' ? args : JSON.stringify(args), result, error, ms: 1 });

describe('rebuilding a conversation from its traces', () => {
  it('keeps the calls the model made together in one assistant message, each answered by its tool message', () => {
    const trace = aTrace({
      user: '这两家有停车场吗',
      steps: [step('get_hotel_details', { hotelId: 'h1' }, { name: 'A' }), step('get_hotel_details', { hotelId: 'h2' }, { name: 'B' }), step('search_knowledge', { question: '停车' }, { passages: [] })],
    });
    trace.input = [
      { role: 'system', content: 'You are the concierge.' }, { role: 'user', content: '这两家有停车场吗' },
      { role: 'assistant', content: null, toolCalls: [{ id: 'x1', name: 'get_hotel_details', arguments: '{}' }, { id: 'x2', name: 'get_hotel_details', arguments: '{}' }] },
      { role: 'tool', toolCallId: 'x1', name: 'get_hotel_details', content: '{}' }, { role: 'tool', toolCallId: 'x2', name: 'get_hotel_details', content: '{}' },
      { role: 'assistant', content: null, toolCalls: [{ id: 'x3', name: 'search_knowledge', arguments: '{}' }] },
      { role: 'tool', toolCallId: 'x3', name: 'search_knowledge', content: '{}' },
    ];
    const out = rebuildTurns({ traces: [trace], inbound: new Map(), replies: new Map(), corrections: new Map() }, new Masker([]));
    expect(out.map((m) => (m.role === 'assistant' && m.tool_calls ? m.tool_calls.map((c) => c.id) : m.role))).toEqual([
      'user', ['call_1_1', 'call_1_2'], 'tool', 'tool', ['call_1_3'], 'tool', 'assistant',
    ]);
    expect(out.filter((m) => m.role === 'tool').map((m) => (m as { tool_call_id: string }).tool_call_id)).toEqual(['call_1_1', 'call_1_2', 'call_1_3']);
  });

  it('makes one assistant message a call when the model input does not tell the grouping', () => {
    const trace = aTrace({ user: 'hi', steps: [step('search_hotels', { city: '北京' }, {}), step('get_hotel_details', { hotelId: 'h1' }, {})] });
    const out = rebuildTurns({ traces: [trace], inbound: new Map(), replies: new Map(), corrections: new Map() }, new Masker([]));
    expect(out.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'tool', 'assistant']);
  });

  it('leaves out calls the server refused unread and turns whose model failed, unless a person corrected them', () => {
    const refused = aTrace({ user: 'a', steps: [step('search_hotels', '{not json', { error: 'invalid_arguments' }, 'invalid_arguments'), step('search_hotels', { city: '北京' }, { tiers: {} })] });
    const failed = aTrace({ user: 'b', outcome: 'model_error', reply: 'Sorry, try again.' });
    const failedCorrected = aTrace({ user: 'c', outcome: 'model_error', reply: 'Sorry, try again.' });
    const out = rebuildTurns({
      traces: [refused, failed, failedCorrected], inbound: new Map(),
      replies: new Map([[failedCorrected.messageId!, ['out-c']]]), corrections: new Map([['out-c', '我来帮您查。']]),
    }, new Masker([]));
    const calls = out.flatMap((m) => (m.role === 'assistant' && m.tool_calls ? m.tool_calls : []));
    expect(calls.map((c) => c.function.arguments)).toEqual(['{"city":"北京"}']);
    expect(out.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(['a', 'c']);
    expect(out.at(-1)).toEqual({ role: 'assistant', content: '我来帮您查。' });
  });

  it('takes the latest correction of any reply of the turn, and the system prompt of the first turn', () => {
    const trace = aTrace({ user: 'q', reply: 'wrong' });
    const out = rebuildTurns({
      traces: [trace], inbound: new Map(), replies: new Map([[trace.messageId!, ['o1', 'o2']]]), corrections: new Map([['o1', 'first'], ['o2', 'second']]),
    }, new Masker([]));
    expect(out.at(-1)).toEqual({ role: 'assistant', content: 'second' });
    expect(systemPromptOf([trace])).toBe('You are the concierge.');
  });
});

describe('masking names and phone numbers', () => {
  it('gives each name and number one placeholder, however the number is written', () => {
    const m = new Masker(['张三', '张三丰', 'John Smith']);
    expect(m.text('张三丰和张三，13800138000 / 138 0013 8000 / 138****8000 / *******8000')).toBe('<NAME_1>和<NAME_2>，<PHONE_1> / <PHONE_1> / <PHONE_1> / <PHONE_1>');
    expect(m.text('John Smith, +86 139 1234 5678')).toBe('<NAME_3>, <PHONE_2>');
    expect(m.deep({ guest: { name: '张三', phone: '139****5678' }, n: 3 })).toEqual({ guest: { name: '<NAME_2>', phone: '<PHONE_2>' }, n: 3 });
  });

  it('leaves prices, codes, bold text and one-letter names alone', () => {
    const m = new Masker(['李', '']);
    expect(m.text('**京伦饭店** ¥1,120，订单号 TD3SDR5S，李先生')).toBe('**京伦饭店** ¥1,120，订单号 TD3SDR5S，李先生');
  });

  it('finds guest names in prepare_booking arguments and in results', () => {
    expect(guestNames([
      step('prepare_booking', { guestName: '王五', guestPhone: '13700137000' }, { guest: { name: '王五', phone: '137****7000' } }),
      step('find_bookings', {}, { bookings: [{ code: 'TD1', guestName: 'Li Lei' }] }),
      step('search_hotels', '{broken', null),
    ])).toEqual(['王五', '王五', 'Li Lei']);
  });
});

describe('which conversations an export writes', () => {
  const base = { traveller_messages: 2, turns: 2, booked: false, handed_off: false, corrections: 0 };
  it.each([
    ['an empty one', { ...base, traveller_messages: 0 }, 'default', 'empty'],
    ['one the bot never answered', { ...base, turns: 0 }, 'all', 'no_traces'],
    ['a booking by the bot', { ...base, booked: true }, 'default', null],
    ['a booking after a handoff', { ...base, booked: true, handed_off: true }, 'booked', 'handed_off'],
    ['a corrected handoff', { ...base, handed_off: true, corrections: 1 }, 'default', null],
    ['an abandoned search', base, 'default', 'no_booking'],
    ['an abandoned search, asked for corrected', base, 'corrected', 'not_corrected'],
    ['an abandoned search, asked for all', base, 'all', null],
  ] as const)('%s', (_name, c, only, reason) => {
    expect(leaveOutReason(c, only)).toBe(reason);
  });
});
