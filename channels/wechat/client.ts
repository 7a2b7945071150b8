// WeChat's server API as the channel calls it: stable_token, custom/send, subscribe/send, typing, jscode2session; retries and token refresh.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ConversationLock } from '../../src/bot/lock/index.ts';
import type { Clock } from '../../src/clock.ts';
import { quoteJsonNumbers } from './parse.ts';
import type { SharedStore } from './store.ts';
import { AccessTokens, type IssuedToken } from './token.ts';

/** A customer-service message body without `touser` (WECHAT.md §2.1). */
export type CustomMessage =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'miniprogrampage'; miniprogrampage: { title: string; pagepath: string; thumb_media_id?: string } };

/** A subscribe message without `touser` (WECHAT.md §5): `data` keys are the template's own, e.g. `thing2`. */
export interface SubscribeMessage {
  template_id: string;
  /** The mini-program page the notice opens, e.g. `pages/bookings/index` (no leading slash). */
  page?: string;
  data: Record<string, { value: string }>;
  miniprogram_state?: 'developer' | 'trial' | 'formal';
  lang?: 'zh_CN' | 'en_US' | 'zh_HK' | 'zh_TW';
}

/** Codes that mean "the traveller must write first": the 48-hour window closed (45015) or its quota is used (45047). */
export const WINDOW_CLOSED_CODES: ReadonlySet<number> = new Set([45015, 45047]);
/** Codes worth a later try of the whole job: busy, rate limits, and a token still refused after one refresh. */
const TRANSIENT_CODES: ReadonlySet<number> = new Set([-1, 40001, 42001, 45009, 45011]);

/**
 * WeChat answered with an `errcode` (or a 5xx, or not at all: `errcode` -2 for a transport failure).
 * @example if (err instanceof WechatApiError && err.errcode === 45015) markWindowClosed();
 */
export class WechatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    /** The API path called (never the query: it holds the token or the secret). */
    readonly path: string,
    readonly status?: number,
  ) {
    super(`WeChat ${path} failed: ${errcode} ${errmsg}`);
    this.name = 'WechatApiError';
  }

  /** 45015 or 45047: do not retry; tell an agent that the traveller must write first. */
  get windowClosed(): boolean {
    return WINDOW_CLOSED_CODES.has(this.errcode);
  }

  /** Worth retrying later (the job does): busy, 5xx, no answer, rate limits, token trouble. */
  get transient(): boolean {
    return this.errcode === -2 || (this.status !== undefined && this.status >= 500) || TRANSIENT_CODES.has(this.errcode);
  }
}

/** What jscode2session tells us; the session_key is dropped on arrival and never leaves this module. */
export interface WechatIdentity {
  openid: string;
  unionid?: string;
}

/** Options of {@link WechatClient}. */
export interface WechatClientOptions {
  apiBase: string;
  appId: string;
  secret: string;
  store: SharedStore;
  lock: Pick<ConversationLock, 'run'>;
  clock: Clock;
  /** Tries of a call answered -1 or 5xx, the first included; default 4. */
  attempts?: number;
  /** First pause before a retry, doubled each time (with jitter); default 200 ms. */
  backoffMs?: number;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  /** Default `/cgi-bin/message/custom/business/typing` (mini-programs; WECHAT.md §2.3). */
  typingPath?: string;
  /** Told about every failed call (metrics count them by errcode); must not throw. */
  onError?: (err: WechatApiError) => void;
}

type Json = Record<string, unknown>;

/**
 * The WeChat API client of one AppID.
 * @example await client.sendCustom('o9AgO5…', { msgtype: 'text', text: { content: '您好' } });
 */
export class WechatClient {
  /** The access tokens this client uses (shared with every client on the same store). */
  readonly tokens: AccessTokens;
  readonly #o: Required<Omit<WechatClientOptions, 'store' | 'lock' | 'clock' | 'onError'>>;
  readonly #onError: ((err: WechatApiError) => void) | undefined;

