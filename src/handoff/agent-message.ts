// An agent's message to the traveller: only the agent holding the conversation (or an admin), on the traveller's channel.
import type { Staff } from '../operators/scope.ts';
import { maskPhonesInText } from '../security/index.ts';
import { announce } from './agent-events.ts';
import type { DeskDeps } from './deps.ts';
import type { PushOutcome } from './delivery.ts';
import { holding } from './holding.ts';

/** What became of an agent's message. */
export interface AgentMessageResult extends PushOutcome {
  messageId: string;
  handoffId: string;
  conversationId: string;
  channel: string;
}

/**
 * `staff` writes `text` to the traveller of conversation `conversationId`. It is recorded in the transcript (author
 * `agent`) whatever the channel does with it; a WeChat traveller whose 48-hour window closed gets it only after
 * writing again (`delivered: false, reason: 'wechat_window_closed'`, and the conversation is marked).
 * 404 for a conversation the caller does not see; 409 while the bot has it or before the handoff is claimed;
 * 403 when another agent holds it. Admins may write in any open handoff.
 */
export async function agentMessage(d: DeskDeps, staff: Staff, conversationId: string, text: string): Promise<AgentMessageResult> {
  const { conversation: c, handoff: h } = await holding(d.db, staff, conversationId);
  const outcome = await d.delivery.deliver({ id: c.id, channel: c.channel, travellerId: c.travellerId }, 'agent', text);
  await announce(d.events, {
    type: 'agent.message', handoffId: h.id, conversationId: c.id, tenantId: c.tenantId, agentId: staff.userId,
    messageId: outcome.messageId, text: maskPhonesInText(text), delivered: outcome.delivered,
  }, (err) => d.onError?.(err, { what: 'announce' }));
  return { ...outcome, handoffId: h.id, conversationId: c.id, channel: c.channel };
}
