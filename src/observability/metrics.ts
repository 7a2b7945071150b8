// Prometheus metrics of one application instance: a registry of its own (never prom-client's global one).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { JobCounts } from '../jobs/index.ts';

/** Seconds buckets of a model call: a hosted model answers in 0.3–20 s. */
const MODEL_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60];
/** Seconds buckets of an HTTP request: most answer in milliseconds, a chat turn in seconds. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Every metric TourDesk exports, on one registry. Label values come from small closed sets (channels, tools, codes,
 * route patterns): never ids or free text.
 * @example
 * const metrics = createMetrics();
 * metrics.turns.inc({ channel: 'web', outcome: 'answered' });
 * res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
 */
export interface Metrics {
  readonly registry: Registry;
  readonly turns: Counter<'channel' | 'outcome'>;
  readonly modelLatency: Histogram<'model' | 'outcome'>;
  readonly modelTokens: Counter<'model' | 'kind'>;
  readonly toolCalls: Counter<'tool'>;
  readonly toolErrors: Counter<'tool' | 'code'>;
  readonly guardHits: Counter<'guard'>;
  readonly handoffs: Counter<'reason'>;
  readonly bookings: Counter<'status'>;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly jobFailures: Counter<'job'>;
  readonly wechatErrors: Counter<'api' | 'errcode'>;
  readonly rateLimited: Counter<'scope'>;
  /** Reads the queue depth from `counts` on every scrape (the last one set wins). */
  watchQueue(counts: () => Promise<JobCounts>): void;
}

/**
 * A fresh registry with the default process metrics and TourDesk's own, all prefixed `tourdesk_` (process metrics
 * keep their standard names).
 * @example const metrics = createMetrics();
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  let queueCounts: (() => Promise<JobCounts>) | undefined;

  const metrics: Metrics = {
    registry,
    turns: new Counter({ name: 'tourdesk_turns_total', help: 'Bot turns by channel and outcome (answered, wrote, handoff, model_error).', labelNames: ['channel', 'outcome'], registers }),
    modelLatency: new Histogram({ name: 'tourdesk_model_request_duration_seconds', help: 'Model calls: time to a whole answer, by outcome (ok or the error kind).', labelNames: ['model', 'outcome'], buckets: MODEL_BUCKETS, registers }),
    modelTokens: new Counter({ name: 'tourdesk_model_tokens_total', help: 'Tokens the model reported, by kind (prompt, completion).', labelNames: ['model', 'kind'], registers }),
    toolCalls: new Counter({ name: 'tourdesk_tool_calls_total', help: 'Tool calls the model made, by tool (unknown names count as "unknown").', labelNames: ['tool'], registers }),
    toolErrors: new Counter({ name: 'tourdesk_tool_errors_total', help: 'Tool calls that ended in an error result, by tool and error code.', labelNames: ['tool', 'code'], registers }),
    guardHits: new Counter({ name: 'tourdesk_guard_hits_total', help: 'Replies the guards caught (ungrounded price, hotel, code, claimed booking), by guard.', labelNames: ['guard'], registers }),
    handoffs: new Counter({ name: 'tourdesk_handoffs_total', help: 'Conversations queued for a person, by reason.', labelNames: ['reason'], registers }),
    bookings: new Counter({ name: 'tourdesk_bookings_total', help: 'Reservations entering a status (held, confirmed, cancelled, expired), and sold_out refusals.', labelNames: ['status'], registers }),
    httpRequests: new Counter({ name: 'tourdesk_http_requests_total', help: 'HTTP requests by method, route pattern and status.', labelNames: ['method', 'route', 'status'], registers }),
    httpDuration: new Histogram({ name: 'tourdesk_http_request_duration_seconds', help: 'HTTP request duration by method, route pattern and status.', labelNames: ['method', 'route', 'status'], buckets: HTTP_BUCKETS, registers }),
    jobFailures: new Counter({ name: 'tourdesk_job_failures_total', help: 'Failed job attempts (retried or not), by job name.', labelNames: ['job'], registers }),
    wechatErrors: new Counter({ name: 'tourdesk_wechat_api_errors_total', help: 'WeChat server API calls that failed, by API path and errcode (45015: the 48-hour window closed; -2: no answer).', labelNames: ['api', 'errcode'], registers }),
    rateLimited: new Counter({ name: 'tourdesk_rate_limited_total', help: 'Requests refused by a rate limit, by scope (ip, traveller).', labelNames: ['scope'], registers }),
    watchQueue(counts) {
      queueCounts = counts;
    },
  };
  new Gauge({
    name: 'tourdesk_job_queue_depth',
    help: 'Jobs of this instance\'s queues by state (waiting, active, delayed, failed), read at scrape time.',
    labelNames: ['state'],
    registers,
    async collect() {
      if (!queueCounts) return;
      try {
        const c = await queueCounts();
        for (const [state, n] of Object.entries(c)) this.set({ state }, n);
      } catch {
        // A queue that does not answer leaves the last values; /readyz tells the truth about it.
      }
    },
  });
  return metrics;
}
