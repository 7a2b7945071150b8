// The dialogue state, rebuilt from the messages alone: slots, the last search, the focus hotel, the pending action.
import type { ChatMessage } from '../types.ts';
import { detectLang, type Lang } from './format.ts';
import {
  allOffers, asCancellation, asConfirm, asDetails, asQuote, asSearch, failureOf, parseJson, shownOffers,
  type CancellationView, type Offer, type QuoteView, type SearchArgs, type SearchView, type ToolFailure,
} from './results.ts';
import { applyUnderstanding, fillFromSearch, namesSearchSlots, type Slots } from './slots.ts';
import type { HotelRef, Understanding, UnderstandContext } from './understanding.ts';

/** Reads one traveller message (the other engineer's `understand`, or a stand-in). */
export type Understand = (text: string, ctx: UnderstandContext) => Understanding | Promise<Understanding>;

/** One tool call of a turn with its result. */
export interface ToolStep {
  id: string;
  name: string;
  args: Record<string, unknown>;
  result: unknown;
  failure?: ToolFailure;
}

/** The last search: what the traveller asked for, what was searched (maybe relaxed), and what came back. */
export interface SearchSnapshot {
  /** The first search of its turn: the traveller's own criteria. */
  requested: SearchArgs;
  /** The search whose results were shown (without the budget or filters when nothing fitted them). */
  args: SearchArgs;
  view: SearchView;
  shown: Offer[];
  all: Offer[];
  turn: number;
}

/** The last prepared write, and whether the traveller has answered it. */
export interface PendingSnapshot {
  kind: 'book' | 'cancel';
  actionId: string;
  turn: number;
  /** A later traveller message came: the gate takes only the very next one. */
  answered: boolean;
  /** The confirm tool ran it. */
  confirmed: boolean;
  /** A later turn said no to it, or searched or prepared something else. */
  superseded: boolean;
  quote?: QuoteView;
  cancellation?: CancellationView;
}

/** The guest's contact as far as the traveller gave it in the messages. */
export interface Contact {
  name?: string;
  phone?: string;
  /** A phone was given earlier but the stored window keeps it masked: it must be asked for again. */
  phoneMasked?: boolean;
}

/** A hotel the conversation is about. */
export interface Focus {
  hotelId: string;
  name: string;
  nameEn?: string | null;
}

/** What the concierge's last question asked for, so that a bare answer ("2", "张三") is read in its light. */
export type Expectation =
  | { kind: 'city' | 'dates' | 'nights' | 'check_in' | 'guests' | 'currency' | 'cancel_code' }
  | { kind: 'contact'; hotel: Offer }
  | { kind: 'hotel'; purpose: 'book' | 'question' };

/** Everything the policy decides from. */
export interface DialogueState {
  today: string;
  timeZone: string;
  lang: Lang;
  conversationId: string;
  /** Traveller messages in the window, this one included (1-based). */
  turn: number;
  /** This turn's traveller message. */
  text: string;
  /** This message as understood, read in the light of what was asked. */
  u: Understanding;
  /** The slots after this message. */
  slots: Slots;
  contact: Contact;
  /** The last search of an earlier turn. */
  search?: SearchSnapshot;
  focus?: Focus;
  pending?: PendingSnapshot;
  expecting?: Expectation;
  /** This turn's tool calls so far, with their results. */
  steps: ToolStep[];
  /** Set when the guards sent a draft of this turn back. */
  correction?: { draft: string; note: string };
}

/** What reconstruction needs besides the messages. */
export interface ReconstructDeps {
  understand: Understand;
  /** What the policy asked for at the end of a past turn (the policy's own decision, replayed). */
  expectationOf(s: DialogueState): Expectation | undefined;
  /** Today when the system prompt does not say. */
  fallbackToday(): string;
  conversationId: string;
  locale?: Lang;
}

interface Turn {
  text: string;
  steps: ToolStep[];
  /** The assistant's final text, when the turn has one. */
  answer?: string;
  correction?: { draft: string; note: string };
}

