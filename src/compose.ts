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
}

/** Event bus topic of reservation status changes made by staff or the system: `{ code, status }`, no guest data. */
export const RESERVATION_CHANGES_TOPIC = 'reservation-changes';

/** Every service, wired. */
export function buildServices(i: Infrastructure): Services {
  const { config, db, clock, keys } = i;
  const timeZone = config.hotelTimeZone;
  const notifyTraveller = bookingUpdateNotifier({ db, keys, clock, events: i.events });
  const booking = new BookingService({
    db, clock, keys, timeZone, jobs: i.jobs, sweepEveryMs: i.sweepEveryMs,
    // The traveller's conversation hears of it, and so do the channels (WeChat's confirmation notice).
    onChange: async (change) => {
      const { code, status } = change.reservation;
      await Promise.all([notifyTraveller(change), i.events.publish(RESERVATION_CHANGES_TOPIC, { code, status })]);
    },
  });
  const knowledge = new KnowledgeService(db);
  const handoffs = new HandoffStore({ db, events: i.events, clock });
  const agentDesk = new AgentDesk({ db, clock, keys, events: i.events, booking, onError: (err, context) => i.logger.warn({ err, ...context }, 'agent desk') });
  const flowDeps = { db, booking, knowledge, keys, clock, timeZone, publicUrl: i.publicUrl };
  const bot = new Bot({
    db, keys, clock, model: i.model, tools: createTools(flowDeps), storage: new PostgresStorage(db), lock: i.lock,
    handoffs, texts: createTexts(flowDeps), onError: (err) => i.logger.error({ err }, 'turn failed'),
  });
  return {
    config, db, clock, keys, logger: i.logger, jobs: i.jobs, events: i.events, booking, knowledge, handoffs, agentDesk, bot,
    publicUrl: i.publicUrl,
    operators: new OperatorService({ db, clock, keys, timeZone }),
    travellers: new TravellerService({ db, keys, clock }),
  };
}
