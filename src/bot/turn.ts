// One traveller message as every channel hands it to the core, validated at the edge.
import { z } from 'zod';
import { LONE_SURROGATE, walkJson } from '../json-limits.ts';

/** The traveller's language. */
export const localeSchema = z.enum(['zh-CN', 'en']);
export type Locale = z.infer<typeof localeSchema>;

// Control characters (NUL above all: jsonb refuses it) never reach the transcript or the model, nor do halves of
// UTF-16 surrogate pairs without their other half (jsonb refuses those too): they become U+FFFD.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');
const cleanText = (t: string): string => t.replace(CONTROL, '').replace(LONE_SURROGATES, '\ufffd');
const clean = (v: unknown): unknown =>
  typeof v === 'string'
    ? cleanText(v)
    : Array.isArray(v)
      ? v.map(clean)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [cleanText(k), clean(x)]))
        : v;

/** Payloads are small (a tapped action's value): one nested too deeply is refused before `clean` recurses into it. */
const shallow = (v: unknown): boolean => walkJson(v) === undefined;

/** What a channel adapter makes of an inbound message (DESIGN.md: the Activity). */
export const turnInputSchema = z.object({
  channel: z.enum(['web', 'app', 'wechat']),
  conversationId: z.uuid(),
  traveller: z.object({
    id: z.string().min(1).max(200),
    tenantId: z.uuid().nullable(),
  }),
  /** What the traveller typed (may be empty when a button was tapped). */
  text: z.string().max(4000).transform(cleanText),
  /** A tapped action's value, or a channel's structured payload. */
  payload: z.unknown().optional().refine(shallow, 'payload is nested too deeply').transform(clean),
  locale: localeSchema.optional(),
  receivedAt: z.date(),
  /** The channel's own id of the message; a retry with the same id is one message. */
  sourceId: z.string().min(1).max(200),
});
export type TurnInput = z.input<typeof turnInputSchema>;
