// The conversation behind a handoff, as the desk reaches it: its channel, traveller, tenant and language.
import type { Queryable } from '../../db/index.ts';
import { detectLocale, type Locale } from '../bot/index.ts';
import type { Staff } from '../operators/scope.ts';
import { AppError } from '../errors.ts';
import { seesTenant } from './scope.ts';

/** A conversation as the desk needs it. */
export interface DeskConversation {
  id: string;
  channel: string;
  travellerId: string;
  tenantId: string | null;
  /** The traveller's language: of their latest message, else of the session. */
  locale: Locale;
  createdAt: string;
  replyWindow: { closedAt: string; reason: string | null } | null;
}

interface Row {
  id: string;
  channel: string;
  traveller_id: string;
  tenant_id: string | null;
  locale: string | null;
  created_at: Date;
  reply_window_closed_at: Date | null;
  reply_window_reason: string | null;
  last_traveller_text: string | null;
}

/** A conversation by id, or undefined. */
export async function loadConversation(q: Queryable, id: string): Promise<DeskConversation | undefined> {
  const { rows } = await q.query<Row>(
    // A conversation without a tenant of its own belongs to the tenant its handoff went to (see HandoffStore.request).
    `SELECT c.id, c.channel, c.traveller_id,
            COALESCE(c.tenant_id, (SELECT h.tenant_id FROM handoffs h WHERE h.conversation_id = c.id ORDER BY h.created_at DESC, h.id LIMIT 1)) AS tenant_id,
            c.locale, c.created_at, c.reply_window_closed_at, c.reply_window_reason,
            (SELECT m.text FROM messages m WHERE m.conversation_id = c.id AND m.author = 'traveller' AND m.text <> ''
             ORDER BY m.seq DESC LIMIT 1) AS last_traveller_text
     FROM conversations c WHERE c.id = $1`,
    [id],
  );
  const r = rows[0];
  if (!r) return undefined;
  const fallback: Locale = r.locale === 'en' ? 'en' : 'zh-CN';
  return {
    id: r.id, channel: r.channel, travellerId: r.traveller_id, tenantId: r.tenant_id,
    locale: r.last_traveller_text ? detectLocale(r.last_traveller_text, fallback) : fallback,
    createdAt: new Date(r.created_at).toISOString(),
    replyWindow: r.reply_window_closed_at ? { closedAt: new Date(r.reply_window_closed_at).toISOString(), reason: r.reply_window_reason } : null,
  };
}

/**
 * A conversation the desk may open for `staff`: one that reached the desk (it has a handoff) in a tenant the caller
 * sees; admins open any. Anything else answers 404, exactly like an unknown id.
 */
export async function deskConversation(q: Queryable, staff: Staff, id: string): Promise<DeskConversation> {
  const c = await loadConversation(q, id);
  const reached = async () => (await q.query('SELECT 1 FROM handoffs WHERE conversation_id = $1 LIMIT 1', [id])).rowCount > 0;
  if (!c || !seesTenant(staff, c.tenantId) || (staff.role !== 'admin' && !(await reached()))) {
    throw new AppError('not_found', 'No such conversation.');
  }
  return c;
}
