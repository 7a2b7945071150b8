// zod schemas of the operator API's input (hotels are in hotel-schemas.ts): validated at the edge, typed inside.
import { z } from 'zod';
import { isoDate } from '../booking/index.ts';
import { nightsBetween } from '../dates.ts';

/** The most nights one inventory read or write may span (a year, leap or not). */
export const MAX_INVENTORY_NIGHTS = 366;
/** Largest amount of money accepted, in fen (100 million yuan): far below 2^53, far above any room. */
export const MAX_FEN = 10_000_000_000;
/** Most rooms of one room type for one night. */
export const MAX_ALLOTMENT = 10_000;

/** Money as the contract writes it: whole fen and the only currency we sell in. */
export const money = z
  .object({ amount: z.number().int().min(0).max(MAX_FEN), currency: z.literal('CNY') })
  .strict();

/** Text that must say something: trimmed, not empty, bounded. */
export const text = (max: number) => z.string().trim().min(1).max(max);

export const loginBody = z.object({ email: text(254), password: z.string().min(1).max(200) }).strict();
export type LoginInput = z.output<typeof loginBody>;

export const tenantBody = z.object({ name: text(200) }).strict();
export type TenantInput = z.output<typeof tenantBody>;

export const userBody = z
  .object({
    email: z.string().trim().max(254).pipe(z.email()),
    password: z.string().min(8).max(200),
    role: z.enum(['operator', 'agent']),
    // null makes a platform agent, who answers every tenant's travellers.
    tenantId: z.uuid().nullable(),
    displayName: text(100).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.role === 'operator' && v.tenantId === null) {
      ctx.addIssue({ code: 'custom', path: ['tenantId'], message: 'an operator belongs to a tenant' });
    }
  });
export type UserInput = z.output<typeof userBody>;

/** `?limit&offset` of a paged list. */
export const pageShape = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};

export const roomTypeBody = z
  .object({ name: text(200), nameEn: text(200).optional(), capacity: z.number().int().min(1).max(20), basePrice: money })
  .strict();
export type RoomTypeInput = z.output<typeof roomTypeBody>;

export const roomTypePatch = z
  .object({
    name: text(200).optional(),
    nameEn: text(200).nullable().optional(),
    capacity: z.number().int().min(1).max(20).optional(),
    basePrice: money.optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'change at least one field' });
export type RoomTypePatch = z.output<typeof roomTypePatch>;

/** `to` after `from`, and not more than a year of nights. */
const nightRange = (v: { from: string; to: string }, ctx: z.RefinementCtx) => {
  const n = nightsBetween(v.from, v.to);
  if (n < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from (to is exclusive)' });
  if (n > MAX_INVENTORY_NIGHTS) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${MAX_INVENTORY_NIGHTS} nights at once` });
  }
};

const inventoryFields = {
  from: isoDate,
  to: isoDate,
  allotment: z.number().int().min(0).max(MAX_ALLOTMENT).optional(),
  price: money.optional(),
  stopSell: z.boolean().optional(),
  /** Only these days of the week (0 = Sunday), e.g. [5, 6] for Friday and Saturday nights. */
  weekdays: z
    .array(z.number().int().min(0).max(6))
    .min(1)
    .max(7)
    .transform((d) => [...new Set(d)])
    .optional(),
};

const somethingToSet = (v: { from: string; to: string; allotment?: number; price?: unknown; stopSell?: boolean }, ctx: z.RefinementCtx) => {
  nightRange(v, ctx);
  if (v.allotment === undefined && v.price === undefined && v.stopSell === undefined) {
    ctx.addIssue({ code: 'custom', path: [], message: 'give at least one of allotment, price, stopSell' });
  }
};

/** Body of `PUT /room-types/:id/inventory`. */
export const inventoryBody = z.object(inventoryFields).strict().superRefine(somethingToSet);
export type InventoryInput = z.output<typeof inventoryBody>;

/** Body of `PUT /hotels/:id/inventory`: the same, for every room type of the hotel or the ones named. */
export const hotelInventoryBody = z
  .object({ ...inventoryFields, roomTypeIds: z.array(z.uuid()).min(1).max(200).transform((ids) => [...new Set(ids.map((i) => i.toLowerCase()))]).optional() })
  .strict()
  .superRefine(somethingToSet);
export type HotelInventoryInput = z.output<typeof hotelInventoryBody>;

export const inventoryQuery = z.object({ from: isoDate, to: isoDate }).strict().superRefine(nightRange);
export type InventoryQuery = z.output<typeof inventoryQuery>;
