// What the dashboard shows: per day, per hotel, and the conversations' outcomes over the range.
import type { Money } from '../../money.ts';

/** One day of the range (in TZ_HOTELS). */
export interface DayStats {
  day: string;
  /** Reservations made this day that stand (neither cancelled nor a lapsed hold). */
  bookings: number;
  /** Rooms × nights of those. */
  roomNights: number;
  /** Their totals. */
  revenue: Money;
  /** Reservations cancelled this day. */
  cancellations: number;
  /** Conversations begun this day. */
  conversations: number;
  /** Handoffs to a person opened this day. */
  handoffs: number;
}

/** A hotel's nights in the range: rooms sold of rooms offered. */
export interface HotelOccupancy {
  hotelId: string;
  name: string;
  soldNights: number;
  availableNights: number;
  /** soldNights / availableNights, 0 when nothing was offered. */
  rate: number;
}

/** The dashboard over a range. */
export interface Stats {
  from: string;
  to: string;
  days: DayStats[];
  /** The 50 hotels with the highest occupancy. */
  occupancy: HotelOccupancy[];
  /** Conversations begun in the range, by how they ended (`open`: still going). */
  conversations: { total: number; booked: number; handedOff: number; abandoned: number; open: number };
  /** booked / total (0 without conversations). */
  conversion: number;
  /**
   * Handoffs opened in the range, by reason; `rate` is the share of the range's conversations handed to a person at
   * any point (a conversation handed off that then booked counts here, and as booked above).
   */
  handoffs: { total: number; rate: number; reasons: Array<{ reason: string; count: number }> };
}
