// Observability's face: log context, metrics, rate limits, and the wrappers that feed them.
export { annotateLogContext, logContext, withLogContext, type LogContext } from './context.ts';
export { httpMetrics, ipRateLimit, travellerRateLimit } from './http.ts';
export { observedJobs } from './jobs.ts';
export { createMetrics, type Metrics } from './metrics.ts';
export { measuredModel } from './model.ts';
export { createRateLimits, type RateLimitOptions, type RateLimits, type Verdict } from './rate-limits.ts';
export { requestContext, requestIdOf } from './request-id.ts';
export { countingHandoffs } from './handoffs.ts';
export { countTurn, type TurnFacts } from './turns.ts';
