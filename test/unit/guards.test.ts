// The reply guards: what a reply may state is what the tools returned; generic words are not hotel names.
import { describe, expect, it } from 'vitest';
import { checkReply } from '../../src/bot/guards.ts';

const g = { amounts: [320, 640, 800], names: ['如家快捷酒店(王府井店)', '北京王府半岛酒店', 'The Peninsula Beijing'], codes: ['TD7K4Q2P'] };
const none = { wrote: false, codes: [] as string[] };
const kinds = (text: string, turn = none) => checkReply(text, g, turn).map((h) => `${h.kind}:${h.value}`);

describe('reply guards', () => {
  it.each([
    ['为您推荐北京王府半岛酒店，¥320/晚，共640元。'],
    ['如家快捷酒店(王府井店)每晚320元。'],
    ['抱歉，没有找到这家酒店。'],
    ['我想为您找一家经济型酒店，预算800元以内可以吗？'],
    ['这几家酒店都有早餐。'],
    ['The Peninsula Beijing hotel is ¥640 in total.'],
    ['Your budget hotel options are below.'],
  ])('lets through what is grounded or generic: %s', (text) => {
    expect(kinds(text)).toEqual([]);
  });

  it.each([
    ['为您推荐北京希尔顿酒店。', 'hotel:北京希尔顿酒店'],
    ['每晚只要¥299。', 'price:¥299'],
    ['您的订单号是 TDABCDEF。', 'code:TDABCDEF'],
    ['I recommend the Grand Hyatt Hotel.', 'hotel:Grand Hyatt Hotel'],
  ])('catches what no tool returned: %s', (text, hit) => {
    expect(kinds(text)).toContain(hit);
  });

  it('lets a booking be claimed only in the turn a tool wrote or read it', () => {
    expect(kinds('预订成功！订单号 TD7K4Q2P。')).toContain('booking_claim:预订成功');
    expect(kinds('预订成功！订单号 TD7K4Q2P。', { wrote: true, codes: ['TD7K4Q2P'] })).toEqual([]);
    expect(kinds('您的订单 TD7K4Q2P 已预订成功。', { wrote: false, codes: ['TD7K4Q2P'] })).toEqual([]);
    expect(kinds('已为您预订好了。')).toContain('booking_claim:已为您预订');
  });
});

describe('turn input', () => {
  it('drops control characters (NUL above all) from the text and payload before anything is stored', async () => {
    const { turnInputSchema } = await import('../../src/bot/turn.ts');
    const t = turnInputSchema.parse({
      channel: 'app', conversationId: '00000000-0000-4000-8000-000000000000', traveller: { id: 'app:x', tenantId: null },
      text: 'hel\u0000lo\nworld', payload: { a: 'x\u0000y', list: ['\u0007ok'] }, receivedAt: new Date(), sourceId: 's',
    });
    expect(t.text).toBe('hello\nworld');
    expect(t.payload).toEqual({ a: 'xy', list: ['ok'] });
  });
});

describe('reply guards and reservation codes', () => {
  it('digits beside RMB or CNY inside a reservation code are not a price', () => {
    const grounded = { amounts: [], names: [], codes: ['TDSP7CNY', 'TDHNRMB3'] };
    expect(checkReply('预订成功！订单号 TDSP7CNY，另一单 TDHNRMB3。', grounded, { wrote: true, codes: ['TDSP7CNY'] })).toEqual([]);
    expect(checkReply('共 7CNY', grounded, { wrote: false, codes: [] }).map((h) => h.kind)).toEqual(['price']);
  });
});

describe('grounding of amounts written in tool texts', () => {
  it('an amount in an FAQ answer or a policy is grounded; a bare number in a text is not', async () => {
    const { groundToolResult } = await import('../../src/bot/grounding.ts');
    const g = { amounts: [] as number[], names: [] as string[], codes: [] as string[] };
    groundToolResult(g, { passages: [{ question: '押金多少', answer: '入住需交押金500元，退房时退还；加床每晚¥1,200。' }, { answer: 'Parking is 30 yuan a night.' }] });
    expect(g.amounts.sort((a, b) => a - b)).toEqual([30, 500, 1200]);
    const h = { amounts: [] as number[], names: [] as string[], codes: [] as string[] };
    groundToolResult(h, { answer: '酒店有200间客房，距地铁站3公里' });
    expect(h.amounts).toEqual([]);
  });
});
