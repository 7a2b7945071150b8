// Corrections: a member of staff marks a bot answer wrong and writes the right one; a corrected answer to a
// traveller's question becomes a knowledge entry that search_knowledge finds at once.
import type { Db, Queryable } from '../../db/index.ts';
import { once, requestHash } from '../booking/idempotency.ts';
import { detectLocale } from '../bot/index.ts';
import { AppError } from '../errors.ts';
import { tenantScope, type Staff } from '../operators/scope.ts';
import { maskPhonesInText } from '../security/index.ts';
import type { CorrectionInput } from './schemas.ts';
import { conversationVisibleSql } from './scope.ts';

/** What `POST …/corrections` answers. */
export interface CorrectionCreated {
  id: string;
  knowledgeEntryId: string | null;
}

interface MessageRow {
  id: string;
  author: string;
  text: string;
  reply_to: string | null;
  conversation_id: string;
  conversation_tenant: string | null;
  handoff_tenant: string | null;
  question_text: string | null;
}

/**
 * The hotels a turn's tool calls named (`hotelId` arguments), in the order first named.
 * @example hotelsNamed([{ arguments: '{"hotelId":"…a1"}' }, { arguments: '{"question":"早餐"}' }]) // ['…a1']
 */
export function hotelsNamed(steps: Array<{ arguments: string }>): string[] {
  const ids: string[] = [];
  for (const s of steps) {
    let args: unknown;
    try {
      args = JSON.parse(s.arguments);
    } catch {
      continue;
    }
    const id = (args as { hotelId?: unknown } | null)?.hotelId;
    if (typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) && !ids.includes(id.toLowerCase())) ids.push(id.toLowerCase());
  }
  return ids;
}

async function hotelInScope(q: Queryable, id: string, tenantId: string | null): Promise<{ id: string; tenant_id: string } | null> {
  const { rows } = await q.query<{ id: string; tenant_id: string }>(
    'SELECT id, tenant_id FROM hotels WHERE id = $1 AND ($2::uuid IS NULL OR tenant_id = $2::uuid)', [id, tenantId]);
  return rows[0] ?? null;
}

/**
 * The knowledge entry of a correction. A later correction of the same answer replaces the answer of the entry an
 * earlier one made (the corrections themselves all stay), so the bot never offers two versions of one fix.
 */
async function fileKnowledge(
  tx: Queryable,
  k: { messageId: string; tenantId: string; hotelId: string | null; question: string; answer: string; userId: string; now: Date },
): Promise<string> {
  const earlier = await tx.query<{ id: string }>(
    `SELECT e.id FROM corrections c JOIN knowledge_entries e ON e.id = c.knowledge_entry_id
     WHERE c.message_id = $1 AND e.tenant_id = $2 AND e.source = 'correction' ORDER BY c.created_at DESC, c.id DESC LIMIT 1`,
    [k.messageId, k.tenantId],
  );
  const id = earlier.rows[0]?.id;
  if (id) {
    await tx.query('UPDATE knowledge_entries SET hotel_id = $2, question = $3, answer = $4, locale = $5, updated_at = $6 WHERE id = $1',
      [id, k.hotelId, k.question, k.answer, detectLocale(k.question), k.now]);
    return id;
  }
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO knowledge_entries (tenant_id, hotel_id, question, answer, locale, source, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'correction', (SELECT id FROM users WHERE id = $6), $7, $7) RETURNING id`,
    [k.tenantId, k.hotelId, k.question, k.answer, detectLocale(k.question), k.userId, k.now],
  );
  return rows[0]!.id;
}

async function correct(tx: Queryable, staff: Staff, input: CorrectionInput, now: Date): Promise<CorrectionCreated> {
  const scope = tenantScope(staff);
  const { rows } = await tx.query<MessageRow>(
    `SELECT m.id, m.author, m.text, m.reply_to, m.conversation_id, c.tenant_id AS conversation_tenant, q.text AS question_text,
       (SELECT h.tenant_id FROM handoffs h WHERE h.conversation_id = c.id AND h.tenant_id IS NOT NULL
        ORDER BY h.created_at DESC, h.id DESC LIMIT 1) AS handoff_tenant
     FROM messages m JOIN conversations c ON c.id = m.conversation_id LEFT JOIN messages q ON q.id = m.reply_to
     WHERE m.id = $2 AND ${conversationVisibleSql('c', '$1')}`,
    [scope, input.messageId],
  );
  const m = rows[0];
  if (!m) throw new AppError('not_found', 'No such message.');
  if (m.author !== 'bot') throw new AppError('not_correctable', `Only an answer of the bot can be corrected; this message is the ${m.author}'s.`);

  let hotel: { id: string; tenant_id: string } | null = null;
  if (input.hotelId) {
    hotel = await hotelInScope(tx, input.hotelId, scope);
    if (!hotel) throw new AppError('not_found', 'No such hotel.');
  } else if (m.reply_to) {
    // The hotel of the answer, when the turn's tool calls named exactly one.
    const traces = await tx.query<{ steps: Array<{ arguments: string }> }>('SELECT steps FROM turn_traces WHERE message_id = $1', [m.reply_to]);
    const named = hotelsNamed(traces.rows.flatMap((r) => r.steps));
    if (named.length === 1) hotel = await hotelInScope(tx, named[0]!, scope);
  }
  const tenantId = scope ?? hotel?.tenant_id ?? m.conversation_tenant ?? m.handoff_tenant ?? null;
  const question = maskPhonesInText(input.question ?? m.question_text ?? '').trim() || null;

  let knowledgeEntryId: string | null = null;
  if (input.toKnowledge !== false) {
    if (input.toKnowledge === true && !question) {
      throw new AppError('invalid_request', 'Invalid body.question: the answer corrected answers no traveller message; give the question.');
    }
    if (input.toKnowledge === true && !tenantId) {
      throw new AppError('invalid_request', 'Invalid body.hotelId: this conversation belongs to no tenant; name the hotel the answer is about.');
    }
    if (question && tenantId) knowledgeEntryId = await fileKnowledge(tx, { messageId: m.id, tenantId, hotelId: hotel?.id ?? null, question, answer: input.text, userId: staff.userId, now });
  }
  const { rows: created } = await tx.query<{ id: string }>(
    `INSERT INTO corrections (tenant_id, conversation_id, message_id, question, wrong_text, corrected_text, knowledge_entry_id,
       hotel_id, created_by, created_by_role, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
    [tenantId, m.conversation_id, m.id, question, m.text, input.text, knowledgeEntryId, hotel?.id ?? null, staff.userId, staff.role, now],
  );
  return { id: created[0]!.id, knowledgeEntryId };
}

/**
 * Records a correction of the bot message `input.messageId` by `staff`, in one transaction with its knowledge entry.
 * 404 when the caller does not see the message (or the hotel named), 409 `not_correctable` unless the bot wrote it.
 * With an idempotency key, a retry of the same request answers the first correction again.
 * @example const { id, knowledgeEntryId } = await createCorrection(db, staff, { messageId, text: '可以开专票。' }, clock.now());
 */
export async function createCorrection(
  db: Db,
  staff: Staff,
  input: CorrectionInput,
  now: Date,
  opts: { idempotencyKey?: string } = {},
): Promise<CorrectionCreated> {
  return db.transaction(async (tx) => {
    if (!opts.idempotencyKey) return correct(tx, staff, input, now);
    const r = await once(tx, `correction:${staff.userId}`, opts.idempotencyKey, requestHash(input), () => correct(tx, staff, input, now));
    return r.value;
  });
}
