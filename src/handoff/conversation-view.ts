// A conversation as the agent's console shows it: the transcript, the bot's traces, the handoffs and the context.
import type { Queryable } from '../../db/index.ts';
import type { ReservationView } from '../booking/index.ts';
import { conversationMessages, conversationTraces, type ConversationMemory, type TranscriptMessage, type TurnTrace } from '../bot/index.ts';
import type { Staff } from '../operators/scope.ts';
import { deskConversation, type DeskConversation } from './conversation.ts';
import type { DeskDeps } from './deps.ts';
import { eventsOf, type HandoffEvent } from './history.ts';
import { handoffsOfConversation, type HandoffItem } from './queue.ts';
import { staffActor } from './scope.ts';

/** A handoff with its history. */
export type HandoffWithHistory = HandoffItem & { events: HandoffEvent[] };

/** What the bot remembers that helps an agent: the language, the last search, the pending quote. */
export interface MemoryContext {
  locale: string | null;
  turns: number;
  /** The last search_hotels arguments and what it showed. */
  lastSearch: unknown;
  /** The write the traveller was asked to confirm (a booking quote or a cancellation). */
  pending: { kind: string; summary: string; expiresAt: string } | null;
}

/** `GET /v1/agent/conversations/:id`. */
export interface ConversationView {
  conversation: DeskConversation;
  /** The open handoff, else the latest. */
  handoff: HandoffWithHistory | null;
  handoffs: HandoffWithHistory[];
  /** Every message, oldest first (phone numbers masked). */
  messages: TranscriptMessage[];
  /** The bot's turns: tools called with their arguments and results (searches, quotes), confidence, outcome. */
  traces: Array<Omit<TurnTrace, 'input'>>;
  context: {
    memory: MemoryContext | null;
    /** The traveller's own reservations in the caller's tenants, newest first. */
    reservations: ReservationView[];
  };
}

/** The bot's memory of the conversation, read from its state (the Agents SDK's conversation key). */
async function memoryOf(q: Queryable, c: DeskConversation): Promise<MemoryContext | null> {
  const { rows } = await q.query<{ value: { memory?: ConversationMemory } }>(
    'SELECT value FROM bot_state WHERE key = $1', [`${c.channel}/tourdesk/conversations/${c.id}`]);
  const m = rows[0]?.value.memory;
  if (!m) return null;
  return {
    locale: m.locale ?? null, turns: m.turn ?? 0, lastSearch: m.flows?.lastSearch ?? null,
    pending: m.pending ? { kind: m.pending.kind, summary: m.pending.summary, expiresAt: m.pending.expiresAt } : null,
  };
}

function reservationsOf(d: DeskDeps, staff: Staff, c: DeskConversation): Promise<ReservationView[]> {
  return d.booking.list({ travellerId: c.travellerId, limit: 20 }, staffActor(staff));
}

/**
 * The conversation `id` for `staff`: 404 unless it reached the desk in a tenant the caller sees (admins: any).
 * @example const view = await conversationView(deps, staff, conversationId);
 */
export async function conversationView(d: DeskDeps, staff: Staff, id: string): Promise<ConversationView> {
  const conversation = await deskConversation(d.db, staff, id);
  const [items, messages, traces, memory, reservations] = await Promise.all([
    handoffsOfConversation(d.db, id, d.clock.now()),
    conversationMessages(d.db, id, 500),
    conversationTraces(d.db, id),
    memoryOf(d.db, conversation),
    reservationsOf(d, staff, conversation),
  ]);
  const history = await eventsOf(d.db, items.map((h) => h.id));
  const handoffs = items.map((h) => ({ ...h, events: history.get(h.id) ?? [] }));
  const handoff = handoffs.find((h) => h.status === 'queued' || h.status === 'active') ?? handoffs.at(-1) ?? null;
  return {
    conversation, handoff, handoffs, messages,
    traces: traces.map(({ input: _input, ...t }) => t),
    context: { memory, reservations },
  };
}
