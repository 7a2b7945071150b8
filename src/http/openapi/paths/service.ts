// The service's own paths: health, metrics, this document and its page.
import { z } from 'zod';
import { document } from '../registry.ts';

const tag = 'Service';
document({ method: 'get', path: '/healthz', tag, summary: 'Liveness: the process answers', responses: { 200: { description: 'Alive', schema: z.object({ status: z.literal('ok') }) } } });
document({
  method: 'get', path: '/readyz', tag, summary: 'Readiness: the database (and Redis, when set) answer',
  responses: {
    200: { description: 'Ready', schema: z.object({ status: z.string(), checks: z.record(z.string(), z.enum(['ok', 'down'])) }) },
    503: { description: 'Not ready: a dependency does not answer', schema: z.object({ status: z.string(), checks: z.record(z.string(), z.enum(['ok', 'down'])) }) },
  },
});
document({
  method: 'get', path: '/metrics', tag, summary: 'Prometheus metrics of this instance', auth: ['metricsToken'],
  description: 'Needs `Authorization: Bearer $METRICS_TOKEN` only when METRICS_TOKEN is set.',
  responses: { 200: { description: 'The Prometheus text format', contentType: 'text/plain' } },
});
document({ method: 'get', path: '/openapi.json', tag, summary: 'This OpenAPI 3.1 document', responses: { 200: { description: 'The document', contentType: 'application/json' } } });
document({ method: 'get', path: '/docs', tag, summary: 'This document as a page', responses: { 200: { description: 'HTML', contentType: 'text/html' } } });
