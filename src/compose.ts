// Builds the services from the infrastructure: the one place that knows how the domains, the bot and the flows meet.
import type { Db } from '../db/index.ts';
import { bookingUpdateNotifier, createTexts, createTools } from '../flows/index.ts';
import { BookingService } from './booking/index.ts';
import { Bot } from './bot/index.ts';
import type { EventBus } from './bot/events/index.ts';
import type { ConversationLock } from './bot/lock/index.ts';
import { PostgresStorage } from './bot/storage/index.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { AgentDesk, HandoffStore } from './handoff/index.ts';
import type { JobQueue } from './jobs/index.ts';
import { KnowledgeService } from './knowledge/index.ts';
import type { Logger } from './logger.ts';
import type { ChatModel } from './model/index.ts';
import { countingHandoffs, countTurn, createMetrics, createRateLimits, measuredModel, type Metrics, type RateLimits } from './observability/index.ts';
import { OperatorService } from './operators/index.ts';
import type { Keys } from './security/index.ts';
import type { Services } from './services.ts';
import { TravellerService } from './travellers/index.ts';

/** The infrastructure the services stand on. */
export interface Infrastructure {
  config: Config;
  db: Db;
  clock: Clock;
  keys: Keys;
  logger: Logger;
  jobs: JobQueue;
  events: EventBus;
  lock: ConversationLock;
  model: ChatModel;
  publicUrl(): string;
  /** How often held reservations are swept; default one minute. */
  sweepEveryMs?: number;
  /** The instance's metrics; default a fresh registry (give the one the job queue reports to). */
  metrics?: Metrics;
  /** The rate limits; default in memory, sized by the configuration. */
  limits?: RateLimits;
}

/** Event bus topic of reservation status changes made by staff or the system: `{ code, status }`, no guest data. */
export const RESERVATION_CHANGES_TOPIC = 'reservation-changes';

/** Every service, wired. */
export function buildServices(i: Infrastructure): Services {
  const { config, db, clock, keys } = i;
  const timeZone = config.hotelTimeZone;
  const notifyTraveller = bookingUpdateNotifier({ db, keys, clock, events: i.events });
  const metrics = i.metrics ?? createMetrics();
  const limits = i.limits ?? createRateLimits(config.rateLimits);
  const booking = new BookingService({
    db, clock, keys, timeZone, jobs: i.jobs, sweepEveryMs: i.sweepEveryMs,
    onStatus: (status) => metrics.bookings.inc({ status }),
    // The traveller's conversation hears of it, and so do the channels (WeChat's confirmation notice).
    onChange: async (change) => {
      const { code, status } = change.reservation;
      await Promise.all([notifyTraveller(change), i.events.publish(RESERVATION_CHANGES_TOPIC, { code, status })]);
    },
  });
  const knowledge = new KnowledgeService(db, clock);
  const handoffs = new HandoffStore({ db, events: countingHandoffs(i.events, metrics), clock });
  const agentDesk = new AgentDesk({ db, clock, keys, events: i.events, booking, onError: (err, context) => i.logger.warn({ err, ...context }, 'agent desk') });
  const flowDeps = { db, booking, knowledge, keys, clock, timeZone, publicUrl: i.publicUrl };
  const tools = createTools(flowDeps);
  const toolNames = new Set(tools.map((t) => t.name));
  const bot = new Bot({
    db, keys, clock, model: measuredModel(i.model, metrics), tools, storage: new PostgresStorage(db), lock: i.lock,
    handoffs, texts: createTexts(flowDeps), onError: (err) => i.logger.error({ err }, 'turn failed'),
    onTrace: (t) => countTurn(metrics, toolNames, t),
  });
  return {
    config, db, clock, keys, logger: i.logger, jobs: i.jobs, events: i.events, booking, knowledge, handoffs, agentDesk, bot,
    publicUrl: i.publicUrl, metrics, limits,
    operators: new OperatorService({ db, clock, keys, timeZone }),
    travellers: new TravellerService({ db, keys, clock }),
  };
}
