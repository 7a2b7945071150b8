// The conversation's outgoing messages as the socket delivers them: read from the transcript, numbered by its seq.
import type { Queryable } from '../../db/index.ts';
import { decrypt, type Keys } from '../../src/security/index.ts';
import type { NumberedReply } from './protocol.ts';
import { clientIdOf, sourceIdOf } from './turn.ts';

interface OutRow {
  seq: string | number;
  author: NumberedReply['author'];
  text: string;
  text_enc: string | null;
  payload: Record<string, unknown> | null;
  source_id: string | null;
}

const COLUMNS = 'o.seq, o.author, o.text, o.text_enc, o.payload, i.source_id';

function toReply(keys: Keys, conversationId: string, r: OutRow): NumberedReply {
  // The transcript masks phone numbers; the traveller gets the reply as the bot said it, like over HTTP.
  let text = r.text;
  if (r.text_enc) {
    try {
      text = decrypt(keys, r.text_enc);
    } catch {
      // A key that no longer opens it: the masked text is still the message.
    }
  }
  const replyTo = clientIdOf(conversationId, r.source_id);
  return { ...(r.payload ?? {}), type: 'message', text, seq: Number(r.seq), author: r.author, ...(replyTo && { replyTo }) };
}

/**
 * Outgoing messages of a conversation after `afterSeq`, oldest first, at most `limit`.
 * @example const missed = await outboundAfter(db, keys, conversationId, lastSeq);
 */
export async function outboundAfter(db: Queryable, keys: Keys, conversationId: string, afterSeq: number, limit = 200): Promise<NumberedReply[]> {
  const { rows } = await db.query<OutRow>(
    `SELECT ${COLUMNS} FROM messages o LEFT JOIN messages i ON i.id = o.reply_to
     WHERE o.conversation_id = $1 AND o.direction = 'out' AND o.seq > $2 ORDER BY o.seq LIMIT $3`,
    [conversationId, afterSeq, limit],
  );
  return rows.map((r) => toReply(keys, conversationId, r));
}

/**
 * The replies already given to the client's message `clientId`, oldest first (none when it was never handled).
 * @example for (const r of await answersTo(db, keys, conversationId, 'm-1')) socket.send(JSON.stringify(r));
 */
export async function answersTo(db: Queryable, keys: Keys, conversationId: string, clientId: string): Promise<NumberedReply[]> {
  const { rows } = await db.query<OutRow>(
    `SELECT ${COLUMNS} FROM messages i JOIN messages o ON o.reply_to = i.id
     WHERE i.channel = 'web' AND i.source_id = $1 AND i.conversation_id = $2 ORDER BY o.seq`,
    [sourceIdOf(conversationId, clientId), conversationId],
  );
  return rows.map((r) => toReply(keys, conversationId, r));
}

/** The seq of the conversation's latest outgoing message, 0 when there is none. */
export async function latestSeq(db: Queryable, conversationId: string): Promise<number> {
  const { rows } = await db.query<{ seq: string | number | null }>(
    `SELECT max(seq) AS seq FROM messages WHERE conversation_id = $1 AND direction = 'out'`,
    [conversationId],
  );
  return Number(rows[0]?.seq ?? 0);
}
