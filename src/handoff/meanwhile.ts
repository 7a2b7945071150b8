// What happened while the bot was not answering, told to the bot on its next turn: the person's chat, the hand-back.
import type { Queryable } from '../../db/index.ts';
import type { Money } from '../money.ts';

/** A reservation an agent handled for the traveller, as the hand-back keeps it. */
export interface ReservationNote {
  code: string;
  status: string;
  hotelName: string;
  roomName: string;
  checkIn: string;
  checkOut: string;
  rooms: number;
  total: Money;
}

/** What a resolve or close stores in its event, for the bot to read back. */
export interface HandBackDetail {
  note?: string;
  reservations?: ReservationNote[];
}

/** The note for the model and the facts it may now state (grounded like a tool result). */
export interface Meanwhile {
  note: string;
  facts: { reservations: ReservationNote[]; agentSaid: string[] };
}

const WHO = { traveller: 'traveller', agent: 'human agent (our colleague)', system: 'system notice', bot: 'you' } as const;
const MAX_MESSAGES = 40;
const clip = (s: string, n = 500) => (s.length > n ? `${s.slice(0, n)}…` : s);

/**
 * What others wrote in the conversation since the bot's last reply (its inbound message `inboundId` aside), when a
 * person or the system wrote anything: the traveller's messages to the agent, the agent's answers, the hand-back,
 * the agent's note and the reservations it handled. Null in an ordinary turn (one query, no rows).
 * @example const m = await meanwhile(db, conversationId, inboundId); if (m) window.push({ role: 'system', content: m.note });
 */
export async function meanwhile(q: Queryable, conversationId: string, inboundId: string | null): Promise<Meanwhile | null> {
  const { rows } = await q.query<{ id: string; author: keyof typeof WHO; text: string }>(
    `SELECT m.id, m.author, m.text FROM messages m
     WHERE m.conversation_id = $1 AND m.id IS DISTINCT FROM $2::uuid
       AND m.seq > COALESCE((SELECT b.seq FROM messages b WHERE b.conversation_id = $1 AND b.author = 'bot'
                             ORDER BY b.seq DESC LIMIT 1), 0)
     ORDER BY m.seq DESC LIMIT ${MAX_MESSAGES}`,
    [conversationId, inboundId],
  );
  if (!rows.some((r) => r.author === 'agent' || r.author === 'system')) return null;
  rows.reverse();
  const ended = await q.query<{ detail: HandBackDetail | null }>(
    `SELECT detail FROM handoff_events WHERE message_id = ANY($1::uuid[]) AND kind IN ('resolve', 'close') ORDER BY seq`,
    [rows.map((r) => r.id)],
  );
  const notes = ended.rows.map((r) => r.detail?.note).filter((n): n is string => Boolean(n));
  const reservations = ended.rows.flatMap((r) => r.detail?.reservations ?? []);
  const lines = [
    'Meanwhile, outside your turns (you did not write these; a person of our team or the system did):',
    ...rows.filter((r) => r.text.trim()).map((r) => `- ${WHO[r.author]}: ${clip(r.text)}`),
    ...notes.map((n) => `The human agent's note on handing the conversation back to you: ${clip(n, 1000)}`),
    ...(reservations.length
      ? ['Reservations the human agent made or changed for this traveller meanwhile (facts you may state):',
        ...reservations.map((r) => `- ${r.code}: ${r.hotelName}, ${r.roomName}, ${r.checkIn} to ${r.checkOut}, ${r.rooms} room(s), ${r.status}, total ${r.total.amount / 100} ${r.total.currency}`)]
      : []),
    'You have the conversation again: build on what was done, and do not offer to do it again.',
  ];
  return { note: lines.join('\n'), facts: { reservations, agentSaid: rows.filter((r) => r.author === 'agent').map((r) => r.text) } };
}
