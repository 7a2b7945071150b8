// What the concierge can say (reply plans) and how each language words them, with variety that is still deterministic.
import type { Fact } from './hotel-facts.ts';
import type {
  BookingView, CancellationView, ConfirmView, DetailsView, Offer, Passage, QuoteView, SearchArgs, SearchView,
} from './results.ts';

/** A reply before it is worded: the situation and the facts (all from tool results) it may state. */
export type ReplyPlan =
  | { kind: 'ask_city' }
  | { kind: 'ask_dates'; city?: string }
  | { kind: 'ask_check_in'; nights: number }
  | { kind: 'bad_dates'; reason: 'past' | 'order' | 'too_long' | 'too_far'; today: string }
  | { kind: 'ask_currency'; currency: string }
  | { kind: 'ask_which_hotel'; offers: Offer[]; purpose: 'book' | 'question' }
  | { kind: 'ask_contact'; offer: Offer; need: 'name' | 'phone' | 'both'; phoneMasked: boolean }
  | { kind: 'offers'; view: SearchView; shown: Offer[]; guestsAssumed: boolean; nightsAssumed?: boolean; relaxed: boolean; requested: SearchArgs }
  | { kind: 'nothing_fits'; args: SearchArgs; filtered: boolean }
  | { kind: 'hotel_overview'; details: DetailsView; offer?: Offer; lead?: 'cheaper' | 'cheapest' | 'pricier' | 'priciest' }
  | { kind: 'hotel_answers'; hotels: Array<{ details: DetailsView; facts: Fact[] }>; passages: Passage[] }
  | { kind: 'knowledge'; passages: Passage[] }
  | { kind: 'no_knowledge' }
  | { kind: 'booking_summary'; quote: QuoteView; guestsAssumed: boolean; nameEn?: string | null }
  | { kind: 'booked'; result: Extract<ConfirmView, { booked: true }>; nameEn?: string | null }
  | { kind: 'booking_declined' }
  | { kind: 'cancel_terms'; cancellation: CancellationView }
  | { kind: 'cancelled'; result: Extract<ConfirmView, { cancelled: true }> }
  | { kind: 'cancel_kept' }
  | { kind: 'bookings'; bookings: BookingView[]; purpose: 'list' | 'cancel' }
  | { kind: 'no_bookings'; code?: string }
  | { kind: 'handed_off' }
  | { kind: 'thanks' }
  | { kind: 'greet' }
  | { kind: 'out_of_domain' }
  | { kind: 'not_understood' }
  | { kind: 'tool_error'; tool: string; code: string; alternatives: Offer[] }
  | { kind: 'not_confirmed' }
  | { kind: 'confirm_or_change'; action: 'book' | 'cancel' }
  | { kind: 'contact_noted'; name?: string; hasOffers: boolean }
  | { kind: 'ack'; hasOffers: boolean }
  | { kind: 'dismissed' }
  | { kind: 'repair'; draft: string; hits: Array<{ kind: string; value: string }> };

/** Chooses one wording of a situation. */
export type Pick = (key: string, variants: readonly string[]) => string;

/** What wording needs besides the plan. */
export interface VoiceContext {
  pick: Pick;
  /** The hotels' zone, for deadlines and free-cancellation times. */
  timeZone: string;
  /** Today (YYYY-MM-DD): dates in another year are written with their year. */
  today?: string;
}

/** One language's words for every plan. */
export type Voice = { [K in ReplyPlan['kind']]: (plan: Extract<ReplyPlan, { kind: K }>, v: VoiceContext) => string };

/** FNV-1a: a small, stable hash (no Math.random: the same conversation must read the same). */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Picks wordings by a hash of the conversation, the turn and the situation: varied across turns and
 * conversations, identical for the same messages.
 * @example const pick = picker('conv-1', 3); pick('greet', ['您好！', '你好呀！'])
 */
export function picker(conversationId: string, turn: number): Pick {
  return (key, variants) => variants[hash(`${conversationId}#${turn}#${key}`) % variants.length]!;
}

/** Words `plan` in `voice`. */
export function render(voice: Voice, plan: ReplyPlan, v: VoiceContext): string {
  return (voice[plan.kind] as (p: ReplyPlan, v: VoiceContext) => string)(plan, v);
}
