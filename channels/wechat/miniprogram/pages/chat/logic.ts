// The chat page's rules without `wx`: bubbles from replies, cards grouped by tier, quick replies, the handoff state.
import { TIERS } from '../../utils/format.js';
import { translate, type Lang } from '../../utils/texts.js';
import type { HotelCard, Reply, ReplyAction, Tier } from '../../utils/types.js';

/** The longest message the server takes. */
export const MAX_TEXT = 4000;

/** Cards of one tier, under its label. */
export interface TierGroup {
  tier: Tier;
  label: string;
  cards: HotelCard[];
}

/** One bubble of the conversation. */
export interface ChatMessage {
  id: string;
  from: 'me' | 'bot';
  text: string;
  groups: TierGroup[];
  actions: ReplyAction[];
  handoff: boolean;
}

/**
 * Cards grouped budget → comfort → luxury, each group in the server's order; tiers without cards and
 * cards of an unknown tier are left out.
 */
export function groupCardsByTier(cards: readonly HotelCard[] | undefined, lang: Lang): TierGroup[] {
  if (!cards || cards.length === 0) return [];
  return TIERS.map(({ tier, key }) => ({ tier, label: translate(lang, key), cards: cards.filter((c) => c.tier === tier) }))
    .filter((g) => g.cards.length > 0);
}

/** A bubble of the bot for one Reply. */
export function botMessage(id: string, reply: Reply, lang: Lang): ChatMessage {
  const actions = (reply.actions ?? []).filter((a) => typeof a.title === 'string' && typeof a.value === 'string');
  return { id, from: 'bot', text: reply.text ?? '', groups: groupCardsByTier(reply.cards, lang), actions, handoff: reply.handoff === true };
}

/** The traveller's own bubble. */
export function myMessage(id: string, text: string): ChatMessage {
  return { id, from: 'me', text, groups: [], actions: [], handoff: false };
}

/** Whether a conversation is with a person now: the latest reply that says so wins until the page reloads. */
export function handedOff(current: boolean, replies: readonly Reply[]): boolean {
  return current || replies.some((r) => r.handoff === true);
}

/** The text to send, trimmed; null when there is nothing to send or it is too long. */
export function outgoingText(raw: string): string | null {
  const text = raw.trim();
  return text.length > 0 && text.length <= MAX_TEXT ? text : null;
}

/** Body of `POST /v1/wechat/messages` for a tapped quick reply: its title as text, its value as payload. */
export function quickReplyBody(action: ReplyAction): { text: string; payload: string } {
  return { text: action.title, payload: action.value };
}

/**
 * The contact button's `session-from`: the server's push handler reads it from `user_enter_tempsession`
 * to join the customer-service session to this conversation. WeChat truncates beyond 1000 bytes.
 * @example sessionFrom('c0ffee00-…') // 'tourdesk:conversation:c0ffee00-…'
 */
export function sessionFrom(conversationId: string | undefined): string {
  return conversationId ? `tourdesk:conversation:${conversationId}` : 'tourdesk:chat';
}
