// What the bot says back: a Reply with optional hotel cards in three tiers, quick actions, and a handoff flag.
import type { Money } from '../money.ts';

/** A recommended hotel with its booking link (CONTRACT.md: HotelCard). */
export interface HotelCard {
  kind: 'hotel';
  tier: 'budget' | 'comfort' | 'luxury';
  hotelId: string;
  roomTypeId: string;
  name: string;
  roomName: string;
  pricePerNight: Money;
  total: Money;
  bookingUrl: string;
  stars?: number;
  rating?: number | null;
  nameEn?: string | null;
}

/** A quick reply: `title` shown, `value` sent back as the traveller's message payload when tapped. */
export interface ReplyAction {
  title: string;
  value: string;
}

/** One bot message (CONTRACT.md: Reply). */
export interface Reply {
  type: 'message';
  text: string;
  cards?: HotelCard[];
  actions?: ReplyAction[];
  handoff?: true;
}

/** A text reply. */
export function textReply(text: string, extra: Partial<Omit<Reply, 'type' | 'text'>> = {}): Reply {
  return { type: 'message', text, ...extra };
}
