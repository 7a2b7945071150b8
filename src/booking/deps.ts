// What the booking service stands on, and the shapes it hands its listeners and takes as filters.
import type { Db } from '../../db/index.ts';
import type { Clock } from '../clock.ts';
import type { JobQueue } from '../jobs/types.ts';
import type { Keys } from '../security/index.ts';
import type { ReservationStatus, ReservationView } from './types.ts';

/** What the service needs. */
export interface BookingDeps {
  db: Db;
  clock: Clock;
  keys: Keys;
  /** The zone stay dates are read in (TZ_HOTELS). */
  timeZone: string;
  jobs?: JobQueue;
  /** How often the sweep runs; default one minute. */
  sweepEveryMs?: number;
  /** Told after a reservation changed status outside the traveller's own request (confirmed, expired, cancelled by staff). */
  onChange?: (change: ReservationChange) => Promise<void>;
  /** Told when a reservation enters a status (by anyone) and when a booking is refused as sold out; must not throw. */
  onStatus?: (status: ReservationStatus | 'sold_out') => void;
}

/** A reservation whose status changed, and whose traveller may want to hear of it. */
export interface ReservationChange {
  reservation: ReservationView;
  travellerId: string | null;
  by: 'staff' | 'system' | 'traveller';
  /** The staff member's role when `by` is staff: an agent's cancellation reads differently from the hotel's. */
  role?: string;
}

/** Filter of {@link BookingService.list}. */
export interface ReservationFilter {
  hotelId?: string;
  from?: string;
  to?: string;
  status?: ReservationStatus;
  /** Only this traveller's reservations. */
  travellerId?: string;
  limit?: number;
  offset?: number;
}
