// Every wording of every reply plan, in both languages, passes the reply guards: the concierge's own words never
// read as a made-up hotel, price, code or booking, and every figure comes from the tool results it was given.
import { describe, expect, it } from 'vitest';
import { groundToolResult, groundTravellerText } from '../../src/bot/grounding.ts';
import { checkReply } from '../../src/bot/guards.ts';
import type { Grounded } from '../../src/bot/memory.ts';
import type { Fact } from '../../src/model/offline/hotel-facts.ts';
import { en } from '../../src/model/offline/replies-en.ts';
import { zh } from '../../src/model/offline/replies-zh.ts';
import { asSearch, shownOffers, type BookingView, type DetailsView, type QuoteView, type SearchArgs } from '../../src/model/offline/results.ts';
import { render, type ReplyPlan, type Voice } from '../../src/model/offline/voice.ts';

const cny = (amount: number) => ({ amount, currency: 'CNY' as const });
const hit = (tier: string, name: string, nameEn: string, stars: number, price: number) => ({
  hotelId: `00000000-0000-4000-8000-00000000000${stars}`, name, nameEn, stars, rating: 4.6, roomTypeId: '00000000-0000-4000-8000-000000000010',
  roomName: '大床房', capacity: 2, pricePerNight: cny(price), total: cny(price * 2), roomsLeft: 5, tier,
});

/** Tool results as the tools return them: the only facts the replies may state. */
const searchResult = {
  city: { zh: '北京', en: 'Beijing' }, checkIn: '2026-12-10', checkOut: '2026-12-12', nights: 2, rooms: 1, guests: 2,
  tiers: {
    budget: [hit('budget', '如家快捷酒店(王府井店)', 'Home Inn Wangfujing', 2, 32_000)],
    comfort: [hit('comfort', '京伦饭店', 'Jinglun Hotel', 3, 56_050)],
    luxury: [hit('luxury', '北京贵宾楼饭店', 'Grand Hotel Beijing', 5, 128_000)],
  },
  counts: { budget: 1, comfort: 1, luxury: 1 },
};
const details: DetailsView = {
  hotelId: searchResult.tiers.luxury[0]!.hotelId, name: '北京贵宾楼饭店', nameEn: 'Grand Hotel Beijing', city: '北京', tier: 'luxury',
  stars: 5, rating: 4.8, address: '北京市东城区王府井金鱼胡同8号', phone: '010-85162888', metro: '灯市口站',
  description: '位于北京东城区的豪华型酒店（5星级），邻近灯市口站。周边有王府井、故宫等景点。',
  amenities: ['免费WiFi', '早餐', '游泳池', '停车场'], facilities: [], nearbySights: ['王府井', '故宫', '景山公园'],
  policies: { checkInTime: '14:00', checkOutTime: '12:00', breakfast: { offered: 'included', zh: '房费含早餐。', en: 'Breakfast is included.' } },
  paymentMode: 'prepay', cancelHours: 24,
  roomTypes: [{ roomTypeId: '00000000-0000-4000-8000-000000000010', name: '豪华客房', nameEn: 'Deluxe Room', capacity: 2, basePrice: cny(128_000) }],
};
const quote: QuoteView = {
  actionId: 'a1',
  quote: {
    hotelName: '北京贵宾楼饭店', roomName: '豪华客房', checkIn: '2026-12-10', checkOut: '2026-12-12', nights: 2, rooms: 1, guests: 2,
    pricePerNight: cny(128_000), total: cny(256_000), paymentMode: 'prepay', freeCancellationUntil: '2026-12-08T16:00:00.000Z', validUntil: '2026-12-01T02:30:00.000Z',
  },
  guest: { name: '张三', phone: '138****8000' },
};
const booking: BookingView = {
  code: 'TD7K4Q2P', status: 'confirmed', hotelName: '京伦饭店', roomName: '大床房', checkIn: '2026-12-10', checkOut: '2026-12-12',
  rooms: 1, guests: 2, total: cny(112_100), guestName: '张三', holdExpiresAt: null, freeCancellationUntil: '2026-12-08T16:00:00.000Z',
};
const held = { ...booking, code: 'TD8M5R3S', status: 'held', hotelName: '北京贵宾楼饭店', roomName: '豪华客房', total: cny(256_000), holdExpiresAt: '2026-12-01T02:30:00.000Z' };
const passage = { question: '可以开发票吗', answer: '可以开具电子发票：退房时告诉前台抬头和税号即可。', source: 'faq', hotelId: null, score: 0.8 };

