// get_hotel_details and search_knowledge: what a hotel offers and what its policies and FAQ say.
import { z } from 'zod';
import { amenityLabel, isAmenityCode } from '../../src/booking/index.ts';
import { defineTool } from '../../src/bot/index.ts';
import { travellerActor, type FlowDeps } from '../deps.ts';

/** The get_hotel_details tool. */
export function hotelDetailsTool(deps: FlowDeps) {
  return defineTool({
    name: 'get_hotel_details',
    description: 'Details of one hotel: description, amenities, room types with capacity and base price, and its policies (check-in time, breakfast, parking, pets, cancellation).',
    kind: 'read',
    schema: z.object({ hotelId: z.uuid() }).strict(),
    async run({ hotelId }, ctx) {
      const h = await deps.booking.hotel(hotelId, travellerActor(ctx));
      return {
        data: {
          ...h,
          amenities: h.amenities.map((a) => (isAmenityCode(a) ? amenityLabel(a, ctx.locale) : a)),
          description: ctx.locale === 'en' ? (h.descriptionEn ?? h.description) : h.description,
          descriptionEn: undefined,
        },
      };
    },
  });
}

/** The search_knowledge tool. */
export function knowledgeTool(deps: FlowDeps) {
  return defineTool({
    name: 'search_knowledge',
    description: "Search the operator's FAQ and policy passages (and a hotel's own policies when hotelId is given) for the answer to a traveller's question.",
    kind: 'read',
    schema: z.object({ question: z.string().min(1).max(500), hotelId: z.uuid().optional() }).strict(),
    async run({ question, hotelId }, ctx) {
      const passages = await deps.knowledge.search({ question, hotelId, tenantId: ctx.tenantId });
      return { data: { passages: passages.map(({ question: q, answer, source, hotelId: h, score }) => ({ question: q, answer, source, hotelId: h, score })) } };
    },
  });
}
