// Middleware: the conversation must exist and be the traveller's own.
import type { Middleware } from '@microsoft/agents-hosting';
import type { Queryable } from '../../../db/types.ts';
import { AppError } from '../../errors.ts';
import { TURN_INPUT } from '../adapter.ts';
import type { TurnInput } from '../turn.ts';

/** Stops a turn whose conversation is missing or another traveller's (not_found), and fixes the turn's tenant. */
export function conversationCheck(db: Queryable): Middleware {
  return {
    async onTurn(ctx, next) {
      const input = ctx.turnState.get(TURN_INPUT) as TurnInput;
      const { rows } = await db.query<{ traveller_id: string; tenant_id: string | null }>(
        'SELECT traveller_id, tenant_id FROM conversations WHERE id = $1', [input.conversationId]);
      if (rows[0]?.traveller_id !== input.traveller.id) throw new AppError('not_found', 'No such conversation.');
      // The conversation's tenant is the truth, whatever the channel's request said.
      input.traveller.tenantId = rows[0].tenant_id;
      await next();
    },
  };
}
