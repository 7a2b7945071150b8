// The tool results the offline model reads back from the conversation, as typed views (CONTRACT.md "Model-facing tools").
import type { MoneyView } from './format.ts';

/** A recommendation tier. */
export type Tier = 'budget' | 'comfort' | 'luxury';
/** The tiers in the order they are shown. */
export const TIER_ORDER: readonly Tier[] = ['budget', 'comfort', 'luxury'];

/** The arguments of a `search_hotels` call. */
export interface SearchArgs {
  city: string;
  checkIn: string;
  checkOut: string;
  guests: number;
  rooms?: number;
  budgetMax?: number;
  budgetMin?: number;
  tier?: Tier;
  amenities?: string[];
  stars?: number[];
  minRating?: number;
}

/** One hotel offer of a search, with the tier it was grouped under. */
export interface Offer {
  tier: Tier;
  hotelId: string;
  roomTypeId: string;
  name: string;
  nameEn?: string | null;
  stars?: number | null;
  rating?: number | null;
  roomName: string;
  capacity?: number;
  pricePerNight: MoneyView;
  total: MoneyView;
  roomsLeft?: number;
}

/** What `search_hotels` returned. */
export interface SearchView {
  city: { zh: string; en: string } | null;
  checkIn: string;
  checkOut: string;
  nights: number;
  rooms: number;
  guests: number;
  tiers: Record<Tier, Offer[]>;
}

/** What `get_hotel_details` returned. */
export interface DetailsView {
  hotelId: string;
  name: string;
  nameEn?: string | null;
  city?: string;
  tier: Tier;
  stars?: number | null;
  rating?: number | null;
  address?: string | null;
  phone?: string | null;
  metro?: string | null;
  description?: string | null;
  amenities: string[];
  facilities?: string[];
  nearbySights?: string[];
  policies: Record<string, unknown>;
  paymentMode?: 'at_hotel' | 'prepay';
  cancelHours?: number;
  roomTypes?: Array<{ roomTypeId: string; name: string; nameEn?: string | null; capacity: number; basePrice: MoneyView }>;
}

/** One passage `search_knowledge` returned. */
export interface Passage {
  question: string;
  answer: string;
  source?: string;
  hotelId?: string | null;
  score?: number;
}

/** A reservation as `find_bookings` and `prepare_cancellation` show it. */
export interface BookingView {
  code: string;
  status: string;
  hotelName: string;
  roomName?: string;
  checkIn: string;
  checkOut: string;
  rooms?: number;
  guests?: number;
  total?: MoneyView;
  guestName?: string;
  holdExpiresAt?: string | null;
  freeCancellationUntil?: string;
}

/** What `prepare_booking` returned. */
export interface QuoteView {
  actionId: string;
  quote: {
    hotelName: string;
    roomName: string;
    checkIn: string;
    checkOut: string;
    nights: number;
    rooms: number;
    guests: number;
    pricePerNight: MoneyView;
    total: MoneyView;
    paymentMode: 'at_hotel' | 'prepay';
    freeCancellationUntil: string;
    validUntil?: string;
  };
  guest: { name: string; phone: string };
}

/** What `prepare_cancellation` returned. */
export interface CancellationView {
  actionId: string;
  reservation: BookingView;
  terms: { free: boolean; freeCancellationUntil: string };
}

/** What `confirm` returned: a booking made, or a reservation cancelled. */
export type ConfirmView =
  | { booked: true; reservation: BookingView & { roomName: string; total: MoneyView } }
  | { cancelled: true; reservation: BookingView };

/** An error result: `{error, message}`. */
export interface ToolFailure {
  error: string;
  message?: string;
}

/** The names of the tools the offline model calls. */
export type ToolName =
  | 'search_hotels'
  | 'get_hotel_details'
  | 'search_knowledge'
  | 'find_bookings'
  | 'prepare_booking'
  | 'prepare_cancellation'
  | 'confirm'
  | 'handoff_to_human';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The JSON of a tool message, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The error of a result, when it is one. */
export function failureOf(data: unknown): ToolFailure | undefined {
  return isObject(data) && typeof data.error === 'string' ? { error: data.error, message: typeof data.message === 'string' ? data.message : undefined } : undefined;
}

/** A search result with each offer tagged by its tier, or undefined when `data` is not one. */
export function asSearch(data: unknown): SearchView | undefined {
  if (!isObject(data) || !isObject(data.tiers) || typeof data.checkIn !== 'string') return undefined;
  const raw = data.tiers as Record<string, unknown>;
  const tiers = Object.fromEntries(
    TIER_ORDER.map((t) => [t, (Array.isArray(raw[t]) ? (raw[t] as Offer[]) : []).map((o) => ({ ...o, tier: t }))]),
  ) as Record<Tier, Offer[]>;
  return { ...(data as unknown as SearchView), tiers };
}

/** A details result, or undefined. */
export function asDetails(data: unknown): DetailsView | undefined {
  return isObject(data) && typeof data.hotelId === 'string' && typeof data.name === 'string'
    ? ({ amenities: [], policies: {}, ...data } as unknown as DetailsView)
    : undefined;
}

/** The passages of a knowledge result, or undefined. */
export function asPassages(data: unknown): Passage[] | undefined {
  return isObject(data) && Array.isArray(data.passages) ? (data.passages as Passage[]) : undefined;
}

/** The bookings of a find_bookings result, or undefined. */
export function asBookings(data: unknown): BookingView[] | undefined {
  return isObject(data) && Array.isArray(data.bookings) ? (data.bookings as BookingView[]) : undefined;
}

/** A prepare_booking result, or undefined. */
export function asQuote(data: unknown): QuoteView | undefined {
  return isObject(data) && typeof data.actionId === 'string' && isObject(data.quote) ? (data as unknown as QuoteView) : undefined;
}

/** A prepare_cancellation result, or undefined. */
export function asCancellation(data: unknown): CancellationView | undefined {
  return isObject(data) && typeof data.actionId === 'string' && isObject(data.reservation) ? (data as unknown as CancellationView) : undefined;
}

/** A confirm result, or undefined. */
export function asConfirm(data: unknown): ConfirmView | undefined {
  if (!isObject(data) || !isObject(data.reservation)) return undefined;
  return data.booked === true || data.cancelled === true ? (data as unknown as ConfirmView) : undefined;
}

/** Every offer of a search, cheapest first within each tier, tiers in order. */
export function allOffers(s: SearchView): Offer[] {
  return TIER_ORDER.flatMap((t) => s.tiers[t]);
}

/**
 * The offers the traveller is shown, in the order "第二家" counts them: one per tier when several tiers have
 * hotels, else up to three of the one tier.
 */
export function shownOffers(s: SearchView): Offer[] {
  const filled = TIER_ORDER.filter((t) => s.tiers[t].length > 0);
  if (filled.length === 1) return s.tiers[filled[0]!].slice(0, 3);
  return filled.map((t) => s.tiers[t][0]!);
}
