// The agents' actions for a traveller in the history (kind `action`): what was searched, quoted, booked, cancelled.
import type { Queryable } from '../../db/index.ts';
import type { Staff } from '../operators/scope.ts';
import type { OpenHandoff } from './holding.ts';
import { actorOf } from './scope.ts';

/** The actions an agent takes for a traveller. */
export type AgentActionKind = 'search' | 'quote' | 'book' | 'cancel';

/**
 * Stores one action as an event of the open handoff `h`. A booking is stored once per reservation and conversation
 * (a retried request replays the booking and finds it there): false when it was already stored.
 * @example await recordAction(db, staff, handoff, conversationId, 'book', { code: 'TD7K4Q2P', total });
 */
export async function recordAction(
  q: Queryable, staff: Staff, h: OpenHandoff, conversationId: string, kind: AgentActionKind, detail: Record<string, unknown>, at: Date,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `INSERT INTO handoff_events (handoff_id, conversation_id, kind, from_status, to_status, actor, actor_id, reason, detail, created_at)
     VALUES ($1, $2, 'action', $3, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (conversation_id, (detail->>'code')) WHERE kind = 'action' AND reason = 'book' DO NOTHING`,
    [h.id, conversationId, h.status, actorOf(staff), staff.userId, kind, JSON.stringify(detail), at],
  );
  return rowCount === 1;
}

/**
 * Codes of the reservations handled for the traveller during handoff `handoffId`: those its agents booked or
 * cancelled through the desk, and any booking made for the traveller by an agent since it opened (so a booking whose
 * action record was lost in a crash still reaches the hand-back).
 * @example const codes = await handledReservations(db, handoffId); // ['TD7K4Q2P']
 */
export async function handledReservations(q: Queryable, handoffId: string): Promise<string[]> {
  const { rows } = await q.query<{ code: string }>(
    `SELECT e.detail->>'code' AS code, min(e.seq) AS at FROM handoff_events e
     WHERE e.handoff_id = $1 AND e.kind = 'action' AND e.reason IN ('book', 'cancel') AND e.detail ? 'code'
     GROUP BY 1
     UNION
     SELECT r.code, NULL FROM reservations r JOIN handoffs h ON h.id = $1 JOIN conversations c ON c.id = h.conversation_id
     WHERE r.traveller_id = c.traveller_id AND r.booked_by = 'agent' AND r.created_at >= h.created_at
     ORDER BY 2 NULLS LAST, 1`,
    [handoffId],
  );
  return [...new Set(rows.map((r) => r.code))];
}