const grounded: Grounded = { amounts: [], names: [], codes: [] };
for (const r of [searchResult, details, quote, { bookings: [booking, held] }, { passages: [passage] }]) groundToolResult(grounded, r);
groundTravellerText(grounded, '12月10日到12日北京两晚，800以内');

const view = asSearch(searchResult)!;
const shown = shownOffers(view);
const args: SearchArgs = { city: '北京', checkIn: '2026-12-10', checkOut: '2026-12-12', guests: 2, budgetMax: 800 };
const facts: Fact[] = [
  { topic: 'breakfast', kind: 'policy', text: '房费含早餐。' },
  { topic: 'pool', kind: 'amenity', label: '游泳池', has: true },
  { topic: 'gym', kind: 'amenity', label: '健身房', has: false },
  ...['check_in_time', 'check_out_time', 'address', 'phone', 'metro', 'rating'].map((topic): Fact => ({ topic, kind: 'value', value: topic.endsWith('time') ? '14:00' : '灯市口站' })),
  { topic: 'sights', kind: 'list', items: ['王府井', '故宫'] },
  { topic: 'cancellation', kind: 'cancel_hours', hours: 0 },
  { topic: 'cancellation', kind: 'cancel_hours', hours: 24 },
  { topic: 'payment', kind: 'payment', mode: 'prepay' },
  { topic: 'payment', kind: 'payment', mode: 'at_hotel' },
  ...(['included', 'extra', 'none'] as const).map((offered): Fact => ({ topic: 'breakfast', kind: 'breakfast', offered })),
  ...(['free', 'paid', 'none'] as const).map((offered): Fact => ({ topic: 'parking', kind: 'parking', offered })),
  { topic: 'pets', kind: 'pets', allowed: true },
  { topic: 'pets', kind: 'pets', allowed: false },
  { topic: 'children', kind: 'unknown' },
  { topic: 'spa', kind: 'unknown' },
];

