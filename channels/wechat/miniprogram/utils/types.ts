// The server's shapes the mini-program reads and sends (CONTRACT.md: Reply, HotelCard, quotes, reservations).

/** Integer minor units (fen) and a currency code. */
export interface Money {
  amount: number;
  currency: string;
}

/** A hotel's tier, as the server labels its recommendations. */
export type Tier = 'budget' | 'comfort' | 'luxury';

/** A recommended hotel with its booking link (CONTRACT.md: HotelCard). */
export interface HotelCard {
  kind: 'hotel';
  tier: Tier;
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

/** A quick reply: `title` shown, `value` sent back as the message payload when tapped. */
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

/** `POST /v1/wechat/login` answer. */
export interface Session {
  token: string;
  conversationId: string;
}

export type PaymentMode = 'at_hotel' | 'prepay';
export type ReservationStatus = 'held' | 'confirmed' | 'cancelled' | 'expired';

/** `GET /v1/quotes/:token` answer: a server-priced offer for one room type and stay. */
export interface Quote {
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
  pricePerNight: Money;
  total: Money;
  paymentMode: PaymentMode;
  freeCancellationUntil: string;
  expiresAt: string;
  expired?: boolean;
}

/** Body of `POST /v1/reservations` (the server rejects any other field). */
export interface BookingBody {
  hotelId: string;
  roomTypeId: string;
  checkIn: string;
  checkOut: string;
  rooms: number;
  guests: number;
  guest: { name: string; phone: string };
  quoteToken: string;
}

/** A reservation as its traveller sees it (`POST /v1/reservations` 201, `GET /v1/reservations/:code`). */
export interface Reservation {
  code: string;
  status: ReservationStatus;
  hotelId: string;
  roomTypeId: string;
  checkIn: string;
  checkOut: string;
  rooms: number;
  total: Money;
  hotelName?: string;
  roomName?: string;
  guests?: number;
  paymentMode?: PaymentMode;
  holdExpiresAt?: string | null;
  freeCancellationUntil?: string;
}

/** An error body: `{"error": CODE, "message", "details"?}`; `details` holds zod issues on a 400. */
export interface ApiErrorBody {
  error: string;
  message?: string;
  details?: Array<{ path?: Array<string | number>; message?: string }>;
}
