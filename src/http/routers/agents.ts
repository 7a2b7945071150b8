// The agents' desk API under /v1/agent: the queue, claiming, replying to travellers, booking for them, canned replies,
// who is online, handing back to the bot.
import { Router } from 'express';
import {
  agentBookBody, agentMessageBody, agentQuoteBody, agentSearchBody, cannedListQuery, cannedReplyBody, closeBody, handoffListQuery,
  idempotencyKeyHeader, releaseBody, resolveBody,
} from '../../handoff/index.ts';
import { AppError } from '../../errors.ts';
import type { Services } from '../../services.ts';
import { authenticate, requireRole, staff } from '../auth.ts';
import { parse, uuidParam } from '../validate.ts';

/** A reservation code in a path: anything else is simply not found. */
function reservationCode(v: unknown): string {
  if (typeof v !== 'string' || !/^[A-Za-z0-9]{4,16}$/.test(v)) throw new AppError('not_found', 'No such reservation.');
  return v.toUpperCase();
}

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
    res.json(await desk.release(staff(res), id, parse(releaseBody, req.body ?? {}).reason));
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

  // Booking on the traveller's behalf: only the agent holding the conversation, or an admin.
  r.post('/conversations/:id/search', ...agent, async (req, res) => {
    const id = uuidParam(req.params.id);
    res.json(await desk.search(staff(res), id, parse(agentSearchBody, req.body)));
  });
  r.post('/conversations/:id/quote', ...agent, async (req, res) => {
    const id = uuidParam(req.params.id);
    res.status(201).json(await desk.quote(staff(res), id, parse(agentQuoteBody, req.body)));
  });
  r.post('/conversations/:id/bookings', ...agent, async (req, res) => {
    const id = uuidParam(req.params.id);
    const body = parse(agentBookBody, req.body);
    const key = parse(idempotencyKeyHeader, req.get('Idempotency-Key'), 'Idempotency-Key header');
    res.status(201).json(await desk.book(staff(res), id, body, key));
  });
  r.post('/conversations/:id/reservations/:code/cancel', ...agent, async (req, res) => {
    const id = uuidParam(req.params.id);
    res.json(await desk.cancelReservation(staff(res), id, reservationCode(req.params.code)));
  });

  r.get('/canned-replies', ...agent, async (req, res) => {
    res.json(await desk.cannedReplies(staff(res), parse(cannedListQuery, req.query, 'query')));
  });
  r.post('/canned-replies', ...agent, async (req, res) => {
    res.status(201).json(await desk.addCannedReply(staff(res), parse(cannedReplyBody, req.body)));
  });
  r.delete('/canned-replies/:id', ...agent, async (req, res) => {
    await desk.deleteCannedReply(staff(res), uuidParam(req.params.id));
    res.status(204).end();
  });

  r.get('/me', ...agent, (_req, res) => {
    const me = staff(res);
    res.json({ userId: me.userId, role: me.role, tenantId: me.tenantId });
  });
  r.get('/presence', ...agent, async (_req, res) => {
    res.json(await desk.online(staff(res)));
  });
  return r;
}
