// The WeChat channel's face: its routes under /v1/wechat (push, login, messages, subscriptions), its jobs, and its capabilities.
import express, { type Router } from 'express';
import { createConversationLock, type ConversationLock } from '../../src/bot/lock/index.ts';
import { AppError } from '../../src/errors.ts';
import { authenticate } from '../../src/http/auth.ts';
import { bodyGuard } from '../../src/http/body-guard.ts';
import type { JobQueue } from '../../src/jobs/index.ts';
import { travellerRateLimit } from '../../src/observability/index.ts';
import type { Services } from '../../src/services.ts';
import { PUSH_BODY_LIMIT } from './body.ts';
import { handshake, receivePush } from './callback.ts';
import { WechatClient, type WechatClientOptions } from './client.ts';
import { aesKeyOf } from './crypto.ts';
import { WECHAT_TURN_JOB, wechatTurnHandler } from './job.ts';
import { login } from './login.ts';
import { messages } from './messages.ts';
import type { RenderOptions } from './render.ts';
import { createSharedStore } from './store.ts';
import { subscriptionNotices, type NoticeOptions } from './subscriptions.ts';

export { WechatApiError, WechatClient, type CustomMessage, type SubscribeMessage } from './client.ts';
export { aesKeyOf, decryptMessage, encryptMessage, WechatCryptoError } from './crypto.ts';
export { sealReply } from './envelope.ts';
export { WECHAT_TURN_JOB, type WechatTurnData } from './job.ts';
export { keepWechatInbox, WECHAT_RECOVERY_JOB, type WechatInboxOptions } from './recovery.ts';
export { parseDocument, pushKey, toPush, type WechatPush } from './parse.ts';
export { renderReplies } from './render.ts';
export { checkMsgSignature, checkSignature, wechatSignature } from './signature.ts';
export { confirmationData, SUBSCRIBE_SEND_JOB, SUBSCRIBE_SWEEP_JOB, type ConfirmationFacts, type NoticeOptions } from './subscriptions.ts';

/** What customer-service messages can and cannot do; the core never asks which channel it is. */
export const wechatCapabilities = { richCards: false, replyDeadlineMs: 5000, proactiveWindowHours: 48 } as const;

/** Options of {@link wechatChannel}; the defaults suit production. */
export interface WechatChannelOptions extends RenderOptions {
  /** Namespace of the channel's Redis keys (token cache, locks, sent marks); default `tourdesk`. */
  prefix?: string;
  /** Largest push body in bytes; default 64 KiB (413 beyond). */
  bodyLimit?: number;
  /** Largest |now − timestamp| of a push before it counts as a replay; default 10 minutes. */
  maxSkewMs?: number;
  /** `wechat-turn` jobs run at once per worker; default 8. */
  concurrency?: number;
  /** Retries, timeouts and the typing path of the API client. */
  api?: Pick<WechatClientOptions, 'attempts' | 'backoffMs' | 'timeoutMs' | 'typingPath'>;
  /** Renewal of the typing indicator while the bot works; default 15 s. */
  typingEveryMs?: number;
  /** The booking confirmation notice (subscribe message): its page, its template data, its sweep. */
  notices?: NoticeOptions;
}

/** The channel as the composition root mounts it. */
export interface WechatChannel {
  /** Mount at `/v1/wechat` among the channels that read their own bodies (before the app's JSON parser). */
  router: Router;
  /** Registers the `wechat-turn` handler; call before `jobs.start()`. */
  registerJobs(jobs: JobQueue): void;
  /** The API client (for agents' replies and notices); undefined while the channel is off. */
  client: WechatClient | undefined;
  /** Closes the channel's Redis connections. */
  close(): Promise<void>;
}

const channelOff = () =>
  new AppError('not_found', 'The WeChat channel is off: set WECHAT_APPID, WECHAT_SECRET and WECHAT_TOKEN (and WECHAT_AES_KEY for safe mode).');

/**
 * The WeChat channel: `GET|POST /callback` (message push), `POST /login`, `POST /messages`,
 * `POST /subscriptions` (a confirmation notice accepted), the `wechat-turn` job and the notice jobs. With
 * `config.wechat` unset every route answers 404 `not_found` saying so.
 * @example
 * const wechat = wechatChannel(services);
 * wechat.registerJobs(jobs);
 * const app = createHttpApp(services, [], [['/v1/wechat', wechat.router]]);
 * … on stop: await wechat.close();
 */
export function wechatChannel(s: Services, options: WechatChannelOptions = {}): WechatChannel {
  const app = express();
  app.disable('x-powered-by');
  const config = s.config.wechat;
  if (!config) {
    app.use((_req, _res, next) => next(channelOff()));
    return { router: app as unknown as Router, registerJobs() {}, client: undefined, close: async () => {} };
  }

  const log = s.logger.child({ channel: 'wechat' });
  const onError = (err: unknown) => log.warn({ err }, 'wechat shared state');
  const store = createSharedStore({ redisUrl: s.config.redisUrl, prefix: options.prefix, onError });
  const lock: ConversationLock = createConversationLock({ redisUrl: s.config.redisUrl, prefix: options.prefix, onError });
  const client = new WechatClient({
    apiBase: config.apiBase, appId: config.appId, secret: config.secret, store, lock, clock: s.clock, ...options.api,
    onError: (err) => s.metrics.wechatErrors.inc({ api: err.path, errcode: String(err.errcode) }),
  });
  const aesKey = config.aesKey ? aesKeyOf(config.aesKey) : undefined;
  const notices = subscriptionNotices({ services: s, client, log, options: options.notices });
  const callback = {
    services: s, token: config.token, appId: config.appId, aesKey,
    bodyLimit: options.bodyLimit ?? PUSH_BODY_LIMIT, maxSkewMs: options.maxSkewMs ?? 10 * 60_000,
  };

  app.get('/callback', handshake(callback));
  app.post('/callback', receivePush(callback));
  // Mounted before the app's parser, the JSON routes parse their own bodies.
  const json = [express.json({ limit: PUSH_BODY_LIMIT, strict: true }), bodyGuard];
  app.post('/login', json, login(s, client));
  const perTraveller = travellerRateLimit(s.limits, s.metrics, (_req, res) => (res.locals.principal as { travellerId?: string } | undefined)?.travellerId);
  app.post('/messages', authenticate(s.keys, s.clock, ['traveller']), perTraveller, json, messages(s));
  app.post('/subscriptions', authenticate(s.keys, s.clock, ['traveller']), json, notices.accept);

  let closing: Promise<void> | undefined;
  return {
    router: app as unknown as Router,
    client,
    registerJobs(jobs) {
      const handler = wechatTurnHandler({ services: s, appId: config.appId, client, store, lock, render: options, typingEveryMs: options.typingEveryMs });
      jobs.handle(WECHAT_TURN_JOB, handler, { concurrency: options.concurrency ?? 8 });
      notices.registerJobs(jobs);
    },
    close() {
      notices.close();
      closing ??= Promise.all([lock.close(), store.close()]).then(() => undefined);
      return closing;
    },
  };
}

export { wechatPush } from './push.ts';
