// After tool results: one more call when it helps (a relaxed search, the one booking to cancel), else the reply
// built from the results.
import { detailsAnswer, factAbout } from './hotel-facts.ts';
import { focusOffer } from './references.ts';
import { stayOf } from './slots.ts';
import {
  asBookings, asCancellation, asConfirm, asDetails, asPassages, asQuote, asSearch, shownOffers,
  type DetailsView, type Passage, type SearchArgs,
} from './results.ts';
import type { DialogueState, Expectation, ToolStep } from './state.ts';
import { call, say, type Step } from './steps.ts';


/**
 * The step after this turn's tool results: chained calls are few and bounded (one relaxed search, one
 * prepare_cancellation after find_bookings), so a turn always ends in a reply.
 */
export function afterResults(s: DialogueState): Step {
  const last = s.steps.at(-1)!;
  const failed = s.steps.filter((x) => x.failure);
  switch (last.name) {
    case 'handoff_to_human':
      return say({ kind: 'handed_off' });
    case 'confirm': {
      const r = asConfirm(last.result);
      if (r && 'booked' in r) return say({ kind: 'booked', result: r, nameEn: s.focus?.nameEn });
      if (r && 'cancelled' in r) return say({ kind: 'cancelled', result: r });
      if (last.failure?.error === 'not_confirmed') return say({ kind: 'not_confirmed' });
      return failure(s, last);
    }
    case 'prepare_booking': {
      // A group booking over the tenant's limit goes to a person instead of a quote.
      if ((last.result as { handedOff?: boolean } | undefined)?.handedOff) return say({ kind: 'handed_off' });
      const q = asQuote(last.result);
      const nameEn = s.search?.all.find((o) => o.hotelId === last.args.hotelId)?.nameEn;
      return q ? say({ kind: 'booking_summary', quote: q, guestsAssumed: s.slots.guests === undefined, nameEn }) : failure(s, last);
    }
    case 'prepare_cancellation': {
      const c = asCancellation(last.result);
      return c ? say({ kind: 'cancel_terms', cancellation: c }) : failure(s, last);
    }
    case 'find_bookings':
      return afterBookings(s, last);
    case 'search_hotels':
      return afterSearch(s, last);
    case 'get_hotel_details':
    case 'search_knowledge':
      return afterQuestion(s, failed);
    default:
      return failure(s, last);
  }
}

function afterBookings(s: DialogueState, last: ToolStep): Step {
  const bookings = asBookings(last.result);
  if (!bookings) return failure(s, last);
  const cancelling = s.u.intents.includes('cancel_booking');
  const active = bookings.filter((b) => b.status === 'held' || b.status === 'confirmed');
  if (bookings.length === 0) return say({ kind: 'no_bookings', code: typeof last.args.code === 'string' ? last.args.code : undefined });
  if (cancelling && active.length === 1) return call('prepare_cancellation', { code: active[0]!.code });
  if (cancelling) return say({ kind: 'bookings', bookings: active.length ? active : bookings, purpose: 'cancel' }, { kind: 'cancel_code' });
  return say({ kind: 'bookings', bookings, purpose: 'list' });
}

function afterSearch(s: DialogueState, last: ToolStep): Step {
  const view = asSearch(last.result);
  if (!view) return failure(s, last);
  const searches = s.steps.filter((x) => x.name === 'search_hotels');
  const requested = searches[0]!.args as unknown as SearchArgs;
  const args = last.args as unknown as SearchArgs;
  const shown = shownOffers(view);
  const relaxed = searches.length > 1;
  // The assumed party is said once, with the first results; the summary repeats it before anything is booked.
  const guestsAssumed = s.slots.guests === undefined && !s.search;
  const nightsAssumed = !stayOf(s.slots);
  if (shown.length > 0) return say({ kind: 'offers', view, shown, guestsAssumed, nightsAssumed, relaxed, requested }, nightsAssumed ? { kind: 'nights' } : undefined);
  const filtered = Boolean(args.budgetMax || args.budgetMin || args.tier || args.stars?.length || args.minRating || args.amenities?.length);
  // Nothing within the traveller's filters: look once more without them, and say so.
  if (filtered && !relaxed) {
    const { city, checkIn, checkOut, guests, rooms } = args;
    return call('search_hotels', rooms ? { city, checkIn, checkOut, guests, rooms } : { city, checkIn, checkOut, guests });
  }
  return say({ kind: 'nothing_fits', args: requested, filtered: filtered || relaxed }, { kind: 'dates' });
}

function afterQuestion(s: DialogueState, failed: ToolStep[]): Step {
  const details = s.steps.filter((x) => x.name === 'get_hotel_details').map((x) => asDetails(x.result)).filter((d): d is DetailsView => Boolean(d));
  const passages: Passage[] = s.steps.filter((x) => x.name === 'search_knowledge').flatMap((x) => asPassages(x.result) ?? []);
  const topics = s.u.questionTopics ?? [];
  if (details.length === 0 && failed.length > 0 && passages.length === 0) return failure(s, failed[0]!);
  if (details.length === 0) return passages.length ? say({ kind: 'knowledge', passages }) : say({ kind: 'no_knowledge' });
  const asked = topics.filter(detailsAnswer);
  // Only FAQ topics ("开发票吗"): the passages answer, not the hotel's facts.
  if (topics.length > 0 && asked.length === 0) return passages.length ? say({ kind: 'knowledge', passages }) : say({ kind: 'no_knowledge' });
  if (topics.length === 0) {
    return details.length === 1 ? say({ kind: 'hotel_overview', details: details[0]!, offer: s.search?.all.find((o) => o.hotelId === details[0]!.hotelId), lead: leadOf(s) }) : say({ kind: 'hotel_answers', hotels: details.map((d) => ({ details: d, facts: [] })), passages });
  }
  return say({
    kind: 'hotel_answers',
    hotels: details.map((d) => ({ details: d, facts: asked.map((t) => factAbout(t, d, s.lang)) })),
    passages,
  });
}

/** Why this hotel is shown, when the traveller asked for a cheaper or a dearer one. */
function leadOf(s: DialogueState): 'cheaper' | 'cheapest' | 'pricier' | 'priciest' | undefined {
  const ref = s.u.hotelRef;
  if (ref?.kind === 'cheaper') return focusOffer(s) ? 'cheaper' : 'cheapest';
  if (ref?.kind === 'pricier') return focusOffer(s) ? 'pricier' : 'priciest';
  return undefined;
}

/** A tool error, said kindly: another hotel when one sold out, the dates again when they were wrong. */
function failure(s: DialogueState, step: ToolStep): Step {
  const code = step.failure?.error ?? 'tool_failed';
  const hotelId = step.args.hotelId;
  const alternatives = code === 'sold_out' && s.search ? s.search.shown.filter((o) => o.hotelId !== hotelId) : [];
  const expects: Expectation | undefined =
    code === 'invalid_dates' ? { kind: 'dates' } : alternatives.length ? { kind: 'hotel', purpose: 'book' } : undefined;
  return say({ kind: 'tool_error', tool: step.name, code, alternatives }, expects);
}
