// An agent's message to the traveller: only the agent holding the conversation (or an admin), on the traveller's channel.
import type { Queryable } from '../../db/index.ts';
import { AppError } from '../errors.ts';
import type { Staff } from '../operators/scope.ts';
import { maskPhonesInText } from '../security/index.ts';
import { announce } from './agent-events.ts';
import { deskConversation } from './conversation.ts';
import type { DeskDeps } from './deps.ts';
import type { PushOutcome } from './delivery.ts';
import type { HandoffStatus } from './states.ts';

/** What became of an agent's message. */
export interface AgentMessageResult extends PushOutcome {
  messageId: string;
  handoffId: string;
  conversationId: string;
  channel: string;
}

async function openHandoff(q: Queryable, conversationId: string) {
  const { rows } = await q.query<{ id: string; status: HandoffStatus; agent_id: string | null }>(
    `SELECT id, status, agent_id FROM handoffs WHERE conversation_id = $1 AND status IN ('queued', 'active')`, [conversationId]);
  return rows[0];
}

/**
 * `staff` writes `text` to the traveller of conversation `conversationId`. It is recorded in the transcript (author
 * `agent`) whatever the channel does with it; a WeChat traveller whose 48-hour window closed gets it only after
 * writing again (`delivered: false, reason: 'wechat_window_closed'`, and the conversation is marked).
 * 404 for a conversation the caller does not see; 409 while the bot has it or before the handoff is claimed;
 * 403 when another agent holds it. Admins may write in any open handoff.
 */
export async function agentMessage(d: DeskDeps, staff: Staff, conversationId: string, text: string): Promise<AgentMessageResult> {
  const c = await deskConversation(d.db, staff, conversationId);
  const h = await openHandoff(d.db, c.id);
  if (!h) throw new AppError('conflict', 'The assistant has this conversation: no person holds it now.');
  if (staff.role !== 'admin') {
    if (h.status === 'queued') throw new AppError('conflict', 'This conversation is still in the queue: claim its handoff first.');
    if (h.agent_id !== staff.userId) throw new AppError('forbidden', 'Another agent holds this conversation.');
  }
  const outcome = await d.delivery.deliver({ id: c.id, channel: c.channel, travellerId: c.travellerId }, 'agent', text);
  await announce(d.events, {
    type: 'agent.message', handoffId: h.id, conversationId: c.id, tenantId: c.tenantId, agentId: staff.userId,
    messageId: outcome.messageId, text: maskPhonesInText(text), delivered: outcome.delivered,
  }, (err) => d.onError?.(err, { what: 'announce' }));
  return { ...outcome, handoffId: h.id, conversationId: c.id, channel: c.channel };
}
