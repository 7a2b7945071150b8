// A fake WeChat server API on loopback (stable_token, custom/send, subscribe/send, typing, jscode2session) that checks every call.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the fake received, with what it answered. */
export interface FakeWechatCall {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The parsed JSON body (undefined for GET or a body that was not JSON). */
  body: any;
  /** The access token the call carried, if any. */
  token?: string;
  status: number;
  answer: Record<string, unknown>;
}

/** A scripted answer instead of the normal one: an errcode (HTTP 200) or an HTTP status (5xx). */
export type FakeWechatFault = { errcode: number; errmsg?: string } | { status: number } | { delayMs: number };

/** Options of {@link startFakeWechat}. */
export interface FakeWechatOptions {
  appId: string;
  secret: string;
  /** `expires_in` of issued tokens; default 7200. */
  expiresIn?: number;
}

/** A running fake. */
export interface FakeWechat {
  /** Base URL for WECHAT_API_BASE. */
  readonly url: string;
  /** Every call, in order. */
  readonly calls: FakeWechatCall[];
  /** Anything a real WeChat would reject as malformed (wrong body, missing token, unknown path): tests expect none. */
  readonly problems: string[];
  /** The token WeChat currently accepts. */
  readonly currentToken: string;
  /** Calls to one path. */
  callsTo(path: string): FakeWechatCall[];
  /** Messages delivered (custom/send answered 0), optionally to one openid. */
  delivered(openid?: string): any[];
  /** stable_token calls so far. */
  readonly tokenRequests: number;
  /** Makes the current token invalid and issues a new one on the next stable_token (someone force-refreshed). */
  rotateToken(): void;
  /** The next calls to `path` get these answers, in order (after the call's own checks). */
  script(path: string, ...faults: FakeWechatFault[]): void;
  /** `jscode2session` knows `code` as a login of `openid` (single use). */
  registerCode(code: string, openid: string): void;
  /** The traveller tapped "accept" for `templateId` in `wx.requestSubscribeMessage`: one subscribe/send is allowed. */
  acceptSubscription(openid: string, templateId: string): void;
  /** Subscribe messages delivered (subscribe/send answered 0), optionally to one openid. */
  subscribed(openid?: string): any[];
  /** The session_key the fake hands out (which must never reach a client). */
  readonly sessionKey: string;
  close(): Promise<void>;
}

/** The API paths the fake answers (and the channel calls). */
export const PATHS = {
  token: '/cgi-bin/stable_token',
  send: '/cgi-bin/message/custom/send',
  typing: '/cgi-bin/message/custom/business/typing',
  subscribe: '/cgi-bin/message/subscribe/send',
  login: '/sns/jscode2session',
} as const;

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** What is wrong with a custom/send body, or null (WECHAT.md §2.1). */
function sendProblem(b: any): string | null {
  if (!b || typeof b !== 'object') return 'the body is not a JSON object';
  if (!isString(b.touser)) return 'touser is missing';
  switch (b.msgtype) {
    case 'text':
      if (!isString(b.text?.content)) return 'text.content is missing';
      if (Buffer.byteLength(b.text.content) > 2048) return `text.content is ${Buffer.byteLength(b.text.content)} bytes (45002 beyond 2048)`;
      return Object.keys(b).sort().join() === 'msgtype,text,touser' ? null : `unexpected fields ${Object.keys(b)}`;
    case 'miniprogrampage': {
      const m = b.miniprogrampage;
      if (!isString(m?.title) || !isString(m?.pagepath)) return 'miniprogrampage needs title and pagepath';
      if (m.pagepath.startsWith('/') || /\s/.test(m.pagepath)) return `pagepath "${m.pagepath}" is not a page path`;
      if (m.thumb_media_id !== undefined && !isString(m.thumb_media_id)) return 'thumb_media_id must be a media id';
      return Object.keys(b).sort().join() === 'miniprogrampage,msgtype,touser' ? null : `unexpected fields ${Object.keys(b)}`;
    }
    default:
      return `msgtype "${String(b.msgtype)}" is not one a mini-program sends`;
  }
}

