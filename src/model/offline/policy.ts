// The dialogue policy: from the rebuilt state, the next tool calls of the turn, or the reply once the results are in.
import { addDays } from '../../dates.ts';
import { afterResults } from './after-results.ts';
import { detailsAnswer } from './hotel-facts.ts';
import { focusOffer, only, refOf } from './references.ts';
import type { Offer, SearchArgs } from './results.ts';
import { namesSearchSlots, sameSearch, stayOf } from './slots.ts';
import type { DialogueState, Expectation } from './state.ts';
import { call, say, type Decision, type PlannedCall, type Step } from './steps.ts';
import type { Intent } from './understanding.ts';
import type { ReplyPlan } from './voice.ts';

export type { Decision, PlannedCall, Step } from './steps.ts';

/** Guests assumed when the traveller has not said: two a room, as hotel sites default to (and the reply says so). */
const GUESTS_PER_ROOM = 2;
const MAX_NIGHTS = 30;
const HORIZON_DAYS = 365;

/**
 * Decides the next step of the turn `s` describes.
 * @example const { step, confidence } = decide(state); if (step.kind === 'call') …
 */
export function decide(s: DialogueState): Decision {
  if (s.correction) {
    // The guards sent the draft back: the repaired reply is a little less sure than the draft was.
    const draft = decide({ ...s, correction: undefined });
    const plan: ReplyPlan = { kind: 'repair', draft: s.correction.draft, hits: hitsOf(s.correction.note) };
    return { step: say(plan), confidence: Math.max(0, Math.round((draft.confidence - 0.1) * 1000) / 1000) };
  }
  const step = s.steps.length === 0 ? firstStep(s) : afterResults(s);
  return { step, confidence: confidenceOf(s, step) };
}

