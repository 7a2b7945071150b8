// The traveller behind an openid and the conversation their customer-service messages continue; its reply window.
import type { Reply } from '../../src/bot/index.ts';
import { recordOutbound } from '../../src/bot/index.ts';
import type { ConversationLock } from '../../src/bot/lock/index.ts';
import type { Services } from '../../src/services.ts';

/** A traveller's customer-service conversation. */
export interface WechatConversation {
  travellerId: string;
  conversationId: string;
}

/**
 * The openid's latest WeChat conversation (the mini-program's chat included), or a new one. The lock keeps two
 * first messages of a new traveller, handled at once, from opening two conversations.
 * @example const { conversationId } = await openConversation(services, lock, push.openid);
 */
export async function openConversation(s: Services, lock: Pick<ConversationLock, 'run'>, openid: string): Promise<WechatConversation> {
  const travellerId = `wechat:${openid}`;
  return lock.run(`wechat-open:${openid}`, async () => {
    const { rows } = await s.db.query<{ id: string }>(
      `SELECT id FROM conversations WHERE traveller_id = $1 AND channel = 'wechat' ORDER BY created_at DESC LIMIT 1`,
      [travellerId],
    );
    if (rows[0]) return { travellerId, conversationId: rows[0].id };
    const session = await s.travellers.startSession({ channel: 'wechat', subject: openid });
    return { travellerId: session.travellerId, conversationId: session.conversationId };
  });
}

/** The quick replies of the bot's last message in the conversation (to read "1" as the first of them). */
export async function lastOfferedActions(s: Services, conversationId: string): Promise<Reply['actions']> {
  const { rows } = await s.db.query<{ payload: { actions?: Reply['actions'] } | null }>(
    `SELECT payload FROM messages WHERE conversation_id = $1 AND direction = 'out' AND author = 'bot' ORDER BY seq DESC LIMIT 1`,
    [conversationId],
  );
  return rows[0]?.payload?.actions;
}

/** The traveller wrote: the channel may reply again, so a closed-window mark goes. */
export async function reopenReplyWindow(s: Services, conversationId: string): Promise<void> {
  await s.db.query(
    'UPDATE conversations SET reply_window_closed_at = NULL, reply_window_reason = NULL WHERE id = $1 AND reply_window_closed_at IS NOT NULL',
    [conversationId],
  );
}

/**
 * WeChat refused a reply (45015/45047): the conversation is marked, and a system note in the transcript tells an
 * agent that the traveller must write first.
 */
export async function closeReplyWindow(s: Services, conversationId: string, errcode: number): Promise<void> {
  const at = s.clock.now();
  await s.db.query('UPDATE conversations SET reply_window_closed_at = $2, reply_window_reason = $3 WHERE id = $1', [
    conversationId, at, `wechat:${errcode}`,
  ]);
  const why = errcode === 45015 ? 'the 48-hour reply window has closed' : 'the replies WeChat allows per traveller message are used up';
  await recordOutbound(s.db, s.keys, {
    conversationId, channel: 'wechat', author: 'system', at,
    reply: { type: 'message', text: `WeChat did not deliver the reply (${errcode}: ${why}). The traveller must write first.` },
  });
}
