// What the HTTP layer and the channels are given by the composition root.
import type { Db } from '../db/index.ts';
import type { BookingService } from './booking/index.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { JobQueue } from './jobs/index.ts';
import type { Logger } from './logger.ts';
import type { OperatorService } from './operators/index.ts';
import type { TravellerService } from './travellers/index.ts';
import type { Bot } from './bot/index.ts';
import type { EventBus } from './bot/events/index.ts';
import type { KnowledgeService } from './knowledge/index.ts';
import type { AgentDesk, HandoffStore } from './handoff/index.ts';
import type { Keys } from './security/index.ts';
import type { Metrics, RateLimits } from './observability/index.ts';

/** The application's services, built once in src/main.ts (or by a test). */
export interface Services {
  config: Config;
  db: Db;
  clock: Clock;
  keys: Keys;
  logger: Logger;
  jobs: JobQueue;
  booking: BookingService;
  operators: OperatorService;
  travellers: TravellerService;
  knowledge: KnowledgeService;
  handoffs: HandoffStore;
  /** The agents' desk: the queue, claims, agents' replies, the hand-back to the bot. */
  agentDesk: AgentDesk;
  events: EventBus;
  bot: Bot;
  /** Base of booking links: PUBLIC_URL, or the address the server listens on. */
  publicUrl(): string;
  /** This instance's Prometheus metrics (`GET /metrics`). */
  metrics: Metrics;
  /** Rate limits per IP and per traveller (shared through Redis when the composition root gives it). */
  limits: RateLimits;
}
