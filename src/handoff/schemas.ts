// zod schemas of the agents' desk API, validated at the edge.
import { z } from 'zod';

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
