// What the desk's operations are given.
import type { Db } from '../../db/index.ts';
import type { BookingService } from '../booking/index.ts';
import type { EventBus } from '../bot/events/index.ts';
import type { Clock } from '../clock.ts';
import type { Delivery } from './delivery.ts';
import type { HandoffRules } from './settings.ts';

/** The desk's dependencies, shared by its operations. */
export interface DeskDeps {
  db: Db;
  clock: Clock;
  events: EventBus;
  booking: BookingService;
  delivery: Delivery;
  /** The defaults of a tenant without its own rules. */
  rules: HandoffRules;
  /** Told about failures after the fact (the bus, a channel); they never fail a committed move. */
  onError?: (err: unknown, context: Record<string, unknown>) => void;
}