  constructor(options: WechatClientOptions) {
    const { store, lock, clock } = options;
    this.#o = {
      apiBase: options.apiBase, appId: options.appId, secret: options.secret,
      attempts: options.attempts ?? 4, backoffMs: options.backoffMs ?? 200, timeoutMs: options.timeoutMs ?? 10_000,
      typingPath: options.typingPath ?? '/cgi-bin/message/custom/business/typing',
    };
    this.#onError = options.onError;
    this.tokens = new AccessTokens({ appId: options.appId, store, lock, clock, issue: () => this.#stableToken() });
  }

  /** `POST /cgi-bin/message/custom/send`: one message to one traveller. */
  async sendCustom(openid: string, message: CustomMessage): Promise<void> {
    await this.#withToken('/cgi-bin/message/custom/send', { touser: openid, ...message });
  }

  /**
   * `POST /cgi-bin/message/subscribe/send`: the one message a traveller's accept allows (43101 when none is left).
   * @example await client.sendSubscribeMessage('o9AgO5…', { template_id: 'T1', page: 'pages/bookings/index', data: { thing2: { value: '京伦饭店' } } });
   */
  async sendSubscribeMessage(openid: string, message: SubscribeMessage): Promise<void> {
    await this.#withToken('/cgi-bin/message/subscribe/send', { touser: openid, ...message });
  }

  /** The typing indicator (lasts 15 s, cancelled by the next message). Callers ignore its errors. */
  async typing(openid: string, command: 'Typing' | 'CancelTyping' = 'Typing'): Promise<void> {
    await this.#withToken(this.#o.typingPath, { touser: openid, command });
  }

  /**
   * `GET /sns/jscode2session`: the traveller behind a `wx.login` code (single use, 5 minutes).
   * @throws WechatApiError (40029 invalid code, 40163 used, 45011 too frequent, …)
   */
  async code2Session(code: string): Promise<WechatIdentity> {
    const q = new URLSearchParams({ appid: this.#o.appId, secret: this.#o.secret, js_code: code, grant_type: 'authorization_code' });
    const r = await this.#call('GET', '/sns/jscode2session', `?${q}`);
    // session_key is deliberately not read: nothing here needs it, and what is not kept cannot leak.
    if (typeof r.openid !== 'string' || !r.openid) throw new WechatApiError(-3, 'no openid in the answer', '/sns/jscode2session');
    return { openid: r.openid, ...(typeof r.unionid === 'string' && { unionid: r.unionid }) };
  }

  async #stableToken(): Promise<IssuedToken> {
    const r = await this.#call('POST', '/cgi-bin/stable_token', '', {
      grant_type: 'client_credential', appid: this.#o.appId, secret: this.#o.secret, force_refresh: false,
    });
    const expiresInS = Number(r.expires_in);
    if (typeof r.access_token !== 'string' || !r.access_token || !(expiresInS > 0)) {
      throw new WechatApiError(-3, 'no access_token in the answer', '/cgi-bin/stable_token');
    }
    return { token: r.access_token, expiresInS };
  }

  /** A call with the access token; a token WeChat refuses (40001/42001) is refreshed once and the call repeated. */
  async #withToken(path: string, body: Json): Promise<Json> {
    for (let refreshed = false; ; refreshed = true) {
      const token = await this.tokens.get();
      try {
        return await this.#call('POST', path, `?access_token=${encodeURIComponent(token)}`, body);
      } catch (err) {
        if (refreshed || !(err instanceof WechatApiError) || (err.errcode !== 40001 && err.errcode !== 42001)) throw err;
        await this.tokens.invalidate(token);
      }
    }
  }

  /** One call, repeated with backoff while WeChat answers -1 (busy) or 5xx; a non-zero errcode throws. */
  async #call(method: 'GET' | 'POST', path: string, query: string, body?: Json): Promise<Json> {
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await fetch(`${this.#o.apiBase}${path}${query}`, {
          method,
          headers: body ? { 'content-type': 'application/json' } : {},
          body: body ? JSON.stringify(body) : undefined,
          signal: AbortSignal.timeout(this.#o.timeoutMs),
        });
        const json = parseAnswer(await res.text());
        const errcode = Number(json?.errcode ?? 0);
        if (res.ok && json && errcode === 0) return json;
        // An errcode as WeChat sends it; a 5xx without one counts as busy (-1); anything else is unexpected (-4).
        const code = json && errcode ? errcode : res.status >= 500 ? -1 : -4;
        const err = new WechatApiError(code, String(json?.errmsg ?? `HTTP ${res.status}`), path, res.status);
        if (code !== -1 || attempt >= this.#o.attempts) throw this.#failed(err);
      } catch (e) {
        if (e instanceof WechatApiError) throw e;
        // No answer at all: the message may or may not have arrived, so the job decides (WxJava#2098).
        throw this.#failed(new WechatApiError(-2, e instanceof Error ? e.message : String(e), path));
      }
      await sleep(this.#o.backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() / 2));
    }
  }

  #failed(err: WechatApiError): WechatApiError {
    return reported(err, this.#onError);
  }
}

/** Reports a failed call to the error hook (which must not break the caller), and returns it to throw. */
function reported(err: WechatApiError, hook: ((err: WechatApiError) => void) | undefined): WechatApiError {
  try {
    hook?.(err);
  } catch {
    // Counting a failure must never change it.
  }
  return err;
}

/** A JSON answer with 64-bit ids kept as text (subscribe/send returns one), or null. */
function parseAnswer(text: string): Json | null {
  try {
    const v: unknown = JSON.parse(quoteJsonNumbers(text, 16));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null;
  } catch {
    return null;
  }
}