const TODAY_RE = /Today is (\d{4}-\d{2}-\d{2})(?:\s*\([A-Za-z]+\))?(?:\s+in\s+([A-Za-z_]+\/[A-Za-z_/+-]+))?/;
const MASKED_PHONE = /\d{0,4}\*{3,}\d{2,4}/;

/** Today and the hotels' zone from the system prompt ("Today is 2026-12-01 (Tuesday) in Asia/Shanghai."). */
export function todayFrom(messages: ChatMessage[]): { today?: string; timeZone?: string } {
  const system = messages.find((m) => m.role === 'system');
  const m = system ? TODAY_RE.exec(system.content) : null;
  return { today: m?.[1], timeZone: m?.[2] };
}

/** The messages grouped by traveller message: each turn's text, tool steps, final answer and any correction. */
function turnsOf(messages: ChatMessage[]): Turn[] {
  const turns: Turn[] = [];
  const byId = new Map<string, ToolStep>();
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    const cur = turns.at(-1);
    if (m.role === 'user') {
      turns.push({ text: m.content, steps: [] });
    } else if (!cur) {
      continue;
    } else if (m.role === 'assistant' && m.toolCalls?.length) {
      for (const c of m.toolCalls) {
        const parsed = parseJson(c.arguments);
        const step: ToolStep = { id: c.id, name: c.name, args: typeof parsed === 'object' && parsed ? (parsed as Record<string, unknown>) : {}, result: undefined };
        cur.steps.push(step);
        byId.set(c.id, step);
      }
    } else if (m.role === 'tool') {
      const step = byId.get(m.toolCallId);
      if (step) {
        step.result = parseJson(m.content);
        step.failure = failureOf(step.result);
      }
    } else if (m.role === 'assistant') {
      cur.answer = m.content ?? '';
      // A system message after a draft is the guards' correction note (see the agent loop).
      const next = messages[i + 1];
      cur.correction = next?.role === 'system' ? { draft: m.content ?? '', note: next.content } : undefined;
    }
  }
  return turns;
}

/** A message read in the light of the last question: a bare "2" answers "几位？", a bare "张三" answers "贵姓？". */
function interpret(u: Understanding, text: string, expecting: Expectation | undefined): Understanding {
  if (!expecting) return u;
  const t = text.trim();
  const n = bareNumber(t);
  // Read against the question it answers, the message is understood well enough to act on.
  const sure = (x: Understanding): Understanding => ({ ...x, confidence: Math.max(x.confidence, 0.75) });
  switch (expecting.kind) {
    case 'guests':
      if (!u.guests && n) return sure({ ...u, guests: n, intents: withIntent(u, 'search') });
      break;
    case 'nights':
      if (!u.dates?.nights && !u.dates?.checkOut && n) return sure({ ...u, dates: { ...u.dates, nights: n }, intents: withIntent(u, 'search') });
      break;
    case 'contact': {
      // Only a message the reader made nothing of may be a bare name: "好的" and "Yes" are not names.
      const nothingElse = u.intents.every((i) => i === 'unknown') && !namesSearchSlots(u) && !u.hotelRef;
      const nameLike = /^(?:[\p{Script=Han}·]{2,5}|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})$/u.test(t);
      if (!u.guestName && nameLike && nothingElse) return sure({ ...u, guestName: t, intents: withIntent(u, 'give_contact') });
      if (u.guestName || u.guestPhone) return sure({ ...u, intents: withIntent(u, 'give_contact') });
      break;
    }
    case 'hotel': {
      // "哪一家？" — "舒适型的吧": a tier alone answers which shown hotel, it does not ask for a new search.
      const onlyTier = u.tier && !u.city && !u.dates && !u.guests && !u.rooms && u.budgetMax === undefined;
      const ref: HotelRef | undefined = u.hotelRef ?? (onlyTier ? { kind: 'tier', tier: u.tier! } : undefined);
      if (!ref) break;
      const pointed: Understanding = { ...u, hotelRef: ref, tier: undefined, stars: undefined, grade: undefined };
      return sure({ ...pointed, intents: withIntent(pointed, expecting.purpose === 'book' ? 'book' : 'hotel_question').filter((i) => i !== 'search') });
    }
    case 'cancel_code':
      if (u.reservationCode) return sure({ ...u, intents: withIntent(u, 'cancel_booking') });
      break;
    default:
      break;
  }
  return u;
}

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** A number said alone ("2", "两个", "3晚"), or undefined. */
function bareNumber(t: string): number | undefined {
  const m = /^(\d{1,2}|[一二两三四五六七八九十])\s*(?:个人|个|位|人|晚|间|夜|people|guests?|nights?)?$/iu.exec(t);
  if (!m) return undefined;
  const n = CN_DIGITS[m[1]!] ?? Number(m[1]);
  return n > 0 ? n : undefined;
}

