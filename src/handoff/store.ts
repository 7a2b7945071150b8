// The bot's side of handoffs: is a person on this conversation, queue it for one, forward what the traveller says.
import type { Queryable } from '../../db/index.ts';
import type { HandoffPort } from '../bot/ports.ts';
import type { EventBus } from '../bot/events/index.ts';
import { systemClock, type Clock } from '../clock.ts';
import { maskPhonesInText } from '../security/index.ts';
import { AGENT_TOPIC, announce } from './agent-events.ts';
import { meanwhile, type Meanwhile } from './meanwhile.ts';

/**
 * Handoffs kept in PostgreSQL, as the bot's {@link HandoffPort}: at most one open per conversation (a unique index
 * says so); opening one records the first event of its history.
 * @example const store = new HandoffStore({ db, events, clock }); await store.request({ conversationId, … });
 */
export class HandoffStore implements HandoffPort {
  constructor(private readonly deps: { db: Queryable; events?: EventBus; clock?: Clock }) {}

  async open(conversationId: string): Promise<{ id: string; status: 'queued' | 'active' } | null> {
    const { rows } = await this.deps.db.query<{ id: string; status: 'queued' | 'active' }>(
      `SELECT id, status FROM handoffs WHERE conversation_id = $1 AND status IN ('queued', 'active')`, [conversationId]);
    return rows[0] ?? null;
  }

  async request(m: Parameters<HandoffPort['request']>[0]): Promise<string> {
    const at = (this.deps.clock ?? systemClock).now();
    // A conversation opened on a platform-wide channel (the web chat, an app) has no tenant of its own: the handoff
    // goes to the tenant whose hotels the traveller was last quoted, so that tenant's agents see it.
    const { rows } = await this.deps.db.query<{ id: string; tenant_id: string | null }>(
      `WITH h AS (
         INSERT INTO handoffs (conversation_id, tenant_id, channel, reason, detail, confidence, created_at, queued_at)
         VALUES ($1, COALESCE($2::uuid, (
           SELECT q.tenant_id FROM quotes q JOIN conversations c ON c.id = $1
           WHERE q.traveller_id = c.traveller_id ORDER BY q.created_at DESC, q.id LIMIT 1)), $3, $4, $5, $6, $7, $7)
         ON CONFLICT (conversation_id) WHERE status IN ('queued', 'active') DO NOTHING RETURNING id, tenant_id
       ), e AS (
         INSERT INTO handoff_events (handoff_id, conversation_id, kind, to_status, actor, reason, detail, created_at)
         SELECT id, $1, 'open', 'queued', 'bot', $4, $8::jsonb, $7 FROM h
       )
       SELECT id, tenant_id FROM h`,
      [m.conversationId, m.tenantId, m.channel, m.reason, m.detail ?? null, m.confidence, at,
        JSON.stringify({ detail: m.detail ?? null, confidence: m.confidence })],
    );
    const id = rows[0]?.id ?? (await this.open(m.conversationId))!.id;
    if (rows[0]) await announce(this.deps.events, { type: 'handoff.queued', handoffId: id, ...m, tenantId: rows[0].tenant_id });
    return id;
  }

  async forward(m: { conversationId: string; messageId: string; text: string }): Promise<void> {
    const { rows } = await this.deps.db.query<{ id: string; tenant_id: string | null }>(
      `SELECT id, tenant_id FROM handoffs WHERE conversation_id = $1 AND status IN ('queued', 'active')`, [m.conversationId]);
    await this.deps.events?.publish(AGENT_TOPIC, {
      type: 'traveller.message', handoffId: rows[0]?.id ?? null, tenantId: rows[0]?.tenant_id ?? null, ...m, text: maskPhonesInText(m.text),
    });
  }

  meanwhile(conversationId: string, inboundId: string | null): Promise<Meanwhile | null> {
    return meanwhile(this.deps.db, conversationId, inboundId);
  }
}
