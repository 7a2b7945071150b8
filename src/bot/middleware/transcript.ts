// Middleware: every reply the bot sends is written to the transcript, answering the turn's inbound message.
import type { Middleware } from '@microsoft/agents-hosting';
import type { Queryable } from '../../../db/types.ts';
import type { Clock } from '../../clock.ts';
import type { Keys } from '../../security/index.ts';
import { replyOf, TURN_INPUT } from '../adapter.ts';
import { recordOutbound } from '../transcript.ts';
import type { TurnInput } from '../turn.ts';
import { INBOUND_ID } from './dedupe.ts';

export function transcriptOut(db: Queryable, keys: Keys, clock: Clock): Middleware {
  return {
    async onTurn(ctx, next) {
      const input = ctx.turnState.get(TURN_INPUT) as TurnInput;
      ctx.onSendActivities(async (_c, activities, send) => {
        for (const a of activities) {
          if (a.type !== 'message') continue;
          await recordOutbound(db, keys, {
            conversationId: input.conversationId, channel: input.channel, author: 'bot', reply: replyOf(a),
            replyTo: ctx.turnState.get(INBOUND_ID) as string, at: clock.now(),
          });
        }
        return send();
      });
      await next();
    },
  };
}
