// The handoff's state machine: its statuses and the moves between them (queued → active → resolved, or closed).

/** Where a handoff stands. Queued and active are open: a person has the conversation and the bot is silent. */
export type HandoffStatus = 'queued' | 'active' | 'resolved' | 'closed';

/** The statuses in which a person, not the bot, has the conversation. */
export const OPEN_STATUSES: readonly HandoffStatus[] = ['queued', 'active'];

/**
 * A move an agent makes; `open` (the bot), `notice` (the waiting message), `offer` (to an online agent) and `action`
 * (an agent's search, quote, booking or cancellation for the traveller) are recorded too.
 */
export type HandoffMove = 'claim' | 'release' | 'resolve' | 'close';

/** Every kind of event of a handoff's history. */
export type HandoffEventKind = 'open' | HandoffMove | 'notice' | 'offer' | 'action';

/**
 * The moves: the statuses each starts from and the one it leads to. `mine` moves are only for the agent who holds
 * the handoff (or an admin). The conditional UPDATE of each move checks `from`, so two moves at once cannot both win.
 * @example MOVES.claim // { from: ['queued'], to: 'active', mine: false }
 */
export const MOVES = {
  claim: { from: ['queued'], to: 'active', mine: false },
  release: { from: ['active'], to: 'queued', mine: true },
  resolve: { from: ['active'], to: 'resolved', mine: true },
  close: { from: ['queued', 'active'], to: 'closed', mine: true },
} as const satisfies Record<HandoffMove, { from: readonly HandoffStatus[]; to: HandoffStatus; mine: boolean }>;

/** True when `status` is one `move` starts from. */
export function canMove(move: HandoffMove, status: HandoffStatus): boolean {
  return (MOVES[move].from as readonly HandoffStatus[]).includes(status);
}
