// zod schemas of booking input, shared by the HTTP API and the model's tools.
import { z } from 'zod';
import { isIsoDate } from '../dates.ts';

/** The most rooms one booking may take; larger groups go to a person. */
export const MAX_ROOMS = 20;
/** The longest stay one booking may cover. */
export const MAX_NIGHTS = 30;
/** How far ahead stays may be booked, in days. */
export const BOOKING_HORIZON_DAYS = 365;

export const isoDate = z.string().refine(isIsoDate, { message: 'must be a date written YYYY-MM-DD' });

/** A stay: dates (checkOut exclusive), rooms and guests. */
export const stayShape = {
  checkIn: isoDate,
  checkOut: isoDate,
  rooms: z.number().int().min(1).max(MAX_ROOMS).default(1),
  guests: z.number().int().min(1).max(MAX_ROOMS * 4),
};

const stayRefine = <T extends { checkIn: string; checkOut: string; rooms: number; guests: number }>(
  v: T,
  ctx: z.RefinementCtx,
) => {
  if (isIsoDate(v.checkIn) && isIsoDate(v.checkOut) && v.checkOut <= v.checkIn) {
    ctx.addIssue({ code: 'custom', path: ['checkOut'], message: 'must be after checkIn' });
  }
  if (v.guests < v.rooms) ctx.addIssue({ code: 'custom', path: ['guests'], message: 'must be at least one per room' });
};

export const guestSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9][0-9 ()-]{4,22}$/, 'must be a phone number')
      .refine((p) => p.replace(/\D/g, '').length >= 6, { message: 'must have at least 6 digits' }),
  })
  .strict();

/** Body of `POST /v1/reservations`. */
export const reservationBody = z
  .object({
    hotelId: z.uuid(),
    roomTypeId: z.uuid(),
    ...stayShape,
    guest: guestSchema,
    /** Book at the price of this quote (from the booking link) while it is valid. */
    quoteToken: z.string().min(8).max(64).optional(),
  })
  .strict()
  .superRefine(stayRefine);
export type ReservationInput = z.output<typeof reservationBody>;

/** A search for hotels. Budgets are whole yuan per room per night, as people say them. */
export const searchQuery = z
  .object({
    city: z.string().trim().min(1).max(50),
    ...stayShape,
    budgetMax: z.number().positive().max(1_000_000).optional(),
    budgetMin: z.number().min(0).max(1_000_000).optional(),
    tier: z.enum(['budget', 'comfort', 'luxury']).optional(),
    stars: z.array(z.number().int().min(1).max(5)).max(5).optional(),
    minRating: z.number().min(0).max(5).optional(),
    amenities: z.array(z.string().min(1).max(40)).max(20).optional(),
    limitPerTier: z.number().int().min(1).max(50).default(5),
  })
  .strict()
  .superRefine(stayRefine);
export type SearchInput = z.input<typeof searchQuery>;
export type SearchQuery = z.output<typeof searchQuery>;

/** A quote request: one room type for one stay. */
export const quoteInput = z
  .object({ hotelId: z.uuid(), roomTypeId: z.uuid(), ...stayShape })
  .strict()
  .superRefine(stayRefine);
export type QuoteInput = z.output<typeof quoteInput>;
