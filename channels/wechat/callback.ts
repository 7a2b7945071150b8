// The push endpoint: GET handshake; POST in JSON or XML, plaintext or safe mode, answered `success` and queued.
import type { RequestHandler } from 'express';
import { AppError } from '../../src/errors.ts';
import type { Services } from '../../src/services.ts';
import { readRawBody } from './body.ts';
import { WechatCryptoError } from './crypto.ts';
import { EnvelopeSignatureError, openEnvelope } from './envelope.ts';
import { WECHAT_TURN_JOB, type WechatTurnData } from './job.ts';
import { parseDocument, PushParseError, pushKey, toPush, type PushDocument, type WechatPush } from './parse.ts';
import { checkSignature, type SignedQuery } from './signature.ts';

/** What the push endpoint needs. */
export interface CallbackDeps {
  services: Services;
  token: string;
  appId: string;
  /** The AES key of WECHAT_AES_KEY; without it safe-mode pushes are refused. */
  aesKey: Buffer | undefined;
  bodyLimit: number;
  /** Largest |now − timestamp| of a push; older (or future) ones are refused as replays. */
  maxSkewMs: number;
}

const one = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function signedQuery(query: Record<string, unknown>): SignedQuery {
  return { timestamp: one(query.timestamp), nonce: one(query.nonce), signature: one(query.signature) };
}

const badSignature = () => new AppError('unauthorized', 'The signature does not match sha1(sort([Token, timestamp, nonce])).');

/**
 * `GET /callback?signature&timestamp&nonce&echostr`: the URL check of the mini-program admin. Answers `echostr`
 * verbatim as text (never JSON, never decrypted: WECHAT.md §1.2), or 401.
 */
export function handshake(d: CallbackDeps): RequestHandler {
  return (req, res) => {
    if (!checkSignature(d.token, signedQuery(req.query))) throw badSignature();
    const echostr = one(req.query.echostr);
    if (echostr === undefined) throw new AppError('invalid_request', 'echostr is missing.');
    res.set('X-Content-Type-Options', 'nosniff').type('text/plain').send(echostr);
  };
}

/**
 * A signed push outside the time window is a replay (WeChat's own retries come within seconds): refused, so that an
 * old push captured on the way cannot make the bot answer again once its job id and sent marks have expired.
 */
function assertFresh(d: CallbackDeps, timestamp: string | undefined): void {
  const sentAt = Number(timestamp) * 1000;
  if (!Number.isFinite(sentAt) || Math.abs(d.services.clock.now().getTime() - sentAt) > d.maxSkewMs) {
    throw new AppError('unauthorized', `The push's timestamp is more than ${Math.round(d.maxSkewMs / 60_000)} minutes away from now; replays are refused.`);
  }
}

/** The inner document of a push: checked, and in safe or compatible mode opened. */
function innerDocument(d: CallbackDeps, query: Record<string, unknown>, body: string): PushDocument {
  const outer = parseDocument(body);
  if (one(query.encrypt_type) !== 'aes') {
    if (!outer.fields.MsgType && outer.fields.Encrypt) {
      throw new AppError('invalid_request', 'The push is encrypted but the URL lacks encrypt_type=aes and msg_signature.');
    }
    return outer;
  }
  if (!d.aesKey) throw new AppError('invalid_request', 'A safe-mode push arrived, but WECHAT_AES_KEY is unset: it cannot be decrypted.');
  const encrypt = outer.fields.Encrypt;
  if (!encrypt) throw new AppError('invalid_request', 'The safe-mode push has no Encrypt field.');
  // Compatible mode carries the plaintext beside Encrypt; only the signed, encrypted copy is trusted.
  return openEnvelope({ token: d.token, aesKey: d.aesKey, appId: d.appId }, signedQuery(query), one(query.msg_signature), encrypt);
}

/** The typed push of a request body; what cannot be read is a 400, a bad msg_signature a 401. */
function readPush(d: CallbackDeps, query: Record<string, unknown>, body: string): WechatPush {
  try {
    return toPush(innerDocument(d, query, body).fields);
  } catch (err) {
    if (err instanceof EnvelopeSignatureError) throw new AppError('unauthorized', err.message);
    if (err instanceof WechatCryptoError) throw new AppError('invalid_request', `${err.message} (WXBizMsgCrypt ${err.wxCode})`);
    if (err instanceof PushParseError) throw new AppError('invalid_request', err.message);
    throw err;
  }
}

/**
 * `POST /callback`: verifies (signature, or msg_signature in safe mode; then the timestamp's age), decrypts, parses,
 * queues the turn as a `wechat-turn` job keyed by the push (so WeChat's retries make one job), and answers `success`
 * at once. Pushes it does not handle are acknowledged and logged.
 */
export function receivePush(d: CallbackDeps): RequestHandler {
  const log = d.services.logger.child({ channel: 'wechat' });
  let warned = false;
  const parsedAlready = () => {
    if (!warned) log.warn('a body parser consumed the push body before the WeChat channel: big MsgIds lose digits');
    warned = true;
  };
  return async (req, res) => {
    // Plaintext pushes are refused before their body is read; a safe-mode push is signed over its body.
    if (one(req.query.encrypt_type) !== 'aes' && !checkSignature(d.token, signedQuery(req.query))) throw badSignature();
    const body = await readRawBody(req, res, d.bodyLimit, parsedAlready);
    const push = readPush(d, req.query, body);
    // Only now is the timestamp known to be WeChat's: safe mode signs it together with the body.
    assertFresh(d, one(req.query.timestamp));
    if (push.kind === 'other') {
      log.info({ msgType: push.msgType, event: push.event }, 'WeChat push acknowledged, not handled');
    } else if (!(await d.services.limits.traveller(`wechat:${push.openid}`)).allowed) {
      // Over the traveller's limit: acknowledged (a refusal would only make WeChat send it three times more), not run.
      d.services.metrics.rateLimited.inc({ scope: 'traveller' });
      log.warn({ msgId: push.msgId }, 'WeChat push over the traveller\'s rate limit: acknowledged, not answered');
    } else {
      const data: WechatTurnData = { push, receivedAt: d.services.clock.now().toISOString() };
      try {
        await d.services.jobs.enqueue(WECHAT_TURN_JOB, data, { jobId: pushKey(push) });
      } catch (err) {
        log.error({ err }, 'a WeChat push could not be queued');
        // Not `success`: WeChat then retries, and the retry may find the queue back.
        throw new AppError('unavailable', 'The push could not be queued; WeChat will retry it.');
      }
    }
    res.type('text/plain').send('success');
  };
}
