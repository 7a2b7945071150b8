// The waiting notice: a traveller queued longer than the tenant's limit hears, once, that agents are busy.
import { announce } from './agent-events.ts';
import { loadConversation } from './conversation.ts';
import type { DeskDeps } from './deps.ts';
import { recordEvent } from './history.ts';
import { waitNoticeText } from './texts.ts';

/** The periodic job that sends the notices. */
export const WAIT_NOTICE_JOB = 'handoff-wait-notice';

/**
 * Tells every traveller queued longer than their tenant's `waitNoticeAfterMs` (default 5 minutes) that agents are
 * busy, once per handoff: the mark is set by one conditional UPDATE, so two instances sweeping at once send it once.
 * Returns how many were told.
 * @example await sendWaitNotices(deps); // from the `handoff-wait-notice` job
 */
export async function sendWaitNotices(d: DeskDeps, batch = 100): Promise<number> {
  const now = d.clock.now();
  const { rows } = await d.db.query<{ id: string }>(
    `SELECT h.id FROM handoffs h LEFT JOIN handoff_settings s ON s.tenant_id = h.tenant_id
     WHERE h.status = 'queued' AND h.wait_notice_at IS NULL
       AND h.queued_at <= $1::timestamptz - COALESCE(s.wait_notice_after_s, $2::int) * interval '1 second'
     ORDER BY h.queued_at LIMIT $3`,
    [now, Math.round(d.rules.waitNoticeAfterMs / 1000), batch],
  );
  let told = 0;
  for (const { id } of rows) if (await notifyOne(d, id)) told++;
  return told;
}

async function notifyOne(d: DeskDeps, id: string): Promise<boolean> {
  const at = d.clock.now();
  const sent = await d.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ conversation_id: string; tenant_id: string | null }>(
      `UPDATE handoffs SET wait_notice_at = $2 WHERE id = $1 AND status = 'queued' AND wait_notice_at IS NULL
       RETURNING conversation_id, tenant_id`,
      [id, at],
    );
    const h = rows[0];
    if (!h) return null;
    const c = (await loadConversation(tx, h.conversation_id))!;
    const to = { id: c.id, channel: c.channel, travellerId: c.travellerId };
    const text = waitNoticeText(c.locale, d.delivery.windowHours(c.channel));
    const messageId = await d.delivery.record(tx, to, 'system', text);
    await recordEvent(tx, { handoffId: id, conversationId: c.id, kind: 'notice', from: 'queued', to: 'queued', actor: 'system', reason: 'wait_notice', messageId, at });
    return { to, text, tenantId: h.tenant_id };
  });
  if (!sent) return false;
  await d.delivery.send(sent.to, 'system', sent.text);
  await announce(d.events, { type: 'handoff.wait_notice', handoffId: id, conversationId: sent.to.id, tenantId: sent.tenantId }, (err) => d.onError?.(err, { what: 'announce' }));
  return true;
}
