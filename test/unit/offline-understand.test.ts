// What the offline model understands of one traveller message: each slot and intent, in Chinese and English, with the traps.
import { describe, expect, it } from 'vitest';
import { resolveCity } from '../../src/booking/cities.ts';
import { understand } from '../../src/model/offline/understand/index.ts';

const CTX = { today: '2026-12-01' };
const read = (text: string) => understand(text, CTX);

type Rows = Array<[string, Record<string, unknown>]>;

describe('city', () => {
  const rows: Array<[string, string]> = [
    ['我想去北京', '北京'],
    ['上海市的酒店', '上海'],
    ['帝都有什么好酒店', '北京'],
    ['a hotel in Beijing', '北京'],
    ['Peking, please', '北京'],
    ["Xi'an next weekend", '西安'],
    ['Hong Kong for two nights', '香港'],
    ['杭州 下周五 住3天', '杭州'],
  ];
  it.each(rows)('%s → %s', (text, city) => {
    const u = read(text);
    expect(resolveCity(u.city ?? '')?.zh).toBe(city);
  });

  it('does not take a street named after a city for the city', () => {
    expect(read('南京路附近的酒店').city).toBeUndefined();
  });
});

describe('dates in a message', () => {
  const rows: Rows = [
    ['明天北京两晚', { dates: { checkIn: '2026-12-02', checkOut: '2026-12-04', nights: 2 } }],
    ['12月24日到26日', { dates: { checkIn: '2026-12-24', checkOut: '2026-12-26', nights: 2 } }],
    ['换成后天', { intents: ['search'], dates: { checkIn: '2026-12-03' } }],
    ['tomorrow for 2 nights', { dates: { checkIn: '2026-12-02', checkOut: '2026-12-04' } }],
    ['Dec 24-26', { dates: { checkIn: '2026-12-24', checkOut: '2026-12-26' } }],
  ];
  it.each(rows)('%s', (text, expected) => expect(read(text)).toMatchObject(expected));

  it('never gives a date in the past: a 11月30日 already gone is next year\'s', () => {
    expect(read('11月30日入住').dates?.checkIn).toBe('2027-11-30');
    expect(read('2025-12-24入住').dates?.checkIn).toBeUndefined();
  });
});

describe('guests and rooms', () => {
  const rows: Rows = [
    ['两个人', { guests: 2 }],
    ['3个人', { guests: 3 }],
    ['两个大人一个小孩', { guests: 3, children: 1 }],
    ['一家三口', { guests: 3 }],
    ['我和老婆', { guests: 2 }],
    ['三间房', { rooms: 3 }],
    ['两间大床房', { rooms: 2, roomType: 'double' }],
    ['我们俩住一间', { guests: 2, rooms: 1 }],
    ['2 adults', { guests: 2 }],
    ['for 4 people', { guests: 4 }],
    ['just me', { guests: 1 }],
    ['a double room for two', { guests: 2, rooms: 1, roomType: 'double' }],
    ['two rooms for 4 adults', { guests: 4, rooms: 2 }],
    ['2 adults and 1 child, 2 rooms', { guests: 3, children: 1, rooms: 2 }],
  ];
  it.each(rows)('%s', (text, expected) => expect(read(text)).toMatchObject(expected));

  it('does not count "a hotel" as a guest', () => {
    expect(read('I am looking for a hotel').guests).toBeUndefined();
  });
});

describe('budget per night, in yuan', () => {
  const rows: Rows = [
    ['800以内', { budgetMax: 800 }],
    ['不超过500', { budgetMax: 500 }],
    ['每晚不超过600块', { budgetMax: 600 }],
    ['一千二以内', { budgetMax: 1200 }],
    ['1.5k以内', { budgetMax: 1500 }],
    // "About N" allows 20% above N, rounded to ten yuan, and sets no least.
    ['500左右', { budgetMax: 600 }],
    ['五百左右', { budgetMax: 600 }],
    ['预算800左右', { budgetMax: 960 }],
    ['around 500', { budgetMax: 600 }],
    ['300-400元', { budgetMin: 300, budgetMax: 400 }],
    ['300到400之间', { budgetMin: 300, budgetMax: 400 }],
    ['价格在400元至500元的', { budgetMin: 400, budgetMax: 500 }],
    ['between 300 and 500 yuan', { budgetMin: 300, budgetMax: 500 }],
    ['1000元以上', { budgetMin: 1000 }],
    ['under 800', { budgetMax: 800 }],
    ['below 500 yuan', { budgetMax: 500 }],
    ['at most 600 RMB', { budgetMax: 600 }],
    ['¥800以内', { budgetMax: 800 }],
    ['my budget is 800 CNY', { budgetMax: 800 }],
    ['每晚400到600', { budgetMin: 400, budgetMax: 600 }],
    ['1,000-1,500元', { budgetMin: 1000, budgetMax: 1500 }],
  ];
  it.each(rows)('%s', (text, expected) => expect(read(text)).toMatchObject(expected));

  it('1000元以上 sets no most', () => expect(read('1000元以上').budgetMax).toBeUndefined());

  it('a price per night is no stay of one night ("600 yuan a night", "一晚500以内")', () => {
    expect(read('around 600 yuan a night')).toMatchObject({ budgetMax: 720 });
    expect(read('around 600 yuan a night').dates).toBeUndefined();
    expect(read('一晚500以内')).toMatchObject({ budgetMax: 500 });
    expect(read('一晚500以内').dates).toBeUndefined();
  });
});

