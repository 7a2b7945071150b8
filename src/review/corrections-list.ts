// The corrections a tenant sees, newest first, with who made them and when.
import type { Queryable } from '../../db/index.ts';
import { maskPhonesDeep } from '../security/index.ts';
import type { CorrectionListQuery } from './schemas.ts';

/** A correction as the review API shows it. */
export interface CorrectionView {
  id: string;
  tenantId: string | null;
  conversationId: string;
  /** The bot message corrected. */
  messageId: string;
  question: string | null;
  wrongText: string;
  correctedText: string;
  knowledgeEntryId: string | null;
  hotelId: string | null;
  /** Who: the account (its email and name while it exists) and the role it acted in. */
  createdBy: { id: string; role: string; email: string | null; name: string | null };
  createdAt: string;
}

interface Row {
  id: string;
  tenant_id: string | null;
  conversation_id: string;
  message_id: string;
  question: string | null;
  wrong_text: string;
  corrected_text: string;
  knowledge_entry_id: string | null;
  hotel_id: string | null;
  created_by: string;
  created_by_role: string;
  email: string | null;
  display_name: string | null;
  created_at: Date;
}

/**
 * Corrections of `tenantId` (null: every tenant), newest first, optionally of one conversation; `next` is the offset
 * of the following page, null at the end.
 * @example const { items } = await listCorrections(db, { tenantId }, { conversationId, limit: 50, offset: 0 });
 */
export async function listCorrections(
  db: Queryable,
  ctx: { tenantId: string | null },
  q: CorrectionListQuery,
): Promise<{ items: CorrectionView[]; next: number | null }> {
  const { rows } = await db.query<Row>(
    `SELECT k.*, u.email, u.display_name FROM corrections k LEFT JOIN users u ON u.id = k.created_by
     WHERE ($1::uuid IS NULL OR k.tenant_id = $1::uuid) AND ($2::uuid IS NULL OR k.conversation_id = $2::uuid)
     ORDER BY k.created_at DESC, k.id DESC LIMIT $3 OFFSET $4`,
    [ctx.tenantId, q.conversationId ?? null, q.limit + 1, q.offset],
  );
  const items = rows.slice(0, q.limit).map((r) => maskPhonesDeep({
    id: r.id, tenantId: r.tenant_id, conversationId: r.conversation_id, messageId: r.message_id, question: r.question,
    wrongText: r.wrong_text, correctedText: r.corrected_text, knowledgeEntryId: r.knowledge_entry_id, hotelId: r.hotel_id,
    createdBy: { id: r.created_by, role: r.created_by_role, email: r.email, name: r.display_name },
    createdAt: new Date(r.created_at).toISOString(),
  }));
  return { items, next: rows.length > q.limit ? q.offset + q.limit : null };
}
