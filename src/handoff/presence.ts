// Which agents are online: a row per agent and instance while its console socket is open, refreshed by a heartbeat.
import type { Queryable } from '../../db/index.ts';
import type { Staff } from '../operators/scope.ts';
import { tenantScope } from '../operators/scope.ts';

/** How often an instance refreshes its agents' rows. */
export const PRESENCE_HEARTBEAT_MS = 10_000;
/** An agent whose rows were not refreshed for this long is offline (its instance died or lost the database). */
export const PRESENCE_TIMEOUT_MS = 30_000;

/** An online agent as the desk lists it. */
export interface OnlineAgent {
  agentId: string;
  email: string;
  role: string;
  tenantId: string | null;
  onlineSince: string;
  activeChats: number;
  offered: number;
}

/**
 * Notes one more open console socket of `staff` on instance `instanceId`.
 * @example await socketOpened(db, staff, instanceId, clock.now());
 */
export async function socketOpened(q: Queryable, staff: Staff, instanceId: string, at: Date): Promise<void> {
  await q.query(
    `INSERT INTO agent_presence (user_id, instance_id, tenant_id, sockets, connected_at, seen_at) VALUES ($1, $2, $3, 1, $4, $4)
     ON CONFLICT (user_id, instance_id) DO UPDATE SET sockets = agent_presence.sockets + 1, seen_at = $4`,
    [staff.userId, instanceId, staff.tenantId, at],
  );
}

/** Notes a closed socket; the agent's row of this instance goes with its last socket. */
export async function socketClosed(q: Queryable, userId: string, instanceId: string): Promise<void> {
  await q.query('UPDATE agent_presence SET sockets = sockets - 1 WHERE user_id = $1 AND instance_id = $2 AND sockets > 0', [userId, instanceId]);
  await q.query('DELETE FROM agent_presence WHERE user_id = $1 AND instance_id = $2 AND sockets <= 0', [userId, instanceId]);
}

/**
 * Refreshes every row of this instance and forgets rows long dead (of instances that never came back).
 * @example setInterval(() => heartbeat(db, instanceId, clock.now()), PRESENCE_HEARTBEAT_MS);
 */
export async function heartbeat(q: Queryable, instanceId: string, at: Date, timeoutMs = PRESENCE_TIMEOUT_MS): Promise<void> {
  await q.query('UPDATE agent_presence SET seen_at = $2 WHERE instance_id = $1', [instanceId, at]);
  await q.query(`DELETE FROM agent_presence WHERE seen_at < $1::timestamptz - $2::int * interval '1 millisecond'`, [at, timeoutMs * 10]);
}

/** Forgets every row of this instance (a clean shutdown). */
export async function instanceGone(q: Queryable, instanceId: string): Promise<void> {
  await q.query('DELETE FROM agent_presence WHERE instance_id = $1', [instanceId]);
}

/**
 * The online agents (and admins) `staff` sees, with their active chats and fresh offers.
 * @example const online = await onlineAgents(db, staff, clock.now());
 */
export async function onlineAgents(q: Queryable, staff: Staff, now: Date, timeoutMs = PRESENCE_TIMEOUT_MS): Promise<OnlineAgent[]> {
  const scope = tenantScope(staff);
  const { rows } = await q.query<{ user_id: string; email: string; role: string; tenant_id: string | null; since: Date; active: number; offered: number }>(
    `SELECT p.user_id, u.email, u.role, p.tenant_id, min(p.connected_at) AS since,
            (SELECT count(*)::int FROM handoffs h WHERE h.agent_id = p.user_id AND h.status = 'active') AS active,
            (SELECT count(*)::int FROM handoffs h WHERE h.offered_to = p.user_id AND h.status = 'queued') AS offered
     FROM agent_presence p JOIN users u ON u.id = p.user_id
     WHERE p.sockets > 0 AND p.seen_at > $1::timestamptz - $2::int * interval '1 millisecond'
       AND ($3::uuid IS NULL OR p.tenant_id = $3)
     GROUP BY p.user_id, u.email, u.role, p.tenant_id ORDER BY min(p.connected_at), p.user_id`,
    [now, timeoutMs, scope],
  );
  return rows.map((r) => ({
    agentId: r.user_id, email: r.email, role: r.role, tenantId: r.tenant_id, onlineSince: new Date(r.since).toISOString(),
    activeChats: r.active, offered: r.offered,
  }));
}
