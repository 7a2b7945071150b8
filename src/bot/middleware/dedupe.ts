// Middleware: a message the channel sends twice (a retry) is handled once; the retry gets the same replies.
import type { Middleware } from '@microsoft/agents-hosting';
import type { Queryable } from '../../../db/types.ts';
import type { Clock } from '../../clock.ts';
import type { Keys } from '../../security/index.ts';
import { REPLIES, TURN_INPUT } from '../adapter.ts';
import type { Reply } from '../reply.ts';
import { recordInbound, repliesTo } from '../transcript.ts';
import type { TurnInput } from '../turn.ts';

/** Key of the inbound message's id in turnState. */
export const INBOUND_ID = Symbol('tourdesk.inboundId');

/**
 * Records the inbound message in the transcript, or replays the first answer when it is a duplicate. A duplicate
 * whose first turn never reached its end (the process died mid-turn, or the turn failed) runs the turn again.
 */
export function dedupe(db: Queryable, keys: Keys, clock: Clock): Middleware {
  return {
    async onTurn(ctx, next) {
      const input = ctx.turnState.get(TURN_INPUT) as TurnInput;
      let id = await recordInbound(db, keys, {
        conversationId: input.conversationId, channel: input.channel, sourceId: input.sourceId,
        text: input.text, payload: input.payload, at: clock.now(),
      });
      if (id === null) {
        // Turns of a conversation run one at a time, so an unhandled first attempt is not running now.
        const { rows } = await db.query<{ id: string }>(
          'SELECT id FROM messages WHERE channel = $1 AND source_id = $2 AND handled_at IS NULL',
          [input.channel, input.sourceId],
        );
        id = rows[0]?.id ?? null;
      }
      if (id === null) {
        (ctx.turnState.get(REPLIES) as Reply[]).push(...(await repliesTo(db, input.channel, input.sourceId)));
        return;
      }
      ctx.turnState.set(INBOUND_ID, id);
      await next();
      await db.query('UPDATE messages SET handled_at = $2 WHERE id = $1', [id, clock.now()]);
    },
  };
}
