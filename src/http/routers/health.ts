// Liveness and readiness.
import { Router } from 'express';
import type { Services } from '../../services.ts';

/** `/healthz`: the process answers. `/readyz`: the database (and Redis, when set) answer too. */
export function healthRouter(s: Services): Router {
  const r = Router();
  r.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  r.get('/readyz', async (_req, res) => {
    const checks: Record<string, 'ok' | 'down'> = {};
    const probe = async (name: string, fn: () => Promise<void>) => {
      try {
        await Promise.race([fn(), new Promise((_, rej) => setTimeout(() => rej(new Error('timeout')), 2000).unref())]);
        checks[name] = 'ok';
      } catch {
        checks[name] = 'down';
      }
    };
    await Promise.all([probe('database', () => s.db.ping()), probe('jobs', () => s.jobs.ping())]);
    const ready = Object.values(checks).every((v) => v === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ok' : 'unavailable', checks });
  });
  return r;
}
