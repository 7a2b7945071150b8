// The dashboard's numbers under /v1/operator/stats.
import { Router } from 'express';
import { statsQuery } from '../../operators/index.ts';
import type { Services } from '../../services.ts';
import { authenticate, requireRole, staff } from '../auth.ts';
import { parse } from '../validate.ts';

/** `GET /stats?from&to&hotelId`: operators and admins. */
export function operatorStatsRouter(s: Services): Router {
  const r = Router();
  r.get('/stats', authenticate(s.keys, s.clock, ['staff']), requireRole('admin', 'operator'), async (req, res) => {
    res.json(await s.operators.stats(staff(res), parse(statsQuery, req.query, 'query')));
  });
  return r;
}
