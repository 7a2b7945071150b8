// search_hotels: the live inventory's best fit per tier, each with a server-priced quote and a booking link.
import { z } from 'zod';
import { isoDate, TIERS, type SearchHit, type Tier } from '../../src/booking/index.ts';
import { defineTool, type HotelCard, type ToolContext } from '../../src/bot/index.ts';
import { travellerActor, type FlowDeps } from '../deps.ts';

const args = z
  .object({
    city: z.string().min(1).max(50).describe('City, in Chinese or English, e.g. 北京 or Beijing'),
    checkIn: isoDate.describe('YYYY-MM-DD'),
    checkOut: isoDate.describe('YYYY-MM-DD, the morning of departure'),
    guests: z.number().int().min(1).max(80),
    rooms: z.number().int().min(1).max(20).optional(),
    budgetMax: z.number().positive().optional().describe('Whole yuan per room per night'),
    budgetMin: z.number().min(0).optional().describe('Whole yuan per room per night, e.g. 1000元以上 → 1000'),
    tier: z.enum(['budget', 'comfort', 'luxury']).optional(),
    amenities: z.array(z.string().min(1).max(40)).max(10).optional().describe('e.g. ["breakfast", "parking", "pool"]'),
    stars: z.array(z.number().int().min(1).max(5)).max(5).optional().describe('Star grades: 高档型 = 4, 豪华型 = 5'),
    minRating: z.number().min(0).max(5).optional(),
  })
  .strict();
type Args = z.output<typeof args>;

const hitView = (h: SearchHit) => ({
  hotelId: h.hotelId, name: h.name, nameEn: h.nameEn, stars: h.stars, rating: h.rating, roomTypeId: h.roomTypeId,
  roomName: h.roomName, capacity: h.capacity, pricePerNight: h.pricePerNight, total: h.total, roomsLeft: h.roomsLeft,
});

/** The search_hotels tool over these services. */
export function searchHotelsTool(deps: FlowDeps) {
  /** One card a tier: its cheapest fitting hotel, with a quote behind the booking link (recommend-tiers). */
  async function cardsFor(hits: SearchHit[], q: Args, ctx: ToolContext): Promise<HotelCard[]> {
    const quotes = await deps.booking.quotes(
      hits.map((hit) => ({ hotelId: hit.hotelId, roomTypeId: hit.roomTypeId, checkIn: q.checkIn, checkOut: q.checkOut, rooms: q.rooms ?? 1, guests: q.guests })),
      travellerActor(ctx),
    );
    return hits.map((hit, i) => {
      const quote = quotes[i]!;
      return {
        kind: 'hotel', tier: hit.tier, hotelId: hit.hotelId, roomTypeId: hit.roomTypeId, name: hit.name, nameEn: hit.nameEn,
        roomName: hit.roomName, pricePerNight: quote.pricePerNight, total: quote.total, stars: hit.stars, rating: hit.rating,
        bookingUrl: `${deps.publicUrl()}/b/${quote.token}`,
      };
    });
  }

  return defineTool({
    name: 'search_hotels',
    description:
      'Search live hotel availability for a stay. Returns hotels grouped by tier (budget / comfort / luxury), each with its cheapest fitting room type, price per night and total in CNY. Only these results may be quoted to the traveller.',
    kind: 'read',
    schema: args,
    async run(q, ctx) {
      const result = await deps.booking.search({ ...q, rooms: q.rooms ?? 1, limitPerTier: 3 }, travellerActor(ctx));
      const cards = await cardsFor(TIERS.flatMap((tier) => result.tiers[tier].slice(0, 1)), q, ctx);
      const tiers = Object.fromEntries(TIERS.map((t) => [t, result.tiers[t].map(hitView)])) as Record<Tier, ReturnType<typeof hitView>[]>;
      ctx.memory.flows.lastSearch = {
        ...q,
        hotels: TIERS.flatMap((t) => result.tiers[t].map((h) => ({ tier: t, hotelId: h.hotelId, roomTypeId: h.roomTypeId, name: h.name }))),
      };
      return {
        data: { city: result.city, checkIn: result.checkIn, checkOut: result.checkOut, nights: result.nights, rooms: result.rooms, guests: result.guests, tiers, counts: result.counts },
        cards,
      };
    },
  });
}
