// What the flows are given: the domain services, never a channel.
import type { Queryable } from '../db/index.ts';
import type { Actor, BookingService } from '../src/booking/index.ts';
import type { ToolContext } from '../src/bot/index.ts';
import type { Clock } from '../src/clock.ts';
import type { KnowledgeService } from '../src/knowledge/index.ts';
import type { Keys } from '../src/security/index.ts';

export interface FlowDeps {
  db: Queryable;
  booking: BookingService;
  knowledge: KnowledgeService;
  keys: Keys;
  clock: Clock;
  timeZone: string;
  /** Base of booking links (PUBLIC_URL, or the listening address). */
  publicUrl(): string;
}

/** The traveller of a turn as the booking domain knows actors: from context, never from the model. */
export function travellerActor(ctx: ToolContext): Actor {
  return { kind: 'traveller', travellerId: ctx.travellerId, channel: ctx.channel, tenantId: ctx.tenantId };
}
