// Who may act in a conversation now: the agent holding its active handoff, or an admin while any handoff is open.
import type { Queryable } from '../../db/index.ts';
import { AppError } from '../errors.ts';
import type { Staff } from '../operators/scope.ts';
import { deskConversation, type DeskConversation } from './conversation.ts';
import type { HandoffStatus } from './states.ts';

/** The open handoff of a conversation, as an action checks it. */
export interface OpenHandoff {
  id: string;
  status: HandoffStatus;
  agent_id: string | null;
  created_at: Date;
}

/** The conversation's queued or active handoff, or undefined. */
export async function openHandoff(q: Queryable, conversationId: string): Promise<OpenHandoff | undefined> {
  const { rows } = await q.query<OpenHandoff>(
    `SELECT id, status, agent_id, created_at FROM handoffs WHERE conversation_id = $1 AND status IN ('queued', 'active')`, [conversationId]);
  return rows[0];
}

/**
 * The conversation `conversationId` and its open handoff, when `staff` may act in it now: 404 for a conversation
 * the caller does not see; 409 while the bot has it or before the handoff is claimed; 403 when another agent holds
 * it. Admins may act in any open handoff.
 * @example const { conversation, handoff } = await holding(db, staff, conversationId);
 */
export async function holding(q: Queryable, staff: Staff, conversationId: string): Promise<{ conversation: DeskConversation; handoff: OpenHandoff }> {
  const conversation = await deskConversation(q, staff, conversationId);
  const handoff = await openHandoff(q, conversation.id);
  if (!handoff) throw new AppError('conflict', 'The assistant has this conversation: no person holds it now.');
  if (staff.role !== 'admin') {
    if (handoff.status === 'queued') throw new AppError('conflict', 'This conversation is still in the queue: claim its handoff first.');
    if (handoff.agent_id !== staff.userId) throw new AppError('forbidden', 'Another agent holds this conversation.');
  }
  return { conversation, handoff };
}
