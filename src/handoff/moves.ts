// One move of the state machine: checked against the caller and the status, then one conditional UPDATE.
import type { Queryable } from '../../db/index.ts';
import { AppError } from '../errors.ts';
import type { Staff } from '../operators/scope.ts';
import { seesTenant } from './scope.ts';
import { canMove, MOVES, type HandoffMove, type HandoffStatus } from './states.ts';

/** A handoff's row as a move reads it. */
export interface HandoffRow {
  id: string;
  conversation_id: string;
  tenant_id: string | null;
  channel: string;
  status: HandoffStatus;
  agent_id: string | null;
}

/** The handoff `id`, or undefined. */
export async function handoffRow(q: Queryable, id: string): Promise<HandoffRow | undefined> {
  const { rows } = await q.query<HandoffRow>(
    'SELECT id, conversation_id, tenant_id, channel, status, agent_id FROM handoffs WHERE id = $1', [id]);
  return rows[0];
}

const DONE: Record<HandoffMove, string> = { claim: 'claimed', release: 'released', resolve: 'resolved', close: 'closed' };

/**
 * Why `staff` may not make `move` on `h`, or null: another tenant's (or no) handoff is 404; a status the move does
 * not start from is 409 `conflict`; another agent's active handoff is 403.
 */
export function refusal(staff: Staff, h: HandoffRow | undefined, move: HandoffMove): AppError | null {
  if (!h || !seesTenant(staff, h.tenant_id)) return new AppError('not_found', 'No such handoff.');
  if (!canMove(move, h.status)) {
    const hint = h.status === 'queued' ? ' Claim it first.' : h.status === 'active' ? ' Another agent has it.' : '';
    return new AppError('conflict', `This handoff is ${h.status}; it cannot be ${DONE[move]}.${hint}`);
  }
  if (MOVES[move].mine && h.status === 'active' && h.agent_id !== staff.userId && staff.role !== 'admin') {
    return new AppError('forbidden', 'Another agent holds this handoff.');
  }
  return null;
}

/**
 * Makes `move` on `h` if the row is still as it was read (same status, same agent): one conditional UPDATE, so of
 * two moves at once exactly one wins. False when another move got there first.
 */
export async function applyMove(q: Queryable, h: HandoffRow, move: HandoffMove, staff: Staff, at: Date): Promise<boolean> {
  const to = MOVES[move].to;
  const agentId = to === 'active' ? staff.userId : to === 'queued' ? null : h.agent_id;
  const { rowCount } = await q.query(
    `UPDATE handoffs SET status = $4::text, agent_id = $5::uuid,
       claimed_at = CASE WHEN $4::text = 'active' THEN $6::timestamptz WHEN $4::text = 'queued' THEN NULL ELSE claimed_at END,
       ended_at = CASE WHEN $4::text IN ('resolved', 'closed') THEN $6::timestamptz ELSE ended_at END,
       -- back in the queue: offered afresh.
       offered_to = CASE WHEN $4::text = 'queued' THEN NULL ELSE offered_to END,
       offered_at = CASE WHEN $4::text = 'queued' THEN NULL ELSE offered_at END
     WHERE id = $1 AND status = $2::text AND agent_id IS NOT DISTINCT FROM $3::uuid`,
    [h.id, h.status, h.agent_id, to, agentId, at],
  );
  return rowCount === 1;
}

/** The error of a move that lost a race. */
export const lostRace = (move: HandoffMove) =>
  new AppError('conflict', move === 'claim' ? 'Another agent claimed this handoff first.' : 'This handoff changed meanwhile; reload it.');