describe('a budget in another currency is asked about, not taken as yuan', () => {
  const rows: Array<[string, string]> = [
    ['under 100 dollars', 'USD'],
    ['$100', 'USD'],
    ['100美元', 'USD'],
    ['100 USD', 'USD'],
    ['100欧元以内', 'EUR'],
    ['no more than 80 pounds', 'GBP'],
  ];
  it.each(rows)('%s → %s and no budget', (text, currency) => {
    const u = read(text);
    expect(u.foreignCurrency).toBe(currency);
    expect(u.budgetMax).toBeUndefined();
    expect(u.budgetMin).toBeUndefined();
  });
});

describe('tier, grade, stars and rating', () => {
  const rows: Rows = [
    ['经济型', { tier: 'budget', grade: '经济型', stars: [1, 2] }],
    ['便宜的', { tier: 'budget' }],
    ['实惠一点', { tier: 'budget' }],
    ['cheap', { tier: 'budget' }],
    ['budget hotel', { tier: 'budget' }],
    ['舒适型', { tier: 'comfort', grade: '舒适型', stars: [3] }],
    ['中档', { tier: 'comfort' }],
    ['mid-range', { tier: 'comfort' }],
    ['高档', { tier: 'luxury', grade: '高档型', stars: [4] }],
    ['高档型酒店', { tier: 'luxury', grade: '高档型', stars: [4] }],
    ['豪华型', { tier: 'luxury', grade: '豪华型', stars: [5] }],
    ['五星级酒店', { tier: 'luxury', stars: [5] }],
    ['luxury', { tier: 'luxury' }],
    ['四星', { stars: [4] }],
    ['四星以上', { stars: [4, 5], tier: 'luxury' }],
    ['评分4.5分以上', { minRating: 4.5 }],
    ['评分是5分的', { minRating: 5 }],
    ['4分以上的经济型酒店', { minRating: 4, grade: '经济型' }],
    ['rated above 4.5', { minRating: 4.5 }],
    ['4.5+ rating', { minRating: 4.5 }],
  ];
  it.each(rows)('%s', (text, expected) => expect(read(text)).toMatchObject(expected));

  it('豪华 alone is the luxury tier without a star grade', () => {
    const u = read('豪华');
    expect(u.tier).toBe('luxury');
    expect(u.stars).toBeUndefined();
  });

  it('a grade refused is not taken: "不要经济型的，要舒适一点的"', () => {
    const u = read('不要经济型的，要舒适一点的');
    expect(u.tier).toBe('comfort');
    expect(u.grade).toBeUndefined();
    expect(read('not a budget hotel, something mid-range').tier).toBe('comfort');
  });

  it('stars across tiers name no one tier', () => {
    expect(read('3-4星').tier).toBeUndefined();
  });

  it('a rating is not stars, nor money: 4.5分 sets minRating only', () => {
    const u = read('4.5分以上');
    expect(u).toMatchObject({ minRating: 4.5 });
    expect(u.stars).toBeUndefined();
    expect(u.budgetMax ?? u.budgetMin).toBeUndefined();
  });

  it('a rating asked about is no constraint', () => {
    expect(read('它家评分高吗？').minRating).toBeUndefined();
  });

  it('a rating or a price for a sight or a restaurant is not the hotel\'s', () => {
    const u = read('帮我找一个评分是5分，人均消费是100-150元的餐馆');
    expect(u.minRating).toBeUndefined();
    expect(u.budgetMax).toBeUndefined();
    expect(read('附近有没有评分4.5分以上的景点').minRating).toBeUndefined();
  });
});

