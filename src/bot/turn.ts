// One traveller message as every channel hands it to the core, validated at the edge.
import { z } from 'zod';

/** The traveller's language. */
export const localeSchema = z.enum(['zh-CN', 'en']);
export type Locale = z.infer<typeof localeSchema>;

/** What a channel adapter makes of an inbound message (DESIGN.md: the Activity). */
export const turnInputSchema = z.object({
  channel: z.enum(['web', 'app', 'wechat']),
  conversationId: z.uuid(),
  traveller: z.object({
    id: z.string().min(1).max(200),
    tenantId: z.uuid().nullable(),
  }),
  /** What the traveller typed (may be empty when a button was tapped). */
  text: z.string().max(4000),
  /** A tapped action's value, or a channel's structured payload. */
  payload: z.unknown().optional(),
  locale: localeSchema.optional(),
  receivedAt: z.date(),
  /** The channel's own id of the message; a retry with the same id is one message. */
  sourceId: z.string().min(1).max(200),
});
export type TurnInput = z.infer<typeof turnInputSchema>;