/**
 * "舒适型那家有早餐吗" may read as a search for hotels with breakfast; pointing at a shown hotel makes the amenities
 * questions about it instead, and narrows no search.
 */
function aboutShownHotel(u: Understanding, search: SearchSnapshot | undefined): Understanding {
  if (!search || !u.hotelRef || !u.amenities?.length) return u;
  if (u.city || u.dates?.checkIn || u.dates?.checkOut || u.dates?.nights || u.guests || u.rooms || u.budgetMax) return u;
  const intents = withIntent(u, 'hotel_question').filter((i) => i !== 'search');
  return { ...u, amenities: undefined, questionTopics: [...new Set([...(u.questionTopics ?? []), ...u.amenities])], intents };
}

function withIntent(u: Understanding, intent: Understanding['intents'][number]): Understanding['intents'] {
  const kept: Understanding['intents'] = u.intents.filter((i) => i !== 'unknown' && i !== 'out_of_domain');
  return kept.includes(intent) ? kept : [...kept, intent];
}

/**
 * True when `u` names a tier only to point at a shown hotel ("豪华那家有早餐吗", "订经济型那家"): it then narrows no
 * later search. A tier with nothing else, said while booking or asking about hotels, is such a pointer too.
 */
export function tierIsReference(u: Understanding, search: SearchSnapshot | undefined): boolean {
  if (!search) return false;
  if (u.hotelRef) return true;
  const otherSlots = u.city || u.dates?.checkIn || u.dates?.checkOut || u.dates?.nights || u.guests || u.rooms || u.budgetMax;
  return Boolean(u.tier) && !otherSlots && (u.intents.includes('book') || u.intents.includes('hotel_question'));
}

/** What the fold carries from turn to turn. */
interface Carried {
  slots: Slots;
  contact: Contact;
  search?: SearchSnapshot;
  focus?: Focus;
  pending?: PendingSnapshot;
  expecting?: Expectation;
}

/**
 * Rebuilds the dialogue state from `messages` (system prompt, window, this turn): replays every traveller message
 * through `understand`, each changing only what it names, and reads back the tool calls and results.
 */
