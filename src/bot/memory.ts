// What the bot remembers of a conversation between turns (kept in conversation state, eTag-guarded).
import type { ChatMessage } from '../model/types.ts';
import type { Locale } from './turn.ts';

/** A write the traveller is asked to confirm; it runs only through its flow's confirmation gate. */
export interface PendingAction {
  id: string;
  kind: 'book' | 'cancel';
  /** What the traveller was shown, for the trace. */
  summary: string;
  createdAt: string;
  expiresAt: string;
  /** The turn that showed it: only the traveller's next message can confirm it. */
  turn: number;
  /** The flow's own data (a quote token, a sealed phone, a reservation code…). */
  data: Record<string, unknown>;
}

/** Facts the bot may state because a tool returned them (or the traveller said them) in this conversation. */
export interface Grounded {
  /** Money amounts in yuan. */
  amounts: number[];
  /** Hotel and room names. */
  names: string[];
  /** Reservation codes. */
  codes: string[];
}

/** The conversation's memory. */
export interface ConversationMemory {
  locale?: Locale;
  /** The recent model conversation (with tool calls and results), phone numbers masked. */
  window: ChatMessage[];
  grounded: Grounded;
  pending?: PendingAction;
  /** Turns in a row that ended in a clarifying question rather than progress. */
  clarifications: number;
  /** This conversation's bot turns so far (the current one included). */
  turn: number;
  /** Free space of the flows and of the offline model (slots, last results…). */
  flows: Record<string, unknown>;
}

/** A new conversation's memory. */
export function emptyMemory(): ConversationMemory {
  return { window: [], grounded: { amounts: [], names: [], codes: [] }, clarifications: 0, turn: 0, flows: {} };
}

const LIMIT = { window: 40, amounts: 400, names: 200, codes: 50 };

/** Keeps memory bounded: the newest window messages (cut at a user message) and the newest facts. */
export function trimMemory(m: ConversationMemory): ConversationMemory {
  let window = m.window;
  if (window.length > LIMIT.window) {
    window = window.slice(-LIMIT.window);
    const firstUser = window.findIndex((x) => x.role === 'user');
    window = firstUser > 0 ? window.slice(firstUser) : window;
  }
  const tail = <T>(xs: T[], n: number) => [...new Set(xs)].slice(-n);
  return {
    ...m,
    window,
    grounded: {
      amounts: tail(m.grounded.amounts, LIMIT.amounts),
      names: tail(m.grounded.names, LIMIT.names),
      codes: tail(m.grounded.codes, LIMIT.codes),
    },
  };
}
