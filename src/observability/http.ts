// HTTP middleware of observability: request metrics by route pattern, and the rate limits' 429.
import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { logContext } from './context.ts';
import type { Metrics } from './metrics.ts';
import type { RateLimits, Verdict } from './rate-limits.ts';

/**
 * Keeps the pattern of the last route the router entered (`/v1/operator/hotels/:id`), with the mount path it had
 * then: by the time an error answers, the router has already put `req.baseUrl` back.
 */
function trackRoute(req: Request): () => string {
  let pattern = 'unmatched';
  let route: unknown;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: { path?: unknown } | undefined) {
      route = value;
      if (value && typeof value.path === 'string') pattern = `${req.baseUrl}${value.path}`.replace(/(.)\/$/, '$1') || '/';
    },
  });
  return () => pattern;
}

/** Query parameters that are credentials or signatures: logged as `[redacted]`. */
const SECRET_PARAMS = /^(token|access_token|signature|msg_signature|echostr|js_code|code|secret|key)$/i;

/**
 * The URL as the access line shows it: a path whose route takes a `:token` (the booking link's quote token is its
 * only credential) as the route pattern, and secret query values redacted.
 */
function loggedUrl(req: Request, pattern: string): string {
  const url = new URL(req.originalUrl, 'http://x');
  for (const k of [...url.searchParams.keys()]) if (SECRET_PARAMS.test(k)) url.searchParams.set(k, '[redacted]');
  const path = /:token\b/.test(pattern) ? pattern : url.pathname;
  return `${path}${url.search.replace(/%5Bredacted%5D/g, '[redacted]')}`;
}

/** Paths polled by machines: their access lines are debug, not info. */
const QUIET = /^\/(healthz|readyz|metrics)$/;

/**
 * Middleware: counts every request and its duration by method, route pattern and status, and with a logger writes
 * one access line when it ends (with the request's ids, and the conversation's once a turn named it).
 * @example app.use(requestContext(), httpMetrics(metrics, logger));
 */
export function httpMetrics(metrics: Metrics, logger?: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    // Never the raw path as a label: ids would explode the series. What no route took is `unmatched`.
    const routeOf = trackRoute(req);
    // The context object itself: a turn adds the conversation to it later. 'finish' runs outside the context.
    const context = logContext();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const labels = { method: req.method, route: routeOf(), status: String(res.statusCode) };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, seconds);
      if (!logger) return;
      const line = { ...context, method: req.method, url: loggedUrl(req, labels.route), route: labels.route, status: res.statusCode, ms: Math.round(seconds * 1000) };
      if (QUIET.test(req.path)) logger.debug(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}

/** Sets `Retry-After` (whole seconds, at least 1) and makes the 429 of the catalogue. */
function refusal(res: Response, v: Extract<Verdict, { allowed: false }>, metrics: Metrics, scope: string, message: string): AppError {
  metrics.rateLimited.inc({ scope });
  res.setHeader('Retry-After', String(Math.max(1, Math.ceil(v.retryAfterMs / 1000))));
  return new AppError('rate_limited', message);
}

/** Paths never limited per IP: health checks of load balancers, the scraper, and WeChat's servers (limited per openid). */
const IP_EXEMPT = [/^\/healthz$/, /^\/readyz$/, /^\/metrics$/, /^\/v1\/wechat\/callback\/?$/];

/**
 * Middleware: one point per request of the client's IP (behind a trusted proxy, the forwarded one); 429
 * `rate_limited` with `Retry-After` beyond the limit.
 * @example app.use(ipRateLimit(limits, metrics));
 */
export function ipRateLimit(limits: RateLimits, metrics: Metrics): RequestHandler {
  if (limits.ipPerMinute <= 0) return (_req, _res, next) => next();
  return (req, res, next) => {
    if (IP_EXEMPT.some((re) => re.test(req.path))) return next();
    limits.ip(req.ip ?? req.socket.remoteAddress ?? 'unknown').then(
      (v) => next(v.allowed ? undefined : refusal(res, v, metrics, 'ip', 'Too many requests from this address; wait and try again.')),
      next,
    );
  };
}

/**
 * Middleware: one point per message of the traveller `keyOf` names (after authentication); none when it names
 * nobody. 429 `rate_limited` with `Retry-After` beyond the limit.
 * @example r.post('/messages', auth, travellerRateLimit(s.limits, s.metrics, (_req, res) => webPrincipal(res).travellerId), …);
 */
export function travellerRateLimit(
  limits: RateLimits,
  metrics: Metrics,
  keyOf: (req: Request, res: Response) => string | undefined,
): RequestHandler {
  if (limits.travellerPerMinute <= 0) return (_req, _res, next) => next();
  return (req, res, next) => {
    const key = keyOf(req, res);
    if (!key) return next();
    limits.traveller(key).then(
      (v) => next(v.allowed ? undefined : refusal(res, v, metrics, 'traveller', 'Too many messages; wait a moment and send again.')),
      next,
    );
  };
}