/** What a subscribe/send `data` value may hold, by its key's prefix (WECHAT.md §5, "参数值内容限制"); else null. */
function dataValueProblem(key: string, value: string): string | null {
  const kind = /^([a-z_]+?)\d+$/.exec(key)?.[1];
  const chars = [...value].length;
  switch (kind) {
    case 'thing':
      return chars <= 20 ? null : `${key} is ${chars} characters (thing: at most 20)`;
    case 'character_string':
      return /^[\x21-\x7e]{1,32}$/.test(value) ? null : `${key} "${value}" is not 1–32 digits, letters or symbols`;
    case 'number':
      return /^-?\d{1,32}(\.\d+)?$/.test(value) ? null : `${key} "${value}" is not a number`;
    case 'letter':
      return /^[A-Za-z]{1,32}$/.test(value) ? null : `${key} "${value}" is not letters`;
    case 'amount':
      return /^[¥￥$]?\d{1,10}(\.\d{1,2})?元?$/.test(value) ? null : `${key} "${value}" is not an amount (one currency sign, up to 10 digits)`;
    case 'date':
    case 'time':
      return /\d/.test(value) && chars <= 40 ? null : `${key} "${value}" is not a date or time`;
    case 'phrase':
      return chars <= 5 ? null : `${key} "${value}" is longer than 5 characters (phrase)`;
    case 'name':
      return chars <= 20 ? null : `${key} "${value}" is too long for a name`;
    case 'phone_number':
      return /^[\d+() -]{1,17}$/.test(value) ? null : `${key} "${value}" is not a phone number`;
    case 'symbol':
    case 'car_number':
    case 'enum':
      return chars > 0 ? null : `${key} is empty`;
    default:
      return `${key} is not a template key (thing1, character_string2, …)`;
  }
}

/** What is wrong with a subscribe/send body, or null (WECHAT.md §5). */
function subscribeProblem(b: any): string | null {
  if (!b || typeof b !== 'object') return 'the body is not a JSON object';
  if (!isString(b.touser)) return 'touser is missing';
  if (!isString(b.template_id)) return 'template_id is missing';
  const extra = Object.keys(b).filter((k) => !['touser', 'template_id', 'page', 'data', 'miniprogram_state', 'lang'].includes(k));
  if (extra.length) return `unexpected fields ${extra}`;
  if (b.page !== undefined && (!isString(b.page) || b.page.startsWith('/') || /\s/.test(b.page))) return `page "${b.page}" is not a page path`;
  if (b.miniprogram_state !== undefined && !['developer', 'trial', 'formal'].includes(b.miniprogram_state)) return 'miniprogram_state is not developer, trial or formal';
  if (b.lang !== undefined && !['zh_CN', 'en_US', 'zh_HK', 'zh_TW'].includes(b.lang)) return 'lang is not one WeChat knows';
  if (!b.data || typeof b.data !== 'object' || Array.isArray(b.data) || Object.keys(b.data).length === 0) return 'data is missing';
  for (const [key, v] of Object.entries<any>(b.data)) {
    if (!v || typeof v !== 'object' || !isString(v.value) || Object.keys(v).join() !== 'value') return `data.${key} must be {"value": "…"}`;
    const p = dataValueProblem(key, v.value);
    if (p) return `data.${p} (47003)`;
  }
  return null;
}

/**
 * Starts the fake on 127.0.0.1 and a free port.
 * @example
 * const wx = await startFakeWechat({ appId: 'wx1', secret: 's' });
 * wx.script(PATHS.send, { errcode: 45015 });
 */