describe('amenities wanted and not needed', () => {
  const rows: Rows = [
    ['要有停车场', { amenities: ['parking'] }],
    ['有24小时热水和洗衣服务的酒店', { amenities: ['hot_water_24h', 'laundry'] }],
    ['提供中式餐厅的酒店', { amenities: ['restaurant'] }],
    ['find me a hotel with a pool and free wifi', { amenities: ['pool', 'wifi'] }],
    ['a non-smoking room please', { amenities: ['non_smoking'] }],
    ['不需要早餐', { amenitiesNotNeeded: ['breakfast'] }],
    ['早餐无所谓', { amenitiesNotNeeded: ['breakfast'] }],
    ['有没有停车场都行', { amenitiesNotNeeded: ['parking'] }],
    ["I don't need parking", { amenitiesNotNeeded: ['parking'] }],
    ['no need for breakfast', { amenitiesNotNeeded: ['breakfast'] }],
    ['要有停车场，不需要早餐', { amenities: ['parking'], amenitiesNotNeeded: ['breakfast'] }],
  ];
  it.each(rows)('%s', (text, expected) => expect(read(text)).toMatchObject(expected));

  it('"不需要早餐" does not ask for breakfast', () => expect(read('不需要早餐').amenities).toBeUndefined());

  it('a facility asked of one hotel is a question, not a search filter', () => {
    const u = read('这家酒店有停车场吗？');
    expect(u.intents).toContain('hotel_question');
    expect(u.questionTopics).toContain('parking');
    expect(u.amenities).toBeUndefined();
  });

  it('a facility asked of the hotels shown is a filter ("哪家有游泳池")', () => {
    expect(read('哪一家有室内游泳池呢？').amenities).toEqual(['pool']);
  });
});

describe('references to hotels shown', () => {
  const rows: Rows = [
    ['第二家', { hotelRef: { kind: 'ordinal', index: 1 } }],
    ['第一个', { hotelRef: { kind: 'ordinal', index: 0 } }],
    ['最后一家', { hotelRef: { kind: 'ordinal', index: -1 } }],
    ['the second hotel', { hotelRef: { kind: 'ordinal', index: 1 } }],
    ['option 2', { hotelRef: { kind: 'ordinal', index: 1 } }],
    ['便宜一点的', { intents: ['search'], hotelRef: { kind: 'cheaper' } }],
    ['cheaper', { hotelRef: { kind: 'cheaper' } }],
    ['再贵一点的', { hotelRef: { kind: 'pricier' } }],
    ['第三家太贵了，有没有便宜一点的', { intents: ['search'], hotelRef: { kind: 'cheaper' } }],
    ['Do you have anything cheaper?', { hotelRef: { kind: 'cheaper' } }],
    ["What's the address of the second one?", { hotelRef: { kind: 'ordinal', index: 1 }, questionTopics: ['address'] }],
    ['豪华那家有早餐吗', { hotelRef: { kind: 'tier', tier: 'luxury' }, questionTopics: ['breakfast'] }],
    ['the luxury one', { hotelRef: { kind: 'tier', tier: 'luxury' } }],
    ['the cheapest one', { hotelRef: { kind: 'tier', tier: 'budget' } }],
    ['那家', { hotelRef: { kind: 'that' } }],
    ['Does it have parking?', { hotelRef: { kind: 'that' }, questionTopics: ['parking'] }],
    ['北京天伦王朝酒店电话是多少', { hotelRef: { kind: 'name', name: '北京天伦王朝酒店' }, questionTopics: ['phone'] }],
    ['如家快捷酒店(北京燕莎使馆区店)有没有会议室', { hotelRef: { kind: 'name', name: '如家快捷酒店(北京燕莎使馆区店)' } }],
  ];
  it.each(rows)('%s', (text, expected) => expect(read(text)).toMatchObject(expected));

  it('"the luxury one" points at a hotel; it does not change the tier searched', () => {
    expect(read('the luxury one').tier).toBeUndefined();
  });

  it('a generic hotel is no name ("经济型酒店", "北京的酒店", "最好酒店能…")', () => {
    expect(read('帮我找一家经济型酒店').hotelRef).toBeUndefined();
    expect(read('北京酒店推荐').hotelRef).toBeUndefined();
    expect(read('最好酒店能提供叫醒服务').hotelRef).toBeUndefined();
  });
});

