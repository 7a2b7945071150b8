// The mini-program's own chat: `POST /messages` with a WeChat traveller token → the turn's rich Replies.
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { AppError } from '../../src/errors.ts';
import { traveller } from '../../src/http/auth.ts';
import { parse } from '../../src/http/validate.ts';
import type { Services } from '../../src/services.ts';

export const messageBody = z
  .object({
    text: z.string().max(4000),
    /** A tapped quick reply's value. */
    payload: z.unknown().optional(),
    /** The client's own id of this message: a retry with the same id is answered once, the same way. */
    messageId: z.string().trim().min(1).max(200).optional(),
    locale: z.enum(['zh-CN', 'en']).optional(),
  })
  .strict()
  .refine((b) => b.text.trim().length > 0 || b.payload !== undefined, { message: 'text must not be empty', path: ['text'] });

/** `POST /messages {text, payload?}` → `{replies}`: cards, actions and handoff as the app channel has them. */
export function messages(s: Services): RequestHandler {
  return async (req, res) => {
    const p = traveller(res);
    if (p.channel !== 'wechat') throw new AppError('forbidden', 'This token is not a WeChat traveller token; sign in with POST /v1/wechat/login.');
    const body = parse(messageBody, req.body);
    const replies = await s.bot.handle({
      channel: 'wechat', conversationId: p.conversationId, traveller: { id: p.travellerId, tenantId: p.tenantId },
      text: body.text, payload: body.payload, locale: body.locale, receivedAt: s.clock.now(),
      sourceId: body.messageId ? `${p.travellerId}:${body.messageId}` : randomUUID(),
    });
    res.json({ replies });
  };
}
