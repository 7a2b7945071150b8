// The agents' desk's way to a WeChat traveller: customer-service messages, and the 48-hour window when it closes.
import type { ChannelPush } from '../../src/handoff/index.ts';
import type { Services } from '../../src/services.ts';
import { WechatApiError, type WechatClient } from './client.ts';
import { closeReplyWindow } from './conversation.ts';
import { renderReplies } from './render.ts';
import { wechatCapabilities } from './index.ts';

/**
 * The agents' desk's way to a WeChat traveller: customer-service messages to the openid of the conversation. A
 * closed 48-hour window (45015, or 45047 for the quota) marks the conversation as the channel does for the bot's
 * replies, and the message stays undelivered until the traveller writes again.
 * @example services.agentDesk.pushVia('wechat', wechatPush(services, wechat.client));
 */
export function wechatPush(s: Services, client: WechatClient): ChannelPush {
  return {
    proactiveWindowHours: wechatCapabilities.proactiveWindowHours,
    async send({ conversationId, travellerId, text }) {
      const openid = travellerId.replace(/^wechat:/, '');
      try {
        for (const m of renderReplies([{ type: 'message', text }])) await client.sendCustom(openid, m);
        return { delivered: true };
      } catch (err) {
        if (!(err instanceof WechatApiError) || !err.windowClosed) throw err;
        await closeReplyWindow(s, conversationId, err.errcode);
        return { delivered: false, reason: 'wechat_window_closed' };
      }
    },
  };
}