export async function startFakeWechat(o: FakeWechatOptions): Promise<FakeWechat> {
  const calls: FakeWechatCall[] = [];
  const problems: string[] = [];
  const scripts = new Map<string, FakeWechatFault[]>();
  const codes = new Map<string, string>();
  const usedCodes = new Set<string>();
  /** Accepts not yet used, per `openid template_id`. */
  const accepts = new Map<string, number>();
  let lastSubscribeMsgId = 3_009_876_543_210_987_520n; // beyond 2^53, as WeChat's msgid is
  const sessionKey = `SESSION-KEY-${randomBytes(6).toString('hex')}`;
  const newToken = () => `TOKEN_${randomBytes(12).toString('hex')}`;
  let current = newToken();
  let tokenRequests = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      problems.push(`fake crashed: ${String(err)}`);
      if (!res.headersSent) reply(res, 500, { errcode: -1, errmsg: 'fake crashed' });
    });
  });

  function reply(res: ServerResponse, status: number, answer: Record<string, unknown>): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(url.searchParams);
    const raw = await readBody(req);
    let body: any;
    if (req.method === 'POST') {
      if (!/^application\/json/.test(req.headers['content-type'] ?? '')) problems.push(`${url.pathname}: content-type ${req.headers['content-type']}`);
      try {
        body = JSON.parse(raw);
      } catch {
        problems.push(`${url.pathname}: the body is not JSON`);
      }
    }
    const call: FakeWechatCall = { method: req.method ?? '', path: url.pathname, query, body, token: query.access_token, status: 200, answer: {} };
    calls.push(call);
    const answer = (status: number, a: Record<string, unknown>) => {
      call.status = status;
      call.answer = a;
      reply(res, status, a);
    };
    const fault = async (): Promise<boolean> => {
      const f = scripts.get(url.pathname)?.shift();
      if (!f) return false;
      if ('delayMs' in f) {
        await new Promise((r) => setTimeout(r, f.delayMs));
        return false;
      }
      if ('status' in f) answer(f.status, { errmsg: `scripted HTTP ${f.status}` });
      else answer(200, { errcode: f.errcode, errmsg: f.errmsg ?? `scripted ${f.errcode}` });
      return true;
    };
    // Calls made with the access token: a missing one is a bug of ours; a stale one is WeChat's 40001.
    const tokenOk = (): boolean => {
      if (!query.access_token) {
        problems.push(`${url.pathname}: no access_token`);
        answer(200, { errcode: 41001, errmsg: 'access_token missing' });
        return false;
      }
      if (query.access_token !== current) {
        answer(200, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
        return false;
      }
      return true;
    };

    switch (`${req.method} ${url.pathname}`) {
      case `POST ${PATHS.token}`: {
        tokenRequests++;
        if (body?.grant_type !== 'client_credential' || body?.appid !== o.appId || body?.secret !== o.secret || body?.force_refresh !== false) {
          problems.push(`stable_token: bad body ${JSON.stringify({ ...body, secret: body?.secret === o.secret ? 'ok' : 'WRONG' })}`);
          return answer(200, { errcode: 40013, errmsg: 'invalid appid or secret' });
        }
        if (await fault()) return;
        return answer(200, { access_token: current, expires_in: o.expiresIn ?? 7200 });
      }
      case `POST ${PATHS.send}`: {
        if (!tokenOk()) return;
        const p = sendProblem(body);
        if (p) {
          problems.push(`custom/send: ${p}`);
          return answer(200, { errcode: p.includes('45002') ? 45002 : 47001, errmsg: p });
        }
        if (await fault()) return;
        return answer(200, { errcode: 0, errmsg: 'ok' });
      }
      case `POST ${PATHS.subscribe}`: {
        if (!tokenOk()) return;
        const p = subscribeProblem(body);
        if (p) {
          problems.push(`subscribe/send: ${p}`);
          return answer(200, { errcode: 47003, errmsg: `argument invalid! ${p}` });
        }
        if (await fault()) return;
        const key = `${body.touser} ${body.template_id}`;
        const left = accepts.get(key) ?? 0;
        if (left < 1) {
          // Real WeChat answers 43101; here it also means we sent without (or beyond) the traveller's accept.
          problems.push(`subscribe/send: no accept left for ${key}`);
          return answer(200, { errcode: 43101, errmsg: 'user refuse to accept the msg' });
        }
        accepts.set(key, left - 1);
        const msgid = String(++lastSubscribeMsgId);
        call.status = 200;
        call.answer = { errcode: 0, errmsg: 'ok', msgid };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`{"errcode":0,"errmsg":"ok","msgid":${msgid}}`);
        return;
      }
      case `POST ${PATHS.typing}`: {
        if (!tokenOk()) return;
        if (!isString(body?.touser) || !['Typing', 'CancelTyping'].includes(body?.command)) {
          problems.push(`typing: bad body ${JSON.stringify(body)}`);
          return answer(200, { errcode: 45072, errmsg: 'command invalid' });
        }
        if (await fault()) return;
        return answer(200, { errcode: 0, errmsg: 'ok' });
      }
      case `GET ${PATHS.login}`: {
        if (query.appid !== o.appId || query.secret !== o.secret || query.grant_type !== 'authorization_code' || !query.js_code) {
          problems.push('jscode2session: bad query');
          return answer(200, { errcode: 40125, errmsg: 'invalid appsecret' });
        }
        if (await fault()) return;
        const openid = codes.get(query.js_code);
        if (!openid) return answer(200, { errcode: 40029, errmsg: 'invalid code' });
        if (usedCodes.has(query.js_code)) return answer(200, { errcode: 40163, errmsg: 'code been used' });
        usedCodes.add(query.js_code);
        return answer(200, { openid, session_key: sessionKey });
      }
      default:
        problems.push(`unknown call ${req.method} ${url.pathname}`);
        return answer(404, { errcode: -1, errmsg: 'no such API' });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    problems,
    sessionKey,
    get currentToken() {
      return current;
    },
    get tokenRequests() {
      return tokenRequests;
    },
    callsTo: (path) => calls.filter((c) => c.path === path),
    delivered: (openid) =>
      calls.filter((c) => c.path === PATHS.send && c.answer.errcode === 0 && (openid === undefined || c.body?.touser === openid)).map((c) => c.body),
    rotateToken() {
      current = newToken();
    },
    script(path, ...faults) {
      scripts.set(path, [...(scripts.get(path) ?? []), ...faults]);
    },
    registerCode(code, openid) {
      codes.set(code, openid);
    },
    acceptSubscription(openid, templateId) {
      const key = `${openid} ${templateId}`;
      accepts.set(key, (accepts.get(key) ?? 0) + 1);
    },
    subscribed: (openid) =>
      calls.filter((c) => c.path === PATHS.subscribe && c.answer.errcode === 0 && (openid === undefined || c.body?.touser === openid)).map((c) => c.body),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}
