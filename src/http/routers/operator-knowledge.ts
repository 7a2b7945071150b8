// Knowledge entries under /v1/operator/knowledge: operators and admins write, agents read too.
import { Router } from 'express';
import { knowledgeBody, knowledgeListQuery, knowledgePatch } from '../../knowledge/index.ts';
import type { Services } from '../../services.ts';
import { authenticate, requireRole, staff } from '../auth.ts';
import { parse, uuidParam } from '../validate.ts';

/** `GET/POST /knowledge`, `GET/PATCH/DELETE /knowledge/:id`. */
export function operatorKnowledgeRouter(s: Services): Router {
  const r = Router();
  const signedIn = authenticate(s.keys, s.clock, ['staff']);
  const reader = [signedIn, requireRole('admin', 'operator', 'agent')];
  const writer = [signedIn, requireRole('admin', 'operator')];

  r.get('/knowledge', ...reader, async (req, res) => {
    res.json(await s.knowledge.list(staff(res), parse(knowledgeListQuery, req.query, 'query')));
  });
  r.post('/knowledge', ...writer, async (req, res) => {
    res.status(201).json(await s.knowledge.create(staff(res), parse(knowledgeBody, req.body)));
  });
  r.get('/knowledge/:id', ...reader, async (req, res) => {
    res.json(await s.knowledge.get(staff(res), uuidParam(req.params.id)));
  });
  r.patch('/knowledge/:id', ...writer, async (req, res) => {
    const id = uuidParam(req.params.id);
    res.json(await s.knowledge.update(staff(res), id, parse(knowledgePatch, req.body)));
  });
  r.delete('/knowledge/:id', ...writer, async (req, res) => {
    await s.knowledge.remove(staff(res), uuidParam(req.params.id));
    res.status(204).end();
  });
  return r;
}
