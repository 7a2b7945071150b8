// `GET /metrics`: this instance's Prometheus metrics, behind METRICS_TOKEN when it is set.
import { timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import { AppError } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { bearer } from '../auth.ts';

/** True when `given` is `expected`, in time that does not depend on where they differ. */
function sameSecret(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `GET /metrics` in the Prometheus text format. With `METRICS_TOKEN` set it needs `Authorization: Bearer <token>`
 * (401 otherwise); unset, anyone who reaches the port may scrape (keep it on a private network).
 * @example app.use(metricsRouter(services));
 */
export function metricsRouter(s: Services): Router {
  const r = Router();
  r.get('/metrics', async (req, res) => {
    const token = s.config.metricsToken;
    if (token !== undefined && !sameSecret(bearer(req), token)) throw new AppError('unauthorized', 'Scraping /metrics needs Authorization: Bearer $METRICS_TOKEN.');
    const text = await s.metrics.registry.metrics();
    res.set('Cache-Control', 'no-store').type(s.metrics.registry.contentType).send(text);
  });
  return r;
}