/** One plan of every kind, and the variants of the kinds that branch. */
const plans: ReplyPlan[] = [
  { kind: 'ask_city' },
  { kind: 'ask_dates' },
  { kind: 'ask_dates', city: '北京' },
  { kind: 'ask_check_in', nights: 2 },
  ...(['past', 'order', 'too_long', 'too_far'] as const).map((reason): ReplyPlan => ({ kind: 'bad_dates', reason, today: '2026-12-01' })),
  { kind: 'ask_currency', currency: 'USD' },
  { kind: 'ask_which_hotel', offers: shown, purpose: 'book' },
  { kind: 'ask_which_hotel', offers: shown, purpose: 'question' },
  ...(['name', 'phone', 'both'] as const).map((need): ReplyPlan => ({ kind: 'ask_contact', offer: shown[0]!, need, phoneMasked: false })),
  { kind: 'ask_contact', offer: shown[0]!, need: 'phone', phoneMasked: true },
  { kind: 'offers', view, shown, guestsAssumed: false, relaxed: false, requested: args },
  { kind: 'offers', view, shown, guestsAssumed: true, nightsAssumed: true, relaxed: true, requested: args },
  { kind: 'offers', view: { ...view, tiers: { budget: [], comfort: [], luxury: view.tiers.luxury } }, shown: view.tiers.luxury, guestsAssumed: false, relaxed: false, requested: args },
  { kind: 'nothing_fits', args, filtered: false },
  { kind: 'nothing_fits', args, filtered: true },
  { kind: 'hotel_overview', details },
  { kind: 'hotel_overview', details, offer: shown[2] },
  ...(['cheaper', 'cheapest', 'pricier', 'priciest'] as const).map((lead): ReplyPlan => ({ kind: 'hotel_overview', details, offer: shown[0], lead })),
  { kind: 'hotel_answers', hotels: [{ details, facts }], passages: [] },
  { kind: 'hotel_answers', hotels: [{ details, facts: facts.slice(0, 3) }, { details: { ...details, name: '京伦饭店', nameEn: 'Jianguo Jinglun' }, facts: [] }], passages: [passage] },
  { kind: 'hotel_answers', hotels: [{ details, facts: [] }], passages: [] },
  { kind: 'knowledge', passages: [passage] },
  { kind: 'no_knowledge' },
  { kind: 'booking_summary', quote, guestsAssumed: false, nameEn: 'Grand Hotel Beijing' },
  { kind: 'booking_summary', quote: { ...quote, quote: { ...quote.quote, paymentMode: 'at_hotel' } }, guestsAssumed: true, nameEn: 'Jinglun Hotel' },
  { kind: 'booked', result: { booked: true, reservation: { ...booking, roomName: '大床房', total: booking.total! } }, nameEn: 'Jinglun Hotel' },
  { kind: 'booked', result: { booked: true, reservation: { ...held, roomName: '豪华客房', total: held.total } }, nameEn: 'Grand Hotel Beijing' },
  { kind: 'booking_declined' },
  { kind: 'cancel_terms', cancellation: { actionId: 'a2', reservation: booking, terms: { free: true, freeCancellationUntil: booking.freeCancellationUntil! } } },
  { kind: 'cancelled', result: { cancelled: true, reservation: booking } },
  { kind: 'cancel_kept' },
  { kind: 'bookings', bookings: [booking, held], purpose: 'list' },
  { kind: 'bookings', bookings: [booking], purpose: 'cancel' },
  { kind: 'no_bookings' },
  { kind: 'no_bookings', code: 'TD7K4Q2P' },
  { kind: 'handed_off' },
  { kind: 'thanks' },
  { kind: 'greet' },
  { kind: 'out_of_domain' },
  { kind: 'not_understood' },
  ...['sold_out', 'invalid_dates', 'capacity_exceeded', 'quote_expired', 'not_cancellable', 'not_found', 'tool_failed'].flatMap((code): ReplyPlan[] => [
    { kind: 'tool_error', tool: 'prepare_booking', code, alternatives: shown.slice(1) },
    { kind: 'tool_error', tool: 'prepare_cancellation', code, alternatives: [] },
  ]),
  { kind: 'not_confirmed' },
  { kind: 'confirm_or_change', action: 'book' },
  { kind: 'confirm_or_change', action: 'cancel' },
  { kind: 'contact_noted', name: '张三', hasOffers: true },
  { kind: 'contact_noted', hasOffers: false },
  { kind: 'ack', hasOffers: true },
  { kind: 'ack', hasOffers: false },
  { kind: 'dismissed' },
  { kind: 'repair', draft: '早餐每位¥48，离北京饭店步行五分钟，订单 TD2222AA。', hits: [{ kind: 'price', value: '¥48' }, { kind: 'hotel', value: '北京饭店' }, { kind: 'code', value: 'TD2222AA' }] },
  { kind: 'repair', draft: 'Breakfast is ¥48, near Grand Plaza Hotel.', hits: [{ kind: 'price', value: '¥48' }, { kind: 'hotel', value: 'Grand Plaza Hotel' }] },
];

const voices: Array<[string, Voice]> = [['zh-CN', zh], ['en', en]];

describe.each(voices)('the %s replies', (_lang, voice) => {
  it('cover every kind of plan', () => {
    expect(new Set(plans.map((p) => p.kind))).toEqual(new Set(Object.keys(voice)));
  });

  it('state no hotel, price, code or booking that the tool results do not hold, in any wording', () => {
    const problems: string[] = [];
    for (const plan of plans) {
      for (let i = 0; i < 4; i++) {
        const text = render(voice, plan, { pick: (_k, vs) => vs[i % vs.length]!, timeZone: 'Asia/Shanghai' });
        const wrote = plan.kind === 'booked' || plan.kind === 'cancelled';
        const hits = checkReply(text, grounded, { wrote, codes: wrote ? grounded.codes : [] }, []);
        if (hits.length) problems.push(`${plan.kind}#${i}: ${JSON.stringify(hits)} in «${text}»`);
        if (/undefined|NaN|\[object|null/.test(text)) problems.push(`${plan.kind}#${i}: a missing value in «${text}»`);
        if (!text.trim()) problems.push(`${plan.kind}#${i}: empty`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('word the same plan the same way for the same pick, and differently across picks', () => {
    const greet = (i: number) => render(voice, { kind: 'greet' }, { pick: (_k, vs) => vs[i % vs.length]!, timeZone: 'Asia/Shanghai' });
    expect(greet(0)).toBe(greet(0));
    expect(new Set([greet(0), greet(1), greet(2)]).size).toBe(3);
  });
});
