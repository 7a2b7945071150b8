// Our one adapter for every channel: builds the TurnContext from a TurnInput and collects what the bot sends.
import { Activity } from '@microsoft/agents-activity';
import { BaseAdapter, TurnContext, type ResourceResponse } from '@microsoft/agents-hosting';
import type { Reply } from './reply.ts';
import type { TurnInput } from './turn.ts';

/** Key of the TurnInput in a TurnContext's turnState. */
export const TURN_INPUT = Symbol('tourdesk.turnInput');
/** Key of the replies collected in a TurnContext's turnState. */
export const REPLIES = Symbol('tourdesk.replies');

/** The SDK activity for a turn input (Bot Framework's Activity protocol). */
export function toActivity(t: TurnInput): Activity {
  return Activity.fromObject({
    type: 'message',
    id: t.sourceId,
    channelId: t.channel,
    conversation: { id: t.conversationId },
    from: { id: t.traveller.id, role: 'user' },
    recipient: { id: 'tourdesk', role: 'bot' },
    text: t.text,
    value: t.payload,
    locale: t.locale,
    timestamp: t.receivedAt.toISOString(),
    serviceUrl: 'urn:tourdesk',
  });
}

/** The Reply an outgoing activity carries (its channelData holds the cards and actions). */
export function replyOf(a: Partial<Activity>): Reply {
  const data = (a.channelData ?? {}) as Partial<Reply>;
  return { type: 'message', text: a.text ?? '', ...data } as Reply;
}

/** An outgoing activity carrying a Reply. */
export function activityOf(r: Reply): Partial<Activity> {
  const { type: _t, text, ...rest } = r;
  return { type: 'message', text, channelData: rest };
}

/**
 * Runs turns in process: the channel adapters hand a TurnInput in and get the Replies back (request/response
 * channels answer with them; push channels send them on). Proactive sends go through the event bus instead.
 */
export class TurnAdapter extends BaseAdapter {
  async process(input: TurnInput, logic: (ctx: TurnContext) => Promise<void>): Promise<Reply[]> {
    const ctx = new TurnContext(this, toActivity(input));
    ctx.turnState.set(TURN_INPUT, input);
    ctx.turnState.set(REPLIES, []);
    await this.runMiddleware(ctx, logic);
    return ctx.turnState.get(REPLIES) as Reply[];
  }

  async sendActivities(ctx: TurnContext, activities: Activity[]): Promise<ResourceResponse[]> {
    const replies = ctx.turnState.get(REPLIES) as Reply[];
    for (const a of activities) if (a.type === 'message') replies.push(replyOf(a));
    return activities.map((a, i) => ({ id: `${a.id ?? 'out'}-${i}` }));
  }

  async updateActivity(): Promise<void> {
    throw new Error('Replies cannot be edited once sent.');
  }
  async deleteActivity(): Promise<void> {
    throw new Error('Replies cannot be deleted once sent.');
  }
  async continueConversation(): Promise<void> {
    throw new Error('Use the event bus for messages outside a turn.');
  }
  async uploadAttachment(): Promise<never> {
    throw new Error('Attachments are not supported.');
  }
  async getAttachmentInfo(): Promise<never> {
    throw new Error('Attachments are not supported.');
  }
  async getAttachment(): Promise<never> {
    throw new Error('Attachments are not supported.');
  }
}
