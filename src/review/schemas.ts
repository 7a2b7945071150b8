// zod schemas of the review API's queries and bodies.
import { z } from 'zod';
import { isIsoDate } from '../dates.ts';
import { OUTCOMES } from './outcome.ts';

/** A day (`YYYY-MM-DD`, read in TZ_HOTELS) or an instant (ISO 8601 with a zone). */
const dayOrInstant = z
  .string()
  .refine((v) => isIsoDate(v) || (/^\d{4}-\d{2}-\d{2}T/.test(v) && /(Z|[+-]\d{2}:?\d{2})$/.test(v) && !Number.isNaN(Date.parse(v))), {
    message: 'must be YYYY-MM-DD or an ISO 8601 time with a zone',
  });

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** `GET /v1/operator/conversations` query. */
export const conversationListQuery = z
  .object({
    from: dayOrInstant.optional(),
    to: dayOrInstant.optional(),
    outcome: z.enum(OUTCOMES).optional(),
    channel: z.enum(['web', 'app', 'wechat']).optional(),
    hotelId: z.uuid().optional(),
    lowConfidence: flag.optional(),
    corrected: flag.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().min(1).max(200).optional(),
  })
  .strict();
export type ConversationListQuery = z.output<typeof conversationListQuery>;

/** The longest corrected answer, in characters. */
export const MAX_CORRECTION_LENGTH = 4000;

/** `POST /v1/operator/corrections` and `POST /v1/agent/corrections` body. */
export const correctionBody = z
  .object({
    messageId: z.uuid(),
    text: z.string().trim().min(1, 'must not be empty').max(MAX_CORRECTION_LENGTH),
    question: z.string().trim().min(1, 'must not be empty').max(1000).optional(),
    hotelId: z.uuid().optional(),
    toKnowledge: z.boolean().optional(),
  })
  .strict();
export type CorrectionInput = z.output<typeof correctionBody>;

/** `GET /v1/operator/corrections` query. */
export const correctionListQuery = z
  .object({
    conversationId: z.uuid().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .strict();
export type CorrectionListQuery = z.output<typeof correctionListQuery>;
