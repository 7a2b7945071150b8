// The app channel: an app's backend relays its user's messages with a server key and reads later ones over SSE.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { AppError } from '../../src/errors.ts';
import { parse, uuidParam } from '../../src/http/validate.ts';
import type { Services } from '../../src/services.ts';
import { conversationTopic } from '../../src/bot/topics.ts';

/** What the app channel can and cannot do; the core never asks which channel it is. */
export const appCapabilities = { richCards: true, replyDeadlineMs: null, proactiveWindowHours: null } as const;

const messageBody = z
  .object({
    userId: z.string().trim().min(1).max(128),
    text: z.string().max(4000),
    conversationId: z.uuid().optional(),
    locale: z.enum(['zh-CN', 'en']).optional(),
    /** The app's own id of this message: a retry with the same id is answered once, the same way. */
    messageId: z.string().trim().min(1).max(200).optional(),
    /** A tapped action's value. */
    payload: z.unknown().optional(),
    tenantId: z.uuid().optional(),
  })
  .strict()
  .refine((b) => b.text.trim().length > 0 || b.payload !== undefined, { message: 'text must not be empty', path: ['text'] });


function serverKey(s: Services): RequestHandler {
  const expected = s.config.appApiKey ? Buffer.from(s.config.appApiKey) : undefined;
  return (req, _res, next) => {
    if (!expected) return next(new AppError('not_found', 'The app channel is off (APP_API_KEY is unset).'));
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const given = m ? Buffer.from(m[1]!) : Buffer.alloc(0);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return next(new AppError('unauthorized'));
    next();
  };
}

/** `POST /v1/app/messages` and `GET /v1/app/conversations/:id/events`. */
export function appChannelRouter(s: Services): Router {
  const r = Router();
  r.post('/messages', serverKey(s), async (req, res) => {
    const body = parse(messageBody, req.body);
    const session = await s.travellers.startSession({
      channel: 'app', subject: body.userId, tenantId: body.tenantId ?? null, locale: body.locale, conversationId: body.conversationId,
    });
    const replies = await s.bot.handle({
      channel: 'app', conversationId: session.conversationId,
      traveller: { id: session.travellerId, tenantId: body.tenantId ?? null },
      text: body.text, payload: body.payload, locale: body.locale, receivedAt: s.clock.now(),
      sourceId: body.messageId ? `${session.travellerId}:${body.messageId}` : randomUUID(),
    });
    res.json({ conversationId: session.conversationId, replies });
  });

  r.get('/conversations/:id/events', serverKey(s), async (req, res) => {
    const id = uuidParam(req.params.id);
    const { rows } = await s.db.query<{ channel: string }>('SELECT channel FROM conversations WHERE id = $1', [id]);
    if (rows[0]?.channel !== 'app') throw new AppError('not_found', 'No such conversation.');
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    const unsubscribe = s.events.subscribe(conversationTopic(id), (event) => {
      res.write(`event: message\ndata: ${JSON.stringify(event)}\n\n`);
    });
    await unsubscribe.ready;
    res.write(': connected\n\n');
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    heartbeat.unref();
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });
  return r;
}
