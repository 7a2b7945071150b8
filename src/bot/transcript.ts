// The transcript: every message in and out, phone numbers masked in the text and the original kept encrypted.
import type { Queryable } from '../../db/types.ts';
import { encrypt, maskPhonesInText, type Keys } from '../security/index.ts';
import type { Reply } from './reply.ts';

/** A message of the transcript. */
export interface TranscriptMessage {
  id: string;
  direction: 'in' | 'out';
  author: 'traveller' | 'bot' | 'agent' | 'system';
  text: string;
  payload: unknown;
  createdAt: string;
}

function sealText(keys: Keys, text: string): { text: string; enc: string | null } {
  const masked = maskPhonesInText(text);
  return { text: masked, enc: masked === text ? null : encrypt(keys, text) };
}

/**
 * Records an inbound message once: returns its id, or null when a message with this channel and source id is
 * already there (a retry of the channel).
 */
export async function recordInbound(
  db: Queryable,
  keys: Keys,
  m: { conversationId: string; channel: string; sourceId: string; text: string; payload: unknown; at: Date },
): Promise<string | null> {
  const t = sealText(keys, m.text);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO messages (conversation_id, direction, author, channel, source_id, text, text_enc, payload, created_at)
     VALUES ($1, 'in', 'traveller', $2, $3, $4, $5, $6, $7)
     ON CONFLICT (channel, source_id) WHERE source_id IS NOT NULL DO NOTHING RETURNING id`,
    [m.conversationId, m.channel, m.sourceId, t.text, t.enc, m.payload === undefined ? null : JSON.stringify(m.payload), m.at],
  );
  return rows[0]?.id ?? null;
}

/** Records a reply (of the bot, an agent or the system), answering `replyTo` when given. */
export async function recordOutbound(
  db: Queryable,
  keys: Keys,
  m: { conversationId: string; channel: string; author: 'bot' | 'agent' | 'system'; reply: Reply; replyTo?: string | null; at: Date },
): Promise<string> {
  const t = sealText(keys, m.reply.text);
  const { text: _t, ...rest } = m.reply;
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO messages (conversation_id, direction, author, channel, reply_to, text, text_enc, payload, created_at)
     VALUES ($1, 'out', $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [m.conversationId, m.author, m.channel, m.replyTo ?? null, t.text, t.enc, JSON.stringify(rest), m.at],
  );
  return rows[0]!.id;
}

/** The replies already given to the inbound message with this source id, in order (to answer a retry alike). */
export async function repliesTo(db: Queryable, channel: string, sourceId: string): Promise<Reply[]> {
  const { rows } = await db.query<{ text: string; payload: Omit<Reply, 'text'> | null }>(
    `SELECT o.text, o.payload FROM messages i JOIN messages o ON o.reply_to = i.id
     WHERE i.channel = $1 AND i.source_id = $2 ORDER BY o.seq`,
    [channel, sourceId],
  );
  return rows.map((r) => ({ type: 'message', ...(r.payload ?? {}), text: r.text }) as Reply);
}

/** A conversation's messages, oldest first. */
export async function conversationMessages(db: Queryable, conversationId: string, limit = 200): Promise<TranscriptMessage[]> {
  const { rows } = await db.query<{ id: string; direction: 'in' | 'out'; author: TranscriptMessage['author']; text: string; payload: unknown; created_at: Date }>(
    `SELECT id, direction, author, text, payload, created_at FROM messages WHERE conversation_id = $1
     ORDER BY seq LIMIT $2`,
    [conversationId, limit],
  );
  return rows.map((r) => ({ id: r.id, direction: r.direction, author: r.author, text: r.text, payload: r.payload, createdAt: new Date(r.created_at).toISOString() }));
}
