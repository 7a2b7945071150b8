// The express application: parsers, routers, and the one error handler.
import express from 'express';
import { httpMetrics, ipRateLimit, requestContext } from '../observability/index.ts';
import type { Services } from '../services.ts';
import { bodyGuard } from './body-guard.ts';
import { errorHandler, notFound } from './errors.ts';
import { agentRouter } from './routers/agents.ts';
import { bookingLinkRouter } from './routers/booking-link.ts';
import { docsRouter } from './routers/docs.ts';
import { healthRouter } from './routers/health.ts';
import { metricsRouter } from './routers/metrics.ts';
import { operatorInventoryRouter } from './routers/operator-inventory.ts';
import { operatorKnowledgeRouter } from './routers/operator-knowledge.ts';
import { operatorStatsRouter } from './routers/operator-stats.ts';
import { operatorRouter } from './routers/operators.ts';
import { reservationRouter } from './routers/reservations.ts';
import { reviewRouter } from './routers/review.ts';
import { webSessionRouter } from './routers/web-sessions.ts';

/** Largest JSON body accepted anywhere; larger ones get 413. */
export const BODY_LIMIT = '64kb';

/**
 * Builds the HTTP application over the services.
 * @example const app = createHttpApp(services); app.listen(3000);
 */
export function createHttpApp(
  s: Services,
  channels: Array<[path: string, router: express.Router]> = [],
  /** Channels that read their own request bodies (WeChat's push must see the raw text): mounted before the JSON parser. */
  rawBodyChannels: Array<[path: string, router: express.Router]> = [],
): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', s.config.trustProxy ?? 'loopback');
  // Every request: an X-Request-Id on its log lines and answer, its metrics, and the per-IP limit.
  const context = requestContext();
  app.use(context, httpMetrics(s.metrics, s.logger), ipRateLimit(s.limits, s.metrics));
  for (const [path, router] of rawBodyChannels) app.use(path, router);
  app.use(express.json({ limit: BODY_LIMIT, strict: true }));
  app.use(context); // the parser's stream callbacks lost the log context: enter it again
  app.use(bodyGuard);
  app.use(healthRouter(s));
  app.use(metricsRouter(s));
  app.use(docsRouter());
  app.use('/v1/web', webSessionRouter(s));
  app.use('/v1/reservations', reservationRouter(s).traveller);
  app.use('/v1/operator', reservationRouter(s).operator);
  app.use(reviewRouter(s));
  app.use('/v1/operator', operatorRouter(s));
  app.use('/v1/operator', operatorInventoryRouter(s), operatorKnowledgeRouter(s), operatorStatsRouter(s));
  app.use('/v1/agent', agentRouter(s));
  for (const [path, router] of channels) app.use(path, router);
  app.use(bookingLinkRouter(s));
  app.use(notFound);
  app.use(errorHandler((err, req) => s.logger.error({ err, url: (req as express.Request).originalUrl }, 'unhandled error')));
  return app;
}
