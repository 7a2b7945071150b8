// zod schemas of the agents' desk API, validated at the edge.
import { z } from 'zod';
import { isoDate, MAX_ROOMS, quoteInput, reservationBody } from '../booking/index.ts';

const code = z.string().trim().regex(/^[A-Za-z0-9]{4,16}$/, 'must be a reservation code such as TD7K4Q2P');
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** `GET /v1/agent/handoffs?status=&mine=&limit=`. */
export const handoffListQuery = z
  .object({
    status: z.enum(['queued', 'active', 'resolved', 'closed']).default('queued'),
    /** Only the caller's own. */
    mine: flag.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(100),
  })
  .strict();

/** `POST /v1/agent/conversations/:id/messages`. */
export const agentMessageBody = z.object({ text: z.string().trim().min(1).max(4000) }).strict();

/** `POST /v1/agent/handoffs/:id/resolve` (the body may be absent). */
export const resolveBody = z
  .object({
    /** For the bot and the history: what was done, what is still open. Never shown to the traveller. */
    note: z.string().trim().max(2000).optional(),
    /** Reservations made or changed for the traveller: shown to them and told to the bot. */
    reservations: z.array(code).max(20).optional(),
  })
  .strict();

/** `POST /v1/agent/handoffs/:id/close` and `/release` (the body may be absent). */
export const closeBody = z.object({ reason: z.string().trim().max(300).optional(), note: z.string().trim().max(2000).optional() }).strict();

/** `POST /v1/agent/handoffs/:id/release`: why it goes back to the queue (a release carries no note for the bot). */
export const releaseBody = z.object({ reason: z.string().trim().max(300).optional() }).strict();

/** `POST /v1/agent/conversations/:id/search`: the arguments of the model's `search_hotels` tool. */
export const agentSearchBody = z
  .object({
    city: z.string().trim().min(1).max(50),
    checkIn: isoDate,
    checkOut: isoDate,
    guests: z.number().int().min(1).max(80),
    rooms: z.number().int().min(1).max(MAX_ROOMS).optional(),
    budgetMax: z.number().positive().max(1_000_000).optional(),
    budgetMin: z.number().min(0).max(1_000_000).optional(),
    tier: z.enum(['budget', 'comfort', 'luxury']).optional(),
    amenities: z.array(z.string().min(1).max(40)).max(10).optional(),
    stars: z.array(z.number().int().min(1).max(5)).max(5).optional(),
    minRating: z.number().min(0).max(5).optional(),
  })
  .strict();
export type AgentSearchInput = z.output<typeof agentSearchBody>;

/** `POST /v1/agent/conversations/:id/quote`: one room type for one stay, priced by the server. */
export const agentQuoteBody = quoteInput;

/** `POST /v1/agent/conversations/:id/bookings`: the body of `POST /v1/reservations` (a quote's token keeps its price). */
export const agentBookBody = reservationBody;

/** The `Idempotency-Key` header of a booking: required. */
export const idempotencyKeyHeader = z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

/** `GET /v1/agent/canned-replies?tenantId=&locale=`. */
export const cannedListQuery = z
  .object({ tenantId: z.uuid().optional(), locale: z.enum(['zh-CN', 'en']).optional() })
  .strict();

/** `POST /v1/agent/canned-replies`. A tenant's agent writes for its own tenant; admins name the tenant. */
export const cannedReplyBody = z
  .object({
    title: z.string().trim().min(1).max(60),
    text: z.string().trim().min(1).max(4000),
    locale: z.enum(['zh-CN', 'en']),
    tenantId: z.uuid().optional(),
  })
  .strict();