/** What a turn that ended with `s` asked the traveller for (for reading their next message). */
export function expectationOf(s: DialogueState): Expectation | undefined {
  const { step } = decide(s);
  return step.kind === 'say' ? step.expects : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// The first step of a turn: read the message and choose.

function firstStep(s: DialogueState): Step {
  const u = s.u;
  const has = (i: Intent) => u.intents.includes(i);
  const changes = searchChanges(s);

  if (has('human')) return call('handoff_to_human', { reason: s.lang === 'en' ? 'The traveller asked for a person.' : '客人要求人工服务。' });

  const pending = s.pending;
  const pendingOpen = pending && !pending.answered && pending.turn === s.turn - 1;
  if (pendingOpen && !changes) {
    if (has('affirm') && !has('deny')) return call('confirm', { actionId: pending.actionId });
    if (has('deny')) return say({ kind: pending.kind === 'book' ? 'booking_declined' : 'cancel_kept' });
    // Not a clear yes or no to the summary just shown: ask for one rather than guess either way.
    if (has('unknown') || has('out_of_domain')) return say({ kind: 'confirm_or_change', action: pending.kind });
  }
  if (u.foreignCurrency) return say({ kind: 'ask_currency', currency: u.foreignCurrency }, { kind: 'currency' });

  if (has('cancel_booking')) {
    if (u.reservationCode) return call('prepare_cancellation', { code: u.reservationCode });
    return call('find_bookings', {});
  }
  if (has('my_bookings')) return call('find_bookings', u.reservationCode ? { code: u.reservationCode } : {});

  // "好的" to a summary the traveller walked away from: prepare it again rather than pretend it still stands.
  const staleYes = has('affirm') && !has('deny') && pending && !pending.confirmed && !pending.superseded && pending.turn >= s.turn - 3 && !pendingOpen;
  if (staleYes && pending.kind === 'cancel' && pending.cancellation) {
    return call('prepare_cancellation', { code: pending.cancellation.reservation.code });
  }
  const contactAnswer = s.expecting?.kind === 'contact' && (has('give_contact') || Boolean(u.guestName || u.guestPhone));
  // A name and phone given together with a shown hotel ("第一家，李四 139…") can only mean booking it.
  const contactForHotel = Boolean(s.search && (u.guestName || u.guestPhone) && (u.hotelRef || s.expecting?.kind === 'hotel'));
  if (has('book') || contactAnswer || contactForHotel || (staleYes && pending.kind === 'book')) return bookingStep(s, changes);

  if (changes) return searchStep(s);
  // "舒适型那家有早餐吗" may read as a search too: a question about a shown hotel comes first.
  const ref = refOf(s);
  if (has('hotel_question') || ref) return questionStep(s, ref);
  if (has('search')) return searchStep(s);
  if (has('faq')) return call('search_knowledge', withHotel({ question: s.text }, s.focus?.hotelId));
  if (has('give_contact')) return say({ kind: 'contact_noted', name: s.contact.name, hasOffers: Boolean(s.search) }, s.search ? { kind: 'hotel', purpose: 'book' } : undefined);
  if (has('affirm')) return say({ kind: 'ack', hasOffers: Boolean(s.search) });
  if (has('deny')) return say({ kind: 'dismissed' });
  if (has('thanks')) return say({ kind: 'thanks' });
  if (has('greet')) return say({ kind: 'greet' });
  if (has('out_of_domain')) return say({ kind: 'out_of_domain' });
  return say({ kind: 'not_understood' });
}

/** True when this message changes what to search for (not a tier said only to point at a shown hotel). */
function searchChanges(s: DialogueState): boolean {
  // A tier that points at a shown hotel left the slots as they were, so only a real change differs.
  if (!namesSearchSlots(s.u)) return false;
  return !s.search || !sameSearch(s.slots, s.search.requested);
}

/** Search when city, dates and party are known; else ask for the first that is missing. */
function searchStep(s: DialogueState): Step {
  const sl = s.slots;
  if (!sl.city) return say({ kind: 'ask_city' }, { kind: 'city' });
  // A check-in without a length is searched for one night, as hotel sites do, and the reply says so: a third
  // question in a row would read to the bot as a misunderstanding and hand the traveller to a person.
  const dates = stayOf(sl) ?? (sl.checkIn ? { checkIn: sl.checkIn, checkOut: addDays(sl.checkIn, 1) } : undefined);
  if (!dates) {
    if (sl.nights) return say({ kind: 'ask_check_in', nights: sl.nights }, { kind: 'check_in' });
    return say({ kind: 'ask_dates', city: sl.city }, { kind: 'dates' });
  }
  const bad = badDates(dates.checkIn, dates.checkOut, s.today);
  if (bad) return say({ kind: 'bad_dates', reason: bad, today: s.today }, { kind: 'dates' });
  return call('search_hotels', { ...searchArgs(s, dates) });
}

function searchArgs(s: DialogueState, dates: { checkIn: string; checkOut: string }): SearchArgs {
  const sl = s.slots;
  const rooms = sl.rooms ?? 1;
  const args: SearchArgs = { city: sl.city!, checkIn: dates.checkIn, checkOut: dates.checkOut, guests: Math.max(sl.guests ?? GUESTS_PER_ROOM * rooms, rooms) };
  if (sl.rooms) args.rooms = sl.rooms;
  if (sl.budgetMax) args.budgetMax = sl.budgetMax;
  if (sl.budgetMin) args.budgetMin = sl.budgetMin;
  if (sl.tier) args.tier = sl.tier;
  if (sl.stars?.length) args.stars = sl.stars;
  if (sl.minRating) args.minRating = sl.minRating;
  if (sl.amenities?.length) args.amenities = sl.amenities;
  return args;
}

function badDates(checkIn: string, checkOut: string, today: string): 'past' | 'order' | 'too_long' | 'too_far' | undefined {
  if (checkIn < today) return 'past';
  if (checkOut <= checkIn) return 'order';
  if (checkOut > addDays(checkIn, MAX_NIGHTS)) return 'too_long';
  if (checkIn > addDays(today, HORIZON_DAYS)) return 'too_far';
  return undefined;
}

/** Book a shown hotel: which one, then the guest's name and phone, then a server-priced summary to confirm. */
function bookingStep(s: DialogueState, changes: boolean): Step {
  if (changes || !s.search) return searchStep(s);
  const hotel = refOf(s) ?? (s.expecting?.kind === 'contact' ? s.expecting.hotel : undefined) ?? focusOffer(s) ?? only(s.search.shown);
  if (!hotel) return say({ kind: 'ask_which_hotel', offers: s.search.shown, purpose: 'book' }, { kind: 'hotel', purpose: 'book' });
  const { name, phone, phoneMasked } = s.contact;
  if (!name || !phone) {
    const need = !name && !phone ? 'both' : !name ? 'name' : 'phone';
    return say({ kind: 'ask_contact', offer: hotel, need, phoneMasked: Boolean(phoneMasked) }, { kind: 'contact', hotel });
  }
  const a = s.search.args;
  return call('prepare_booking', {
    hotelId: hotel.hotelId, roomTypeId: hotel.roomTypeId, checkIn: a.checkIn, checkOut: a.checkOut, rooms: a.rooms ?? 1,
    guests: a.guests, guestName: name, guestPhone: phone,
  });
}

/** A question about shown hotels: their details (and the FAQ for what details do not hold). */
function questionStep(s: DialogueState, ref: Offer | undefined): Step {
  const topics = s.u.questionTopics ?? [];
  const targets: Array<{ hotelId: string }> = ref ? [ref] : s.focus ? [s.focus] : s.search?.shown.length === 1 ? [s.search.shown[0]!] : [];
  if (targets.length === 0 && s.search && topics.length > 0) targets.push(...s.search.shown.slice(0, 3));
  if (targets.length === 0) {
    if (s.search && s.search.shown.length > 1) return say({ kind: 'ask_which_hotel', offers: s.search.shown, purpose: 'question' }, { kind: 'hotel', purpose: 'question' });
    return call('search_knowledge', { question: s.text });
  }
  const calls: PlannedCall[] = targets.map((t) => ({ name: 'get_hotel_details', args: { hotelId: t.hotelId } }));
  if (topics.some((t) => !detailsAnswer(t))) {
    calls.push({ name: 'search_knowledge', args: withHotel({ question: s.text }, targets.length === 1 ? targets[0]!.hotelId : undefined) });
  }
  return { kind: 'call', calls };
}

const withHotel = (args: { question: string }, hotelId: string | undefined) => (hotelId ? { ...args, hotelId } : args);

/** "price: ¥48; hotel: 北京饭店" out of the guards' correction note. */
function hitsOf(note: string): Array<{ kind: string; value: string }> {
  const m = /contains \((.*)\)\. Rewrite/s.exec(note);
  if (!m) return [];
  return m[1]!.split('; ').map((part) => {
    const i = part.indexOf(': ');
    return i > 0 ? { kind: part.slice(0, i), value: part.slice(i + 2) } : { kind: 'unknown', value: part };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Confidence: the understanding's, lowered when the slots conflict or a tool failed.

function confidenceOf(s: DialogueState, step: Step): number {
  let c = s.u.confidence;
  if (step.kind === 'say') {
    const k = step.plan.kind;
    // Not understood is not a guess: whatever the reader thought, these stay below the handoff threshold.
    if (k === 'out_of_domain' || k === 'not_understood') c = Math.min(c, 0.35);
    if (k === 'bad_dates') c -= 0.2;
    // The question is precise even when the message was not: the summary just shown says what is at stake.
    if (k === 'confirm_or_change') c = Math.max(c, 0.6);
  }
  if (s.slots.budgetMin !== undefined && s.slots.budgetMax !== undefined && s.slots.budgetMin > s.slots.budgetMax) c -= 0.2;
  if (s.steps.some((x) => x.failure)) c -= 0.1;
  return Math.round(Math.max(0, Math.min(1, c)) * 1000) / 1000;
}
