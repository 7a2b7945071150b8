// The history of handoffs: every move stored with who, when and why (handoff_events).
import type { Queryable } from '../../db/index.ts';
import type { HandoffEventKind, HandoffStatus } from './states.ts';

/** Who made a move. */
export type HandoffActor = 'bot' | 'agent' | 'admin' | 'system';

/** One event of a handoff's history. */
export interface HandoffEvent {
  id: string;
  kind: HandoffEventKind;
  fromStatus: HandoffStatus | null;
  toStatus: HandoffStatus;
  actor: HandoffActor;
  actorId: string | null;
  reason: string | null;
  detail: unknown;
  /** The transcript message the move sent the traveller, if any. */
  messageId: string | null;
  createdAt: string;
}

/** What {@link recordEvent} writes. */
export interface NewHandoffEvent {
  handoffId: string;
  conversationId: string;
  kind: HandoffEventKind;
  from: HandoffStatus | null;
  to: HandoffStatus;
  actor: HandoffActor;
  actorId?: string | null;
  reason?: string | null;
  detail?: unknown;
  messageId?: string | null;
  at: Date;
}

/**
 * Stores one event; call it in the transaction of the move it records.
 * @example await recordEvent(tx, { handoffId, conversationId, kind: 'claim', from: 'queued', to: 'active', actor: 'agent', actorId, at });
 */
export async function recordEvent(q: Queryable, e: NewHandoffEvent): Promise<void> {
  await q.query(
    `INSERT INTO handoff_events (handoff_id, conversation_id, kind, from_status, to_status, actor, actor_id, reason, detail,
       message_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [e.handoffId, e.conversationId, e.kind, e.from, e.to, e.actor, e.actorId ?? null, e.reason ?? null,
      e.detail === undefined ? null : JSON.stringify(e.detail), e.messageId ?? null, e.at],
  );
}

interface EventRow {
  id: string;
  handoff_id: string;
  kind: HandoffEventKind;
  from_status: HandoffStatus | null;
  to_status: HandoffStatus;
  actor: HandoffActor;
  actor_id: string | null;
  reason: string | null;
  detail: unknown;
  message_id: string | null;
  created_at: Date;
}

/** The events of these handoffs, oldest first, by handoff id. */
export async function eventsOf(q: Queryable, handoffIds: readonly string[]): Promise<Map<string, HandoffEvent[]>> {
  const out = new Map<string, HandoffEvent[]>(handoffIds.map((id) => [id, []]));
  if (handoffIds.length === 0) return out;
  const { rows } = await q.query<EventRow>(
    `SELECT id, handoff_id, kind, from_status, to_status, actor, actor_id, reason, detail, message_id, created_at
     FROM handoff_events WHERE handoff_id = ANY($1::uuid[]) ORDER BY seq`,
    [handoffIds],
  );
  for (const r of rows) {
    out.get(r.handoff_id)?.push({
      id: r.id, kind: r.kind, fromStatus: r.from_status, toStatus: r.to_status, actor: r.actor, actorId: r.actor_id,
      reason: r.reason, detail: r.detail, messageId: r.message_id, createdAt: new Date(r.created_at).toISOString(),
    });
  }
  return out;
}
