// The booking domain's nouns: stays, search results, quotes and reservations as the outside sees them.
import type { Money } from '../money.ts';

export type Tier = 'budget' | 'comfort' | 'luxury';
export const TIERS: readonly Tier[] = ['budget', 'comfort', 'luxury'];

export type ReservationStatus = 'held' | 'confirmed' | 'cancelled' | 'expired';
export type PaymentMode = 'at_hotel' | 'prepay';

/** Who acts on a booking: a traveller of a channel, or a member of staff. */
export type Actor =
  | { kind: 'traveller'; travellerId: string; channel: string; tenantId: string | null }
  | { kind: 'staff'; userId: string; role: 'admin' | 'operator' | 'agent'; tenantId: string | null };

/** One hotel's best fitting offer in a search. */
export interface SearchHit {
  hotelId: string;
  name: string;
  nameEn: string | null;
  tier: Tier;
  stars: number;
  grade: string | null;
  rating: number | null;
  address: string | null;
  amenities: string[];
  roomTypeId: string;
  roomName: string;
  roomNameEn: string | null;
  capacity: number;
  /** Average price of one room for one night over the stay. */
  pricePerNight: Money;
  /** Price of the whole stay, all rooms. */
  total: Money;
  /** Fewest rooms left on any night of the stay. */
  roomsLeft: number;
  paymentMode: PaymentMode;
}

/** Results of a search, grouped by tier, cheapest first within each. */
export interface SearchResult {
  city: { zh: string; en: string } | null;
  checkIn: string;
  checkOut: string;
  nights: number;
  rooms: number;
  guests: number;
  tiers: Record<Tier, SearchHit[]>;
  /** How many hotels fit in each tier before the per-tier limit. */
  counts: Record<Tier, number>;
}

/** A server-priced offer for one stay, valid until `expiresAt`. */
export interface Quote {
  id: string;
  token: string;
  hotelId: string;
  hotelName: string;
  roomTypeId: string;
  roomName: string;
  checkIn: string;
  checkOut: string;
  nights: number;
  rooms: number;
  guests: number;
  nightly: Money[];
  pricePerNight: Money;
  total: Money;
  paymentMode: PaymentMode;
  /** Until when the traveller may cancel free of charge (ISO instant). */
  freeCancellationUntil: string;
  expiresAt: string;
}

/** A reservation as travellers and staff see it (the phone masked unless staff asked for it in full). */
export interface ReservationView {
  code: string;
  status: ReservationStatus;
  hotelId: string;
  roomTypeId: string;
  checkIn: string;
  checkOut: string;
  rooms: number;
  guests: number;
  total: Money;
  hotelName: string;
  roomName: string;
  nightly: Money[];
  guest: { name: string; phone: string };
  paymentMode: PaymentMode;
  holdExpiresAt: string | null;
  freeCancellationUntil: string;
  bookedBy: 'traveller' | 'agent' | 'operator' | 'bot';
  channel: string | null;
  createdAt: string;
  confirmedAt: string | null;
  cancelledAt: string | null;
  expiredAt: string | null;
}
