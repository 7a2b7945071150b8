// One traveller message of the web chat through the bot, whether it came by HTTP or over the socket.
import { randomUUID } from 'node:crypto';
import type { Reply } from '../../src/bot/index.ts';
import type { TravellerPrincipal } from '../../src/security/index.ts';
import type { Services } from '../../src/services.ts';

/** A message as the web channel hands it on. */
export interface WebMessage {
  /** The client's own id: a resend with it is answered once, the same way (HTTP `messageId`, socket `id`). */
  id?: string;
  text: string;
  payload?: unknown;
  locale?: 'zh-CN' | 'en';
}

// The client's id is only unique within its conversation, so the transcript's source id carries the conversation;
// a message without one gets a random source id that no client id can look like (":" vs "#").
const clientPrefix = (conversationId: string) => `${conversationId}:`;

/**
 * The transcript's source id of a message of this conversation.
 * @example sourceIdOf(conversationId, 'm-1') // '<conversationId>:m-1'
 */
export function sourceIdOf(conversationId: string, clientId: string | undefined): string {
  return clientId ? `${clientPrefix(conversationId)}${clientId}` : `${conversationId}#${randomUUID()}`;
}

/** The client's id back from a source id of this conversation, or undefined when the client gave none. */
export function clientIdOf(conversationId: string, sourceId: string | null): string | undefined {
  return sourceId?.startsWith(clientPrefix(conversationId)) ? sourceId.slice(clientPrefix(conversationId).length) : undefined;
}

/**
 * Runs one message through `services.bot` on the `web` channel; resolves to every reply of the turn.
 * @example const replies = await webTurn(services, principal, { id: 'm-1', text: '北京，12月10日到12日，两个人' });
 */
export function webTurn(s: Services, p: TravellerPrincipal, m: WebMessage): Promise<Reply[]> {
  return s.bot.handle({
    channel: 'web', conversationId: p.conversationId, traveller: { id: p.travellerId, tenantId: p.tenantId },
    text: m.text, payload: m.payload, locale: m.locale, receivedAt: s.clock.now(), sourceId: sourceIdOf(p.conversationId, m.id),
  });
}