describe('questions about a hotel', () => {
  const rows: Array<[string, string]> = [
    ['有早餐吗', 'breakfast'],
    ['能停车吗', 'parking'],
    ['这家酒店能带宠物吗', 'pets'],
    ['几点可以入住', 'check_in_time'],
    ['几点退房', 'check_out_time'],
    ['酒店地址在哪', 'address'],
    ['酒店电话多少', 'phone'],
    ['有wifi吗', 'wifi'],
    ['有游泳池吗', 'pool'],
    ['可以免费取消吗', 'cancellation'],
    ['取消政策是什么', 'cancellation'],
    ['离地铁站近吗', 'metro'],
    ['附近有什么景点', 'sights'],
    ['Is there a pool?', 'pool'],
    ['What time is check-in?', 'check_in_time'],
    ['where is the hotel', 'address'],
    ['is breakfast included?', 'breakfast'],
    ['do you allow pets?', 'pets'],
  ];
  it.each(rows)('%s → %s', (text, topic) => {
    const u = read(text);
    expect(u.intents).toContain('hotel_question');
    expect(u.questionTopics).toContain(topic);
  });

  it('a general policy is a faq', () => {
    expect(read('可以开发票吗')).toMatchObject({ intents: ['faq'], questionTopics: ['invoice'] });
    expect(read('How do I pay?')).toMatchObject({ intents: ['faq'], questionTopics: ['payment'] });
    expect(read('Do I need a passport to check in?')).toMatchObject({ intents: ['faq'], questionTopics: ['id_documents'] });
  });

  it('a topic in a search is no question ("找个靠近地铁的酒店")', () => {
    expect(read('帮我找个靠近地铁的酒店').questionTopics).toBeUndefined();
  });
});

describe('booking, contact, yes and no', () => {
  const rows: Rows = [
    ['订这家', { intents: ['book'], hotelRef: { kind: 'that' } }],
    ['就它了', { intents: ['book'] }],
    ['订豪华那家', { intents: ['book'], hotelRef: { kind: 'tier', tier: 'luxury' } }],
    ['我要订第二家，明天住两晚', { intents: ['book'], hotelRef: { kind: 'ordinal', index: 1 }, dates: { checkIn: '2026-12-02', nights: 2 } }],
    ['book the second one', { intents: ['book'], hotelRef: { kind: 'ordinal', index: 1 } }],
    ["I'll take it", { intents: ['book'] }],
    ['我叫张三', { intents: ['give_contact'], guestName: '张三' }],
    ['张三 13800138000', { guestName: '张三', guestPhone: '13800138000' }],
    ['13800138000 王小明', { guestName: '王小明', guestPhone: '13800138000' }],
    ['姓名：王五，电话：138-0013-8000', { guestName: '王五', guestPhone: '13800138000' }],
    ['联系人欧阳娜娜 +86 138 0013 8000', { guestName: '欧阳娜娜', guestPhone: '13800138000' }],
    ['name is John Smith', { guestName: 'John Smith' }],
    ['my name is John Smith, phone 13800138000', { guestName: 'John Smith', guestPhone: '13800138000' }],
    ["I'm Jane Doe, 13800138000", { guestName: 'Jane Doe', guestPhone: '13800138000' }],
    ['phone 138 0013 8000', { intents: ['give_contact'], guestPhone: '13800138000' }],
    ['好的', { intents: ['affirm'] }],
    ['是的', { intents: ['affirm'] }],
    ['没问题', { intents: ['affirm'] }],
    ['yes please', { intents: ['affirm'] }],
    ['sure, go ahead', { intents: ['affirm'] }],
    ['好的，就订这家', { intents: ['book', 'affirm'] }],
    ['不', { intents: ['deny'] }],
    ['不用了，谢谢', { intents: ['deny'] }],
    ['算了', { intents: ['deny'] }],
    ['no thanks', { intents: ['deny'] }],
    ['not now', { intents: ['deny'] }],
    ['yes that is correct', { intents: ['affirm'] }],
    ['wrong dates', { intents: ['deny'] }],
    ['Book it under the name Wang Fang', { intents: ['book', 'give_contact'], guestName: 'Wang Fang' }],
  ];
  it.each(rows)('%s', (text, expected) => expect(read(text)).toMatchObject(expected));

  it('a yes is only a yes when the message is little else', () => {
    expect(read('好的，再帮我找一家舒适型酒店').intents).not.toContain('affirm');
    expect(read('好的，这家酒店价格是多少呢？').intents).not.toContain('affirm');
    expect(read('这家酒店是什么类型啊？').intents).not.toContain('affirm');
  });

  it('"我是学生" is no name', () => expect(read('我是学生').guestName).toBeUndefined());
});

