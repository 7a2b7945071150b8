// The conversation so far, for the chat page to show on (re)load: both sides, the handoff state, where to resume.
import type { Services } from '../../src/services.ts';
import type { HotelCard, ReplyAction } from '../../src/bot/index.ts';
import { latestSeq } from './outbox.ts';
import { clientIdOf } from './turn.ts';

/** One message of the history. Text is as the transcript keeps it: phone numbers masked. */
export interface HistoryMessage {
  seq: number;
  direction: 'in' | 'out';
  author: 'traveller' | 'bot' | 'agent' | 'system';
  text: string;
  cards?: HotelCard[];
  actions?: ReplyAction[];
  handoff?: true;
  /** The client's id of a traveller's message. */
  id?: string;
}

/** `GET /v1/web/history`. */
export interface ConversationHistory {
  conversationId: string;
  /** Resume the socket from here (`?lastSeq=`). */
  lastSeq: number;
  /** A person has the conversation (queued for or taken by an agent). */
  handoff: 'queued' | 'active' | null;
  messages: HistoryMessage[];
}

interface Row {
  seq: string | number;
  direction: 'in' | 'out';
  author: HistoryMessage['author'];
  text: string;
  payload: unknown;
  source_id: string | null;
}

/**
 * The last `limit` messages of a conversation, oldest first. A tapped quick reply (a payload without text) shows as
 * the title of the action it came from.
 * @example const h = await conversationHistory(services, principal.conversationId, 50);
 */
export async function conversationHistory(s: Services, conversationId: string, limit: number): Promise<ConversationHistory> {
  const [{ rows }, lastSeq, open] = await Promise.all([
    s.db.query<Row>(
      `SELECT seq, direction, author, text, payload, source_id FROM messages WHERE conversation_id = $1 ORDER BY seq DESC LIMIT $2`,
      [conversationId, limit],
    ),
    latestSeq(s.db, conversationId),
    s.handoffs.open(conversationId),
  ]);
  const messages: HistoryMessage[] = [];
  let lastActions: ReplyAction[] = [];
  for (const r of rows.reverse()) {
    const seq = Number(r.seq);
    if (r.direction === 'out') {
      const { cards, actions, handoff } = (r.payload ?? {}) as Partial<HistoryMessage>;
      lastActions = actions ?? [];
      messages.push({ seq, direction: 'out', author: r.author, text: r.text, ...(cards && { cards }), ...(actions && { actions }), ...(handoff && { handoff }) });
      continue;
    }
    const text = r.text.trim() ? r.text : (lastActions.find((a) => a.value === r.payload)?.title ?? '');
    const id = clientIdOf(conversationId, r.source_id);
    if (text) messages.push({ seq, direction: 'in', author: 'traveller', text, ...(id && { id }) });
  }
  return { conversationId, lastSeq, handoff: open?.status ?? null, messages };
}
