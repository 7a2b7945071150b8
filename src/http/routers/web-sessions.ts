// The web chat's session endpoint: a traveller token and a conversation.
import { Router } from 'express';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import { parse } from '../validate.ts';

export const sessionBody = z
  .object({
    tenantId: z.uuid().optional(),
    locale: z.enum(['zh-CN', 'en']).optional(),
  })
  .strict();

/** `POST /v1/web/sessions` → `{token, conversationId}`. */
export function webSessionRouter(s: Services): Router {
  const r = Router();
  r.post('/sessions', async (req, res) => {
    const body = parse(sessionBody, req.body ?? {});
    const session = await s.travellers.startSession({ channel: 'web', ...body });
    res.json({ token: session.token, conversationId: session.conversationId });
  });
  return r;
}