export async function reconstruct(messages: ChatMessage[], deps: ReconstructDeps): Promise<DialogueState> {
  const { today = deps.fallbackToday(), timeZone = 'Asia/Shanghai' } = todayFrom(messages);
  const turns = turnsOf(messages);
  const lang: Lang = deps.locale ?? detectLang(turns.at(-1)?.text ?? '', 'zh-CN');
  const understood = await Promise.all(turns.map((t) => deps.understand(t.text, { today, locale: detectLang(t.text, lang) })));

  const c: Carried = { slots: {}, contact: {} };
  let state: DialogueState = {
    today, timeZone, lang, conversationId: deps.conversationId, turn: 0, text: '', u: { intents: ['unknown'], confidence: 0 },
    slots: {}, contact: {}, steps: [],
  };
  for (let k = 0; k < turns.length; k++) {
    const turn = turns[k]!;
    const u = aboutShownHotel(interpret(understood[k]!, turn.text, c.expecting), c.search);
    c.slots = applyUnderstanding(c.slots, u, tierIsReference(u, c.search));
    c.contact = contactAfter(c.contact, u, turn.text);
    state = {
      today, timeZone, lang, conversationId: deps.conversationId, turn: k + 1, text: turn.text, u, slots: c.slots,
      contact: c.contact, search: c.search, focus: c.focus, pending: c.pending, expecting: c.expecting, steps: turn.steps,
      correction: turn.correction,
    };
    if (k === turns.length - 1) break;
    // What this past turn ended asking, from the policy's own decision at its end.
    c.expecting = turn.answer !== undefined ? deps.expectationOf({ ...state, correction: undefined }) : undefined;
    readSteps(c, turn, k + 1);
    // A turn after a summary answers it, whatever it said: the gate takes only the very next message.
    if (c.pending && c.pending.turn < k + 1) {
      const moved = u.intents.includes('deny') || turn.steps.some((x) => x.name === 'search_hotels' || x.name.startsWith('prepare_'));
      c.pending = { ...c.pending, answered: true, superseded: c.pending.superseded || moved };
    }
  }
  return state;
}

/** What a past turn's tool calls leave behind: the last search, the hotel in focus, the pending action. */
function readSteps(c: Carried, turn: Turn, turnNo: number): void {
  let searched = false;
  for (const step of turn.steps) {
    // The stored window masks phone numbers in the traveller's messages, and a masked message may no longer read
    // as a name: the name of an earlier booking attempt is kept from its arguments.
    if (step.name === 'prepare_booking' && typeof step.args.guestName === 'string') c.contact = { ...c.contact, name: c.contact.name ?? step.args.guestName };
    if (step.failure) continue;
    if (step.name === 'search_hotels') {
      const view = asSearch(step.result);
      if (!view) continue;
      const args = step.args as unknown as SearchArgs;
      // A second search in one turn is the relaxed one: the traveller's own criteria are the first's.
      c.search = { requested: searched && c.search ? c.search.requested : args, args, view, shown: shownOffers(view), all: allOffers(view), turn: turnNo };
      searched = true;
      c.slots = fillFromSearch(c.slots, args);
      c.focus = undefined;
    } else if (step.name === 'get_hotel_details') {
      const d = asDetails(step.result);
      const single = turn.steps.filter((x) => x.name === 'get_hotel_details').length === 1;
      if (d && single) c.focus = { hotelId: d.hotelId, name: d.name, nameEn: d.nameEn };
    } else if (step.name === 'prepare_booking') {
      const q = asQuote(step.result);
      if (!q) continue;
      c.pending = { kind: 'book', actionId: q.actionId, turn: turnNo, answered: false, confirmed: false, superseded: false, quote: q };
      const offer = c.search?.all.find((o) => o.hotelId === step.args.hotelId);
      c.focus = { hotelId: String(step.args.hotelId), name: q.quote.hotelName, nameEn: offer?.nameEn };
    } else if (step.name === 'prepare_cancellation') {
      const x = asCancellation(step.result);
      if (x) c.pending = { kind: 'cancel', actionId: x.actionId, turn: turnNo, answered: false, confirmed: false, superseded: false, cancellation: x };
    } else if (step.name === 'confirm' && asConfirm(step.result) && c.pending) {
      c.pending = { ...c.pending, answered: true, confirmed: true };
    }
  }
}

function contactAfter(c: Contact, u: Understanding, text: string): Contact {
  const next = { ...c };
  if (u.guestName) next.name = u.guestName.trim();
  if (u.guestPhone && !u.guestPhone.includes('*')) {
    next.phone = u.guestPhone.trim();
    next.phoneMasked = false;
  } else if (u.guestPhone || MASKED_PHONE.test(text)) {
    next.phone = undefined;
    next.phoneMasked = true;
  }
  return next;
}
