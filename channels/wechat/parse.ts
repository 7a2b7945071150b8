// Push documents (JSON or XML) read as flat maps of strings, so a 64-bit MsgId is never rounded, and typed pushes.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';

/** The push format configured in the mini-program admin. */
export type WireFormat = 'json' | 'xml';

/** A body that is not a push document; the callback answers 400. */
export class PushParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PushParseError';
  }
}

/** A parsed push document: its format and its top-level fields, every value a string. */
export interface PushDocument {
  format: WireFormat;
  fields: Record<string, string>;
}

// A JSON string (skipped as it is) or a bare number (quoted when it qualifies).
const JSON_TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/**
 * Quotes the bare numbers of a JSON text before `JSON.parse`, so that big integers keep every digit: all of them by
 * default, or only integers of at least `minDigits` digits (16 catches everything beyond 2^53).
 * @example JSON.parse(quoteJsonNumbers('{"MsgId":6054768590064713728}')).MsgId // '6054768590064713728'
 */
export function quoteJsonNumbers(text: string, minDigits = 1): string {
  return text.replace(JSON_TOKEN, (m) => {
    if (m.startsWith('"')) return m;
    if (minDigits <= 1) return `"${m}"`;
    return /^-?\d+$/.test(m) && m.replace('-', '').length >= minDigits ? `"${m}"` : m;
  });
}

const xml = new XMLParser({ parseTagValue: false, ignoreAttributes: true, trimValues: true, processEntities: true });

/** Strings as they are, booleans as text; nested objects, arrays and nulls are not push fields. */
function flatten(node: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(node)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (typeof value === 'string') out[k] = value;
    else if (typeof value === 'boolean') out[k] = String(value);
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a push body, JSON or XML by its first character. Every value comes back as a string (XML text, quoted
 * JSON numbers). XML with a DOCTYPE or entity declarations is refused outright.
 * @throws PushParseError when the body is neither
 * @example parseDocument('<xml><MsgId>6054768590064713728</MsgId></xml>').fields.MsgId // '6054768590064713728'
 */
export function parseDocument(text: string): PushDocument {
  const body = text.trim();
  if (body.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(quoteJsonNumbers(body));
    } catch {
      throw new PushParseError('The body is not valid JSON.');
    }
    if (!isRecord(parsed)) throw new PushParseError('The JSON body is not an object.');
    return { format: 'json', fields: flatten(parsed) };
  }
  if (body.startsWith('<')) {
    if (/<!(?:DOCTYPE|ENTITY)/i.test(body)) throw new PushParseError('XML with a DOCTYPE or entities is not accepted.');
    if (XMLValidator.validate(body) !== true) throw new PushParseError('The body is not well-formed XML.');
    const doc = xml.parse(body) as Record<string, unknown>;
    const root = Object.values(doc).find(isRecord);
    if (!root) throw new PushParseError('The XML body has no <xml> element with fields.');
    return { format: 'xml', fields: flatten(root) };
  }
  throw new PushParseError('The body is neither JSON nor XML.');
}

/** Who sent a push, to whom, and when: in every push. */
export interface PushBase {
  /** The traveller's openid (`FromUserName`). */
  openid: string;
  /** The mini-program's original id, gh_… (`ToUserName`). */
  toUserName: string;
  /** Unix seconds, as sent. */
  createTime: string;
  /** The push's own id (absent for events); a 64-bit integer kept as text. */
  msgId?: string;
}

/** A push the channel acts on (text, image, mini-program card, entering the session) or only acknowledges. */
export type WechatPush = PushBase &
  (
    | { kind: 'text'; content: string }
    | { kind: 'image'; picUrl?: string; mediaId?: string }
    | { kind: 'miniprogrampage'; title: string; pagePath?: string; appId?: string }
    | { kind: 'enter_session'; sessionFrom?: string }
    | { kind: 'other'; msgType: string; event?: string }
  );

const base = z.object({
  ToUserName: z.string().min(1).max(128),
  FromUserName: z.string().min(1).max(128),
  CreateTime: z.string().regex(/^\d{1,12}$/, 'must be Unix seconds'),
  MsgType: z.string().min(1).max(64),
  // Digits in customer-service pushes; the cloud-function variant sends "49d72d67…_1555684067".
  MsgId: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'must be an id').optional(),
  Event: z.string().max(64).optional(),
});

/**
 * The typed push of a document's fields.
 * @throws PushParseError when the common fields are missing or malformed
 * @example toPush(parseDocument(body).fields) // { kind: 'text', openid: 'o9Ag…', content: '你好', msgId: '…' }
 */
export function toPush(fields: Record<string, string>): WechatPush {
  const r = base.safeParse(fields);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new PushParseError(`The push is missing or has a bad ${String(issue?.path[0] ?? 'field')}: ${issue?.message ?? 'invalid'}.`);
  }
  const f = r.data;
  const common: PushBase = { openid: f.FromUserName, toUserName: f.ToUserName, createTime: f.CreateTime, ...(f.MsgId && { msgId: f.MsgId }) };
  const opt = (name: string) => (fields[name] ? { [name.charAt(0).toLowerCase() + name.slice(1)]: fields[name] } : {});
  switch (f.MsgType) {
    case 'text':
      return { ...common, kind: 'text', content: fields.Content ?? '' };
    case 'image':
      return { ...common, kind: 'image', ...opt('PicUrl'), ...opt('MediaId') };
    case 'miniprogrampage':
      return { ...common, kind: 'miniprogrampage', title: fields.Title ?? '', ...opt('PagePath'), ...opt('AppId') };
    case 'event':
      if (f.Event === 'user_enter_tempsession') return { ...common, kind: 'enter_session', ...opt('SessionFrom') };
      return { ...common, kind: 'other', msgType: f.MsgType, ...(f.Event && { event: f.Event }) };
    default:
      return { ...common, kind: 'other', msgType: f.MsgType };
  }
}

/**
 * The dedupe key of a push, which WeChat's retries share: the MsgId (with the sender, as MsgIds have been seen to
 * collide), or for an event sender + CreateTime + Event (WECHAT.md §1.6).
 * @example pushKey(push) // 'msg:o9AgO5Kd5ggOC-bXrbNODIiE3bGY:6054768590064713728'
 */
export function pushKey(push: WechatPush): string {
  if (push.msgId) return `msg:${push.openid}:${push.msgId}`;
  const what = push.kind === 'enter_session' ? 'user_enter_tempsession' : push.kind === 'other' ? (push.event ?? push.msgType) : push.kind;
  return `evt:${push.openid}:${push.createTime}:${what}`;
}
