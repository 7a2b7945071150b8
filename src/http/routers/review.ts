// Conversation review and corrections: /v1/operator/conversations, /v1/operator/corrections and /v1/agent/corrections.
import { Router, type Request, type Response } from 'express';
import { idempotencyKeyHeader } from '../../handoff/index.ts';
import { conversationListQuery, correctionBody, correctionListQuery, ReviewService } from '../../review/index.ts';
import type { Services } from '../../services.ts';
import { authenticate, requireRole, staff } from '../auth.ts';
import { parse, uuidParam } from '../validate.ts';

/**
 * The review routes for operators, agents and admins, with their full paths: mount it at the root, before the
 * operator router.
 * @example app.use(reviewRouter(services));
 */
export function reviewRouter(s: Services): Router {
  const r = Router();
  const review = new ReviewService({ db: s.db, clock: s.clock, timeZone: s.config.hotelTimeZone });
  const reviewer = [authenticate(s.keys, s.clock, ['staff']), requireRole('admin', 'operator', 'agent')];

  r.get('/v1/operator/conversations', ...reviewer, async (req, res) => {
    res.json(await review.list(staff(res), parse(conversationListQuery, req.query, 'query')));
  });
  r.get('/v1/operator/conversations/:id', ...reviewer, async (req, res) => {
    res.json(await review.get(staff(res), uuidParam(req.params.id)));
  });
  const correct = async (req: Request, res: Response) => {
    const key = req.get('Idempotency-Key');
    const body = parse(correctionBody, req.body);
    const opts = { idempotencyKey: key === undefined ? undefined : parse(idempotencyKeyHeader, key, 'Idempotency-Key header') };
    res.status(201).json(await review.correct(staff(res), body, opts));
  };
  r.post('/v1/operator/corrections', ...reviewer, correct);
  r.post('/v1/agent/corrections', ...reviewer, correct);
  r.get('/v1/operator/corrections', ...reviewer, async (req, res) => {
    res.json(await review.corrections(staff(res), parse(correctionListQuery, req.query, 'query')));
  });
  return r;
}
