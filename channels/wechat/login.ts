// Mini-program login: `wx.login`'s code → jscode2session → our own traveller token; the session_key stays at WeChat.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { AppError } from '../../src/errors.ts';
import { parse } from '../../src/http/validate.ts';
import type { Services } from '../../src/services.ts';
import { WechatApiError, type WechatClient } from './client.ts';

export const loginBody = z
  .object({
    code: z.string().trim().min(1).max(128),
    locale: z.enum(['zh-CN', 'en']).optional(),
    tenantId: z.uuid().optional(),
  })
  .strict();

/** WeChat's refusal of a code, as our catalogue says it. */
function refusal(err: WechatApiError): AppError {
  switch (err.errcode) {
    case 40029:
    case 40163:
    case 40226:
      return new AppError('unauthorized', `WeChat refused the login code (${err.errcode}): it is invalid, used or expired; call wx.login again.`);
    case 45011:
      return new AppError('rate_limited', 'WeChat limits logins per traveller (45011); try again in a minute.');
    default:
      return new AppError('unavailable', `WeChat could not check the login code (${err.errcode}).`);
  }
}

/**
 * `POST /login {code}` → `{token, conversationId}`: the traveller `wechat:<openid>` and a new conversation.
 * The client never learns the openid's session_key, nor is it logged: the client does not read it at all.
 */
export function login(s: Services, client: WechatClient): RequestHandler {
  const log = s.logger.child({ channel: 'wechat' });
  return async (req, res) => {
    const body = parse(loginBody, req.body);
    let openid: string;
    try {
      ({ openid } = await client.code2Session(body.code));
    } catch (err) {
      if (!(err instanceof WechatApiError)) throw err;
      if (!err.transient && ![40029, 40163, 40226, 45011].includes(err.errcode)) {
        log.error({ errcode: err.errcode, errmsg: err.errmsg }, 'jscode2session refused our credentials');
      }
      throw refusal(err);
    }
    const session = await s.travellers.startSession({ channel: 'wechat', subject: openid, locale: body.locale, tenantId: body.tenantId ?? null });
    res.json({ token: session.token, conversationId: session.conversationId });
  };
}
