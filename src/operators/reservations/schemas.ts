// zod schemas of the operator's reservation queries: the list, the CSV export and the detail share one filter.
import { z } from 'zod';
import { isoDate } from '../../booking/index.ts';

/** Filters of the reservation list and its CSV export. */
const filterShape = {
  hotelId: z.uuid().optional(),
  /** An admin's choice of one tenant. */
  tenantId: z.uuid().optional(),
  /** Stays that end after `from` and begin before `to`. */
  from: isoDate.optional(),
  to: isoDate.optional(),
  status: z.enum(['held', 'confirmed', 'cancelled', 'expired']).optional(),
  /** A reservation code (or its beginning), part of the guest's name, or the last four digits of the phone. */
  q: z.string().trim().min(1).max(100).optional(),
};

/** `GET /reservations?hotelId&from&to&status&q&limit&offset`. */
export const reservationListQuery = z
  .object({
    ...filterShape,
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict();
export type ReservationListQuery = z.output<typeof reservationListQuery>;

/** `GET /reservations.csv?hotelId&from&to&status&q`: every match, no paging. */
export const reservationCsvQuery = z.object(filterShape).strict();
export type ReservationCsvQuery = z.output<typeof reservationCsvQuery>;
