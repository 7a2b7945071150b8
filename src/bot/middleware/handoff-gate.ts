// Middleware: while a person has the conversation, the traveller's messages go to them and the bot stays silent.
import type { Middleware } from '@microsoft/agents-hosting';
import { TURN_INPUT } from '../adapter.ts';
import type { HandoffPort } from '../ports.ts';
import type { TurnInput } from '../turn.ts';
import { INBOUND_ID } from './dedupe.ts';

export function handoffGate(handoffs: HandoffPort): Middleware {
  return {
    async onTurn(ctx, next) {
      const input = ctx.turnState.get(TURN_INPUT) as TurnInput;
      if (await handoffs.open(input.conversationId)) {
        await handoffs.forward({ conversationId: input.conversationId, messageId: ctx.turnState.get(INBOUND_ID) as string, text: input.text });
        return;
      }
      await next();
    },
  };
}
