// The app channel: an app's backend relays its user's messages with a server key and reads later ones over SSE.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { AppError } from '../../src/errors.ts';
import { parse, uuidParam } from '../../src/http/validate.ts';
import type { Services } from '../../src/services.ts';
import { conversationTopic } from '../../src/bot/topics.ts';
import { travellerRateLimit } from '../../src/observability/index.ts';

/** What the app channel can and cannot do; the core never asks which channel it is. */
export const appCapabilities = { richCards: true, replyDeadlineMs: null, proactiveWindowHours: null } as const;

export const messageBody = z
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

/** The conversation a retried first message (same app message id, no conversation yet) already opened. */
async function conversationOfMessage(s: Services, sourceId: string): Promise<string | undefined> {
  const { rows } = await s.db.query<{ conversation_id: string }>(
    `SELECT conversation_id FROM messages WHERE channel = 'app' AND source_id = $1`, [sourceId]);
  return rows[0]?.conversation_id;
}

/** `POST /v1/app/messages` and `GET /v1/app/conversations/:id/events`. */
export function appChannelRouter(s: Services): Router {
  const r = Router();
  const perUser = travellerRateLimit(s.limits, s.metrics, (req) => (typeof req.body?.userId === 'string' ? `app:${req.body.userId}` : undefined));
  r.post('/messages', serverKey(s), perUser, async (req, res) => {
    const body = parse(messageBody, req.body);
    const travellerId = `app:${body.userId}`;
    const sourceId = body.messageId ? `${travellerId}:${body.messageId}` : randomUUID();
    // A known conversation goes straight into its ordered queue: any await before it could reorder messages sent
    // at once. The pipeline itself checks that the conversation is this traveller's (and takes its tenant).
    let conversationId = body.conversationId ?? (body.messageId ? await conversationOfMessage(s, sourceId) : undefined);
    if (!conversationId) {
      const session = await s.travellers.startSession({ channel: 'app', subject: body.userId, tenantId: body.tenantId ?? null, locale: body.locale });
      conversationId = session.conversationId;
    }
    const replies = await s.bot.handle({
      channel: 'app', conversationId, traveller: { id: travellerId, tenantId: body.tenantId ?? null },
      text: body.text, payload: body.payload, locale: body.locale, receivedAt: s.clock.now(), sourceId,
    });
    res.json({ conversationId, replies });
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
