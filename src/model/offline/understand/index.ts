// The offline model's understanding of one traveller message, Chinese or English: intents, slots and confidence.
import { resolveCity } from '../../../booking/cities.ts';
import type { DateSlots, Understanding, UnderstandContext } from '../understanding.ts';
import { readAmenities } from './amenities.ts';
import { asksAboutOneHotel, asksAboutPolicy, asksAt, forAnotherVenue } from './attribution.ts';
import { readBudget } from './budget.ts';
import { readCity } from './city.ts';
import { readReservationCode } from './codes.ts';
import { scoreConfidence } from './confidence.ts';
import { readContact } from './contact.ts';
import { readStayDates } from './dates.ts';
import { readGrade, readRating } from './grade.ts';
import { hasSearchSlots, readIntents } from './intents.ts';
import { readParty, type RoomType } from './party.ts';
import { readHotelRef } from './references.ts';
import { Scan } from './text.ts';
import { readTopics } from './topics.ts';

export { parseStayDates } from './dates.ts';
export { AROUND_MARGIN } from './budget.ts';

/** An {@link Understanding} with what this reader also finds (optional: a policy may ignore them). */
export interface Understood extends Understanding {
  /** Children among `guests` ("两个大人一个小孩" → guests 3, children 1). */
  children?: number;
  /** The kind of room named: 大床房 / a double room → double, 标间 / twin → twin… */
  roomType?: RoomType;
}

/**
 * What one message says, read relative to `ctx.today` (pure, deterministic, well under a millisecond).
 * Readers run from the most specific to the loosest, each claiming the characters it explains so that none reads
 * another's: reservation code, contact, dates, rating, budget, hotel reference, grade, party, city, amenities,
 * question topics, then intents; the confidence is how much of the message they explained.
 * @example understand('明天北京两晚，两个人，800以内', { today: '2026-12-01' })
 * // { intents: ['search'], city: '北京', dates: { checkIn: '2026-12-02', checkOut: '2026-12-04', nights: 2 }, guests: 2, budgetMax: 800, … }
 */
export function understand(text: string, ctx: UnderstandContext): Understood {
  const scan = new Scan(text);
  const u: Omit<Understood, 'intents' | 'confidence'> = {};

  const code = readReservationCode(scan);
  if (code) u.reservationCode = code;
  const contact = readContact(scan);
  if (contact.name) u.guestName = contact.name;
  if (contact.phone) u.guestPhone = contact.phone;

  const dates = readStayDates(scan, ctx);
  if (dates) u.dates = dates;

  // Ratings before the budget, so that 4.5分 is not money; grades after references, so that 豪华那家 points.
  const rating = readRating(scan);
  const budget = readBudget(scan);
  if (budget.foreignCurrency) u.foreignCurrency = budget.foreignCurrency;

  const ref = readHotelRef(scan, (s) => Boolean(resolveCity(s)));
  if (ref) u.hotelRef = ref;
  Object.assign(u, readGrade(scan));

  const party = readParty(scan);
  if (party.guests) u.guests = party.guests;
  if (party.children) u.children = party.children;
  if (party.rooms) u.rooms = party.rooms;
  if (party.roomType) u.roomType = party.roomType;

  const city = readCity(scan);
  if (city) u.city = city;

  const amenities = readAmenities(scan);
  const topics = readTopics(scan);
  // A rating or a price followed by 的景点 / 的餐馆 belongs to a sight or a restaurant, not to the hotel.
  if (rating && !forAnotherVenue(scan.lower, rating.end)) u.minRating = rating.value;
  if (budget.end !== undefined && !forAnotherVenue(scan.lower, budget.end)) {
    if (budget.min !== undefined) u.budgetMin = budget.min;
    if (budget.max !== undefined) u.budgetMax = budget.max;
  }
  // A topic counts when its sentence asks ("地址发我一下", "有停车场吗"), not in "找个靠近地铁的酒店".
  const questionTopics = topics.filter((t) => !t.faq && asksAt(scan.lower, t.at)).map((t) => t.topic);
  const faq = topics.filter((t) => t.faq && asksAboutPolicy(scan.lower, t.at)).map((t) => t.topic);
  const wanted = amenities.wanted.filter((c) => {
    if (!asksAboutOneHotel(scan.lower, amenities.at.get(c) ?? 0)) return true;
    questionTopics.push(c);
    return false;
  });
  if (wanted.length) u.amenities = wanted;
  if (amenities.notNeeded.length) u.amenitiesNotNeeded = amenities.notNeeded;
  const allTopics = [...new Set([...questionTopics, ...faq])];
  if (allTopics.length) u.questionTopics = allTopics;

  const intents = readIntents(scan, {
    searchSlots: hasSearchSlots({ ...u, dates: onlyIfMeaningful(u.dates) }),
    hotelRef: Boolean(ref),
    refinesSearch: ref?.kind === 'cheaper' || ref?.kind === 'pricier',
    hotelQuestion: questionTopics.length > 0,
    faq: faq.length > 0,
    contact: Boolean(contact.name || contact.phone),
    code: Boolean(code),
  });
  const confidence = scoreConfidence(scan, intents, Object.keys(u).length);
  return { intents: intents.length ? intents : ['unknown'], ...u, confidence };
}

function onlyIfMeaningful(d: DateSlots | undefined): DateSlots | undefined {
  return d && (d.checkIn || d.checkOut || d.nights) ? d : undefined;
}

// Regexes are slow on their first runs (V8 interprets a regex before it compiles it, and chrono's are large): read a
// few messages once at load, so that the first travellers do not wait for it.
for (const text of [
  '你好，明天到后天北京两个人，一间大床房，800以内，有停车场吗？第二家评分4.5分以上的经济型酒店，我叫张三 13800138000',
  '12月24日到26日，下周五住3晚，这周末，24号，下个月1号，元旦，300-400元，1000元以上，不需要早餐，取消 TD7K4Q2P',
  'Hi, a double room for two in Shanghai from Dec 24 to Dec 26, next Friday for 2 nights, this weekend, under 800 yuan',
  'Does it have parking? Book the second one. My name is John Smith, phone 13800138000. Cancel TD7K4Q2P, thanks',
]) {
  for (let i = 0; i < 3; i++) understand(text, { today: '2026-01-01' });
}
