// Offering: a queued handoff goes to an online agent of its tenant with free capacity, oldest handoff first and the
// agent idle longest first. An offer is a highlight, not a lock: any agent may still claim any queued handoff.
import { announce } from './agent-events.ts';
import type { DeskDeps } from './deps.ts';
import { recordEvent } from './history.ts';
import { PRESENCE_TIMEOUT_MS } from './presence.ts';
import { rulesOf } from './settings.ts';

/** How long an unclaimed offer stands before the handoff is offered again (to the next idle agent). */
export const OFFER_TIMEOUT_MS = 60_000;

/** One offer made. */
export interface Offer {
  handoffId: string;
  conversationId: string;
  tenantId: string | null;
  agentId: string;
}

// Online agents (not admins) with their load (active chats and standing offers) and since when they are idle: the
// latest of coming online, their last move or action on a handoff (claim, release, resolve, booking…), their last offer.
const ONLINE = `
  online AS (
    SELECT p.user_id, p.tenant_id, min(p.connected_at) AS since FROM agent_presence p JOIN users u ON u.id = p.user_id AND u.role = 'agent'
    WHERE p.sockets > 0 AND p.seen_at > $1::timestamptz - $2::int * interval '1 millisecond'
    GROUP BY p.user_id, p.tenant_id
  ),
  load AS (
    SELECT o.user_id, o.tenant_id,
      (SELECT count(*) FROM handoffs h WHERE h.agent_id = o.user_id AND h.status = 'active')
        + (SELECT count(*) FROM handoffs h WHERE h.offered_to = o.user_id AND h.status = 'queued'
             AND h.offered_at > $1::timestamptz - $3::int * interval '1 millisecond') AS busy,
      GREATEST(o.since, (SELECT max(e.created_at) FROM handoff_events e WHERE e.actor_id = o.user_id),
               (SELECT max(h.offered_at) FROM handoffs h WHERE h.offered_to = o.user_id)) AS idle_since
    FROM online o
  )`;

/** The next (handoff, agent) pair to offer: the oldest queued handoff without a standing offer, its idlest free agent. */
const NEXT = `
  WITH ${ONLINE}
  SELECT h.id, h.conversation_id, h.tenant_id, h.offered_to, h.offered_at, a.user_id AS agent_id
  FROM handoffs h
  JOIN LATERAL (
    SELECT l.user_id FROM load l LEFT JOIN handoff_settings s ON s.tenant_id = l.tenant_id
    WHERE l.tenant_id IS NOT DISTINCT FROM h.tenant_id AND l.busy < COALESCE(s.max_active_per_agent, $4::int)
      AND l.user_id <> ALL($5::uuid[])
    ORDER BY l.idle_since ASC, l.user_id LIMIT 1
  ) a ON true
  WHERE h.status = 'queued'
    AND (h.offered_to IS NULL OR h.offered_at <= $1::timestamptz - $3::int * interval '1 millisecond'
         OR NOT EXISTS (SELECT 1 FROM online o WHERE o.user_id = h.offered_to))
  ORDER BY h.queued_at, h.id LIMIT 1`;

/**
 * Offers queued handoffs to online agents until none is left to offer or no agent is free; returns the offers made.
 * Safe to run on every instance at once: an agent's offers are counted under its user row's lock (as its claims are),
 * and a handoff is offered by one conditional UPDATE, so no handoff goes to two agents and no agent past its limit.
 * @example const offers = await offerQueued(deps); // after a handoff is queued, an agent comes online or frees a seat
 */
export async function offerQueued(d: DeskDeps, opts: { max?: number; presenceTimeoutMs?: number; offerTimeoutMs?: number } = {}): Promise<Offer[]> {
  const offers: Offer[] = [];
  const skipped: string[] = [];
  for (let i = 0; i < (opts.max ?? 50); i++) {
    const now = d.clock.now();
    const { rows } = await d.db.query<{ id: string; conversation_id: string; tenant_id: string | null; offered_to: string | null; offered_at: Date | null; agent_id: string }>(
      NEXT, [now, opts.presenceTimeoutMs ?? PRESENCE_TIMEOUT_MS, opts.offerTimeoutMs ?? OFFER_TIMEOUT_MS, d.rules.maxActivePerAgent, skipped]);
    const next = rows[0];
    if (!next) break;
    const made = await d.db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [next.agent_id]);
      const { maxActivePerAgent } = await rulesOf(tx, next.tenant_id, d.rules);
      const { rows: load } = await tx.query<{ n: number }>(
        `SELECT ((SELECT count(*) FROM handoffs WHERE agent_id = $1 AND status = 'active')
               + (SELECT count(*) FROM handoffs WHERE offered_to = $1 AND status = 'queued' AND offered_at > $2::timestamptz - $3::int * interval '1 millisecond'))::int AS n`,
        [next.agent_id, now, opts.offerTimeoutMs ?? OFFER_TIMEOUT_MS]);
      if (load[0]!.n >= maxActivePerAgent) return 'agent_full';
      const { rowCount } = await tx.query(
        `UPDATE handoffs SET offered_to = $2, offered_at = $3
         WHERE id = $1 AND status = 'queued' AND offered_to IS NOT DISTINCT FROM $4::uuid AND offered_at IS NOT DISTINCT FROM $5::timestamptz`,
        [next.id, next.agent_id, now, next.offered_to, next.offered_at]);
      if (rowCount !== 1) return 'taken';
      await recordEvent(tx, { handoffId: next.id, conversationId: next.conversation_id, kind: 'offer', from: 'queued', to: 'queued', actor: 'system', reason: 'offer', detail: { agentId: next.agent_id }, at: now });
      return 'made';
    });
    // The agent filled up meanwhile (another pass offered it one): look past it in this pass. The handoff was offered
    // by another pass: look again, the next pair reads the new state.
    if (made === 'agent_full') skipped.push(next.agent_id);
    if (made !== 'made') continue;
    const offer = { handoffId: next.id, conversationId: next.conversation_id, tenantId: next.tenant_id, agentId: next.agent_id };
    offers.push(offer);
    await announce(d.events, { type: 'handoff.offered', ...offer }, (err) => d.onError?.(err, { what: 'announce' }));
  }
  return offers;
}
