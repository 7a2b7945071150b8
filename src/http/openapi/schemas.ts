// Shapes of answers the document names: Reply, HotelCard, Reservation, sessions. Request bodies are the routes' own.
import { z } from 'zod';
import { moneySchema } from './registry.ts';

/** A recommended hotel with its booking link. */
export const hotelCard = z
  .object({
    kind: z.literal('hotel'),
    tier: z.enum(['budget', 'comfort', 'luxury']),
    hotelId: z.uuid(),
    roomTypeId: z.uuid(),
    name: z.string(),
    roomName: z.string(),
    pricePerNight: moneySchema,
    total: moneySchema,
    bookingUrl: z.string(),
    stars: z.number().int().optional(),
    rating: z.number().nullable().optional(),
  })
  .meta({ id: 'HotelCard' });

/** One bot message. */
export const reply = z
  .object({
    type: z.literal('message'),
    text: z.string(),
    cards: z.array(hotelCard).optional(),
    actions: z.array(z.object({ title: z.string(), value: z.string() })).optional(),
    handoff: z.literal(true).optional(),
  })
  .meta({ id: 'Reply' });

/** `{replies}` of a turn, with the conversation. */
export const turnAnswer = z.object({ conversationId: z.uuid().optional(), replies: z.array(reply) }).meta({ id: 'TurnAnswer' });

/** A traveller session. */
export const session = z.object({ token: z.string(), conversationId: z.uuid() }).meta({ id: 'Session' });

/** A reservation (at least the fields of the contract's 201). */
export const reservation = z
  .object({
    code: z.string(),
    status: z.enum(['held', 'confirmed', 'cancelled', 'expired']),
    hotelId: z.uuid(),
    roomTypeId: z.uuid(),
    checkIn: z.string(),
    checkOut: z.string(),
    rooms: z.number().int(),
    guests: z.number().int(),
    total: moneySchema,
  })
  .meta({ id: 'Reservation' });

/** `{id}` of something created. */
export const created = z.object({ id: z.uuid() }).meta({ id: 'Created' });

/** A handoff in the agents' queue. */
export const handoff = z
  .object({
    id: z.uuid(),
    conversationId: z.uuid(),
    channel: z.string(),
    reason: z.string(),
    confidence: z.number().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Handoff' });
