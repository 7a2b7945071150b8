// The `wechat-turn` job: one push's turn (bot, typing indicator) and its replies through the customer-service API.
import type { ConversationLock } from '../../src/bot/lock/index.ts';
import type { JobHandler } from '../../src/jobs/index.ts';
import type { Services } from '../../src/services.ts';
import { WechatApiError, type CustomMessage, type WechatClient } from './client.ts';
import { closeReplyWindow, lastOfferedActions, openConversation, reopenReplyWindow, type WechatConversation } from './conversation.ts';
import { pushKey, type WechatPush } from './parse.ts';
import { pickAction, renderReplies, type RenderOptions } from './render.ts';
import type { SharedStore } from './store.ts';
import { IMAGE_TEXT, WELCOME_TEXT } from './texts.ts';

/** The name of the job a push becomes. */
export const WECHAT_TURN_JOB = 'wechat-turn';

/** A push waiting for its turn. */
export interface WechatTurnData {
  push: WechatPush;
  /** When the push arrived (ISO), the turn's `receivedAt`. */
  receivedAt: string;
}

/** What the job needs. */
export interface TurnJobDeps {
  services: Services;
  appId: string;
  client: WechatClient;
  store: SharedStore;
  lock: Pick<ConversationLock, 'run'>;
  render: RenderOptions;
  /** How often the typing indicator is renewed while the bot works; WeChat keeps it 15 s. */
  typingEveryMs?: number;
}

/** How long a sent reply is remembered, so a retried job does not send it twice. */
const SENT_MARK_MS = 24 * 3600_000;
/** TurnInput.text's limit. */
const MAX_TEXT = 4000;

const text = (content: string): CustomMessage => ({ msgtype: 'text', text: { content } });

function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = '';
  for (const ch of s) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}

/**
 * The handler of {@link WECHAT_TURN_JOB}. Delivery is at least once: the bot dedupes the turn by the push's key
 * (a retry replays the first answer), and each message sent is marked, so a retried job sends only what is missing.
 */
export function wechatTurnHandler(d: TurnJobDeps): JobHandler<WechatTurnData> {
  const { services: s, client } = d;
  const log = s.logger.child({ channel: 'wechat' });

  /** Shows "typing…" now and every 15 s until stopped; its errors (45080, 45081, …) never matter. */
  const keepTyping = (openid: string): (() => void) => {
    const ping = () => void client.typing(openid).catch((err: unknown) => log.debug({ err }, 'typing indicator refused'));
    ping();
    const timer = setInterval(ping, d.typingEveryMs ?? 15_000);
    timer.unref();
    return () => clearInterval(timer);
  };

  const botTurn = async (push: WechatPush & { kind: 'text' | 'miniprogrampage' }, c: WechatConversation, receivedAt: string, key: string) => {
    let words = push.kind === 'text' ? push.content : push.title;
    let payload: unknown =
      push.kind === 'miniprogrampage' ? { kind: 'miniprogrampage', title: push.title, pagePath: push.pagePath, appId: push.appId } : undefined;
    if (push.kind === 'text') {
      // "1" answers the numbered quick replies of the bot's last message, as a tap would.
      const chosen = pickAction(words, await lastOfferedActions(s, c.conversationId));
      if (chosen) {
        words = '';
        payload = chosen.value;
      }
    }
    if (!words.trim() && payload === undefined) return [];
    const stopTyping = keepTyping(push.openid);
    try {
      const replies = await s.bot.handle({
        channel: 'wechat', conversationId: c.conversationId, traveller: { id: c.travellerId, tenantId: null },
        text: clip(words, MAX_TEXT), payload, receivedAt: new Date(receivedAt), sourceId: key,
      });
      const messages = renderReplies(replies, d.render);
      // Nothing to say (an agent has the conversation): "typing…" should not linger; a message would end it.
      if (messages.length === 0) void client.typing(push.openid, 'CancelTyping').catch(() => {});
      return messages;
    } finally {
      stopTyping();
    }
  };

  const deliver = async (push: WechatPush, c: WechatConversation, key: string, messages: CustomMessage[]) => {
    for (const [i, m] of messages.entries()) {
      const mark = `sent:${d.appId}:${key}:${i}`;
      if (await d.store.get(mark)) continue;
      try {
        await client.sendCustom(push.openid, m);
      } catch (err) {
        if (!(err instanceof WechatApiError) || err.transient) throw err; // the job retries; marks skip what went
        if (err.windowClosed) {
          await closeReplyWindow(s, c.conversationId, err.errcode);
          log.warn({ conversationId: c.conversationId, errcode: err.errcode }, 'WeChat reply window closed; the traveller must write first');
          return;
        }
        log.error({ conversationId: c.conversationId, errcode: err.errcode, errmsg: err.errmsg, msgtype: m.msgtype }, 'WeChat refused a reply; not retried');
        continue;
      }
      await d.store.set(mark, '1', SENT_MARK_MS);
    }
  };

  return async ({ push, receivedAt }) => {
    const key = pushKey(push);
    if (push.kind === 'other') return;
    const c = await openConversation(s, d.lock, push.openid);
    await reopenReplyWindow(s, c.conversationId);
    const messages =
      push.kind === 'image' ? [text(IMAGE_TEXT)] : push.kind === 'enter_session' ? [text(WELCOME_TEXT)] : await botTurn(push, c, receivedAt, key);
    await deliver(push, c, key, messages);
  };
}
