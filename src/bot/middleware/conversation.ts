// Middleware: the conversation must exist and be the traveller's own.
import type { Middleware } from '@microsoft/agents-hosting';
import type { Queryable } from '../../../db/types.ts';
import { TURN_INPUT } from '../adapter.ts';
import type { TurnInput } from '../turn.ts';

/** Stops a turn whose conversation is missing or another traveller's (a bug at the edge, never a reply). */
export function conversationCheck(db: Queryable): Middleware {
  return {
    async onTurn(ctx, next) {
      const input = ctx.turnState.get(TURN_INPUT) as TurnInput;
      const { rows } = await db.query<{ traveller_id: string }>('SELECT traveller_id FROM conversations WHERE id = $1', [input.conversationId]);
      if (rows[0]?.traveller_id !== input.traveller.id) throw new Error(`conversation ${input.conversationId} is not ${input.traveller.id}'s`);
      await next();
    },
  };
}
