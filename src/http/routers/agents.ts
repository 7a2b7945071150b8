// The agents' desk API under /v1/agent: the queue, claiming, replying to travellers, handing back to the bot.
import { Router } from 'express';
import { agentMessageBody, closeBody, handoffListQuery, resolveBody } from '../../handoff/index.ts';
import type { Services } from '../../services.ts';
import { authenticate, requireRole, staff } from '../auth.ts';
import { parse, uuidParam } from '../validate.ts';

/**
 * `/v1/agent/*` for agents and admins (an admin acts as an agent of any tenant). The desk enforces who may do what;
 * the role gate here only makes an operator's call answer 403 before its body is read.
 */
export function agentRouter(s: Services): Router {
  const r = Router();
  const desk = s.agentDesk;
  const agent = [authenticate(s.keys, s.clock, ['staff']), requireRole('admin', 'agent')];

  r.get('/handoffs', ...agent, async (req, res) => {
    res.json(await desk.list(staff(res), parse(handoffListQuery, req.query, 'query')));
  });
  r.get('/handoffs/:id', ...agent, async (req, res) => {
    res.json(await desk.get(staff(res), uuidParam(req.params.id)));
  });
  r.post('/handoffs/:id/claim', ...agent, async (req, res) => {
    res.json(await desk.claim(staff(res), uuidParam(req.params.id)));
  });
  r.post('/handoffs/:id/release', ...agent, async (req, res) => {
    const id = uuidParam(req.params.id);
    res.json(await desk.release(staff(res), id, parse(closeBody, req.body ?? {}).reason));
  });
  r.post('/handoffs/:id/resolve', ...agent, async (req, res) => {
    const id = uuidParam(req.params.id);
    res.json(await desk.resolve(staff(res), id, parse(resolveBody, req.body ?? {})));
  });
  r.post('/handoffs/:id/close', ...agent, async (req, res) => {
    const id = uuidParam(req.params.id);
    res.json(await desk.close(staff(res), id, parse(closeBody, req.body ?? {})));
  });

  r.get('/conversations/:id', ...agent, async (req, res) => {
    res.json(await desk.conversation(staff(res), uuidParam(req.params.id)));
  });
  r.post('/conversations/:id/messages', ...agent, async (req, res) => {
    const id = uuidParam(req.params.id);
    res.status(201).json(await desk.reply(staff(res), id, parse(agentMessageBody, req.body).text));
  });
  return r;
}
