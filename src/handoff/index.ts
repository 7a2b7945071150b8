// Handoff marks: a conversation queued for a person, and the traveller's messages meanwhile forwarded to agents.
import type { Queryable } from '../../db/index.ts';
import type { HandoffPort } from '../bot/ports.ts';
import type { EventBus } from '../bot/events/index.ts';

/** Topic on which agents' consoles hear about handoffs and traveller messages. */
export const AGENT_TOPIC = 'agents';

/** Handoffs kept in PostgreSQL; at most one open per conversation (a unique index says so). */
export class HandoffStore implements HandoffPort {
  constructor(private readonly deps: { db: Queryable; events?: EventBus }) {}

  async open(conversationId: string): Promise<{ id: string; status: 'queued' | 'active' } | null> {
    const { rows } = await this.deps.db.query<{ id: string; status: 'queued' | 'active' }>(
      `SELECT id, status FROM handoffs WHERE conversation_id = $1 AND status IN ('queued', 'active')`, [conversationId]);
    return rows[0] ?? null;
  }

  async request(m: Parameters<HandoffPort['request']>[0]): Promise<string> {
    const { rows } = await this.deps.db.query<{ id: string }>(
      `INSERT INTO handoffs (conversation_id, tenant_id, channel, reason, detail, confidence)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (conversation_id) WHERE status IN ('queued', 'active') DO NOTHING RETURNING id`,
      [m.conversationId, m.tenantId, m.channel, m.reason, m.detail ?? null, m.confidence],
    );
    const id = rows[0]?.id ?? (await this.open(m.conversationId))!.id;
    if (rows[0]) await this.deps.events?.publish(AGENT_TOPIC, { type: 'handoff.queued', handoffId: id, ...m });
    return id;
  }

  async forward(m: { conversationId: string; messageId: string; text: string }): Promise<void> {
    await this.deps.events?.publish(AGENT_TOPIC, { type: 'traveller.message', ...m });
  }
}
