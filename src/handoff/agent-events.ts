// What agents' consoles hear on the `agents` topic: handoffs queued and moved, traveller and agent messages.
import type { EventBus } from '../bot/events/index.ts';

/** Topic on which agents' consoles hear about handoffs and traveller messages. */
export const AGENT_TOPIC = 'agents';

/** The kinds of desk event. */
export type DeskEventType =
  | 'handoff.queued'
  | 'handoff.claimed'
  | 'handoff.released'
  | 'handoff.resolved'
  | 'handoff.closed'
  | 'handoff.wait_notice'
  | 'handoff.offered'
  | 'agent.action'
  | 'traveller.message'
  | 'agent.message';

/**
 * One desk event. Every event names its tenant (null: a tenant-less conversation), so a console shows only what
 * its agent may see.
 */
export interface DeskEvent {
  type: DeskEventType;
  handoffId: string;
  conversationId: string;
  tenantId: string | null;
  [more: string]: unknown;
}

/**
 * Publishes a desk event after the change it reports is committed. The bus is fire-and-forget: a console that
 * missed it reloads the queue, so a failing bus never fails the move.
 * @example await announce(events, { type: 'handoff.claimed', handoffId, conversationId, tenantId, agentId });
 */
export async function announce(events: EventBus | undefined, event: DeskEvent, onError?: (err: unknown) => void): Promise<void> {
  try {
    await events?.publish(AGENT_TOPIC, event);
  } catch (err) {
    onError?.(err);
  }
}