describe('reservations, people, thanks and greetings', () => {
  const rows: Rows = [
    ['取消订单TD7K4Q2P', { intents: ['cancel_booking'], reservationCode: 'TD7K4Q2P' }],
    ['cancel td7k4q2p', { intents: ['cancel_booking'], reservationCode: 'TD7K4Q2P' }],
    ['帮我取消预订', { intents: ['cancel_booking'] }],
    ['I want to cancel my reservation', { intents: ['cancel_booking'] }],
    ['TD7K4Q2P', { intents: ['my_bookings'], reservationCode: 'TD7K4Q2P' }],
    ['我的订单', { intents: ['my_bookings'] }],
    ['查一下我的订单', { intents: ['my_bookings'] }],
    ['my reservations', { intents: ['my_bookings'] }],
    ['show my bookings', { intents: ['my_bookings'] }],
    ['转人工', { intents: ['human'] }],
    ['人工客服', { intents: ['human'] }],
    ['talk to a human', { intents: ['human'] }],
    ['can I speak to a real person', { intents: ['human'] }],
    ['谢谢', { intents: ['thanks'] }],
    ['谢谢你，再见', { intents: ['thanks'] }],
    ['thanks a lot', { intents: ['thanks'] }],
    ['bye', { intents: ['thanks'] }],
    ['你好', { intents: ['greet'] }],
    ['您好，在吗', { intents: ['greet'] }],
    ['hello', { intents: ['greet'] }],
  ];
  it.each(rows)('%s', (text, expected) => expect(read(text)).toMatchObject(expected));

  it('a code with a look-alike or the wrong length is no code', () => {
    expect(read('取消 TD7K4Q2O').reservationCode).toBeUndefined();
    expect(read('取消订单 TD7K4Q2PX').reservationCode).toBeUndefined();
  });
});

describe('confidence', () => {
  const clear = [
    '明天北京两晚，两个人，800以内',
    '我想订上海的酒店，12月24日到26日，一间大床房',
    'Hi, I need a cheap hotel in Shanghai this weekend for 2 people',
    '订这家',
    '取消订单TD7K4Q2P',
    '这家酒店有停车场吗？',
    '我叫张三，电话13800138000',
    '转人工',
  ];
  it.each(clear)('is high (≥ 0.8) for a clear request: %s', (text) => {
    expect(read(text).confidence).toBeGreaterThanOrEqual(0.8);
  });

  const outOfDomain = ['今天天气怎么样', '帮我订一张去上海的机票', '讲个笑话', "what's the weather like in Beijing", 'book a flight to Shanghai'];
  it.each(outOfDomain)('is low (≤ 0.3) out of domain, with no search: %s', (text) => {
    const u = read(text);
    expect(u.intents).toEqual(['out_of_domain']);
    expect(u.confidence).toBeLessThanOrEqual(0.3);
  });

  const gibberish = ['asdkjh qwe', '啊啊啊', '123', '。。。', 'zzzz'];
  it.each(gibberish)('is low (≤ 0.3) for gibberish, understood as nothing: %s', (text) => {
    const u = read(text);
    expect(u.intents).toEqual(['unknown']);
    expect(u.confidence).toBeLessThanOrEqual(0.3);
  });

  it('falls between when only part of a message is understood', () => {
    const c = read('北京明天的天气，顺便帮我找个酒店').confidence;
    expect(c).toBeGreaterThan(0.3);
    expect(c).toBeLessThan(0.8);
  });
});

describe('speed and determinism', () => {
  it('reads a message in well under a millisecond on average', () => {
    const texts = ['明天北京两晚，两个人，800以内', 'from Dec 24 to Dec 26, a double room for two', '这家酒店有停车场吗？', '订第二家'];
    for (const t of texts) read(t);
    const start = performance.now();
    for (let i = 0; i < 400; i++) read(texts[i % texts.length]!);
    expect((performance.now() - start) / 400).toBeLessThan(1);
  });

  it('gives the same understanding for the same message', () => {
    const t = '下周五到周日，上海，两个人，舒适型，有早餐';
    expect(read(t)).toEqual(read(t));
  });
});
