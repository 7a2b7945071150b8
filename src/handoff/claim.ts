// Claim and release: an agent takes a queued handoff (atomically, within its capacity) or puts it back in the queue.
import { AppError, isDbError } from '../errors.ts';
import type { Staff } from '../operators/scope.ts';
import { announce } from './agent-events.ts';
import type { DeskDeps } from './deps.ts';
import { recordEvent } from './history.ts';
import { applyMove, handoffRow, lostRace, refusal } from './moves.ts';
import { actorOf } from './scope.ts';
import { rulesOf } from './settings.ts';

/**
 * `staff` takes the queued handoff `id`. Of two agents claiming at once exactly one wins (one conditional UPDATE);
 * the other gets 409 `conflict`. An agent holding its tenant's maximum of active chats gets 409 `agent_at_capacity`:
 * its claims run one at a time (its user row is locked), so two claims at once cannot both squeeze under the limit.
 * Claiming one's own active handoff again changes nothing.
 */
export async function claimHandoff(d: DeskDeps, staff: Staff, id: string): Promise<void> {
  const h = await handoffRow(d.db, id);
  if (h?.status === 'active' && h.agent_id === staff.userId) return;
  const refused = refusal(staff, h, 'claim');
  if (refused) throw refused;
  const at = d.clock.now();
  try {
    await d.db.transaction(async (tx) => {
      const me = await tx.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [staff.userId]);
      if (me.rowCount === 0) throw new AppError('unauthorized', 'This account no longer exists.');
      const { maxActivePerAgent } = await rulesOf(tx, staff.tenantId, d.rules);
      const { rows } = await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM handoffs WHERE agent_id = $1 AND status = 'active'`, [staff.userId]);
      if (rows[0]!.n >= maxActivePerAgent) {
        throw new AppError('agent_at_capacity', `This agent already has ${rows[0]!.n} active conversations (at most ${maxActivePerAgent}); resolve or release one first.`);
      }
      if (!(await applyMove(tx, h!, 'claim', staff, at))) throw lostRace('claim');
      await recordEvent(tx, { handoffId: h!.id, conversationId: h!.conversation_id, kind: 'claim', from: 'queued', to: 'active', actor: actorOf(staff), actorId: staff.userId, at });
    });
  } catch (err) {
    // The handoff's agent must be a user: a token of a deleted account cannot hold a conversation.
    if (isDbError(err, '23503')) throw new AppError('unauthorized', 'This account no longer exists.');
    throw err;
  }
  await announce(d.events, { type: 'handoff.claimed', handoffId: h!.id, conversationId: h!.conversation_id, tenantId: h!.tenant_id, agentId: staff.userId }, (err) => d.onError?.(err, { what: 'announce' }));
}

/** The agent holding the active handoff `id` (or an admin) puts it back in the queue, keeping the traveller's place. */
export async function releaseHandoff(d: DeskDeps, staff: Staff, id: string, reason?: string): Promise<void> {
  const h = await handoffRow(d.db, id);
  const refused = refusal(staff, h, 'release');
  if (refused) throw refused;
  const at = d.clock.now();
  await d.db.transaction(async (tx) => {
    if (!(await applyMove(tx, h!, 'release', staff, at))) throw lostRace('release');
    await recordEvent(tx, { handoffId: h!.id, conversationId: h!.conversation_id, kind: 'release', from: 'active', to: 'queued', actor: actorOf(staff), actorId: staff.userId, reason, at });
  });
  await announce(d.events, { type: 'handoff.released', handoffId: h!.id, conversationId: h!.conversation_id, tenantId: h!.tenant_id, agentId: staff.userId }, (err) => d.onError?.(err, { what: 'announce' }));
}
