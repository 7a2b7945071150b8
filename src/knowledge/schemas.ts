// zod schemas of knowledge entries as operators write them: a question, its answer, for a hotel or the whole tenant.
import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1).max(max);
const locale = z.enum(['zh-CN', 'en']);

/** Body of `POST /knowledge`. Without a hotel the entry is the tenant's, for every hotel. */
export const knowledgeBody = z
  .object({
    question: text(500),
    answer: text(4000),
    hotelId: z.uuid().optional(),
    locale: locale.optional(),
    /** An admin names the tenant (or a hotel, whose tenant it takes). */
    tenantId: z.uuid().optional(),
  })
  .strict();
export type KnowledgeInput = z.output<typeof knowledgeBody>;

/** Body of `PATCH /knowledge/:id`: any of question, answer, locale; `hotelId` null makes it the tenant's. */
export const knowledgePatch = z
  .object({ question: text(500).optional(), answer: text(4000).optional(), hotelId: z.uuid().nullable().optional(), locale: locale.optional() })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'change at least one field' });
export type KnowledgePatch = z.output<typeof knowledgePatch>;

/** `GET /knowledge?hotelId&q&limit&offset&tenantId`: `q` matches question or answer, any case. */
export const knowledgeListQuery = z
  .object({
    hotelId: z.uuid().optional(),
    tenantId: z.uuid().optional(),
    q: z.string().trim().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();
export type KnowledgeListQuery = z.output<typeof knowledgeListQuery>;
