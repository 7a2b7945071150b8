// Fuzz: ten thousand malformed requests over every public endpoint and WeChat's push, on a real keep-alive server:
// never a 5xx, never a crash, memory flat.
import { randomBytes, randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aesKeyOf, encryptMessage, wechatSignature } from '../../channels/wechat/index.ts';
import { documentedOperations, type Operation } from '../../src/http/openapi/index.ts';
import { issueToken } from '../../src/security/index.ts';
import { startTestApp, TEST_APP_KEY, TEST_NOW, type TestApp } from '../support/app.ts';
import { startFakeWechat, type FakeWechat } from '../support/fake-wechat.ts';
import { listen, type Listening } from '../support/server.ts';

const REQUESTS = 10_000;
const CONCURRENCY = 24;
/** Heap growth allowed from the warmed-up start to the end, both after a full GC. */
const HEAP_SLACK_BYTES = 24 * 1024 * 1024;
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);

const APPID = 'wxfuzz0000000001';
const TOKEN = 'fuzz-token';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let t: TestApp;
let wx: FakeWechat;
let srv: Listening;
let agent: Agent;
let tokens: string[];

beforeAll(async () => {
  // WeChat's API is a local fake: login codes it never issued are refused (40029) as WeChat would.
  wx = await startFakeWechat({ appId: APPID, secret: 'secret' });
  t = await startTestApp({
    env: { WECHAT_APPID: APPID, WECHAT_SECRET: 'secret', WECHAT_TOKEN: TOKEN, WECHAT_AES_KEY: AES_KEY, WECHAT_API_BASE: wx.url },
  });
  srv = await listen(t.app);
  agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const now = new Date(TEST_NOW);
  const web = (await request(t.app).post('/v1/web/sessions').send({})).body as { token: string };
  tokens = [
    web.token,
    await issueToken(t.services.keys, { kind: 'staff', userId: randomUUID(), role: 'admin', tenantId: null }, now),
    await issueToken(t.services.keys, { kind: 'staff', userId: randomUUID(), role: 'operator', tenantId: randomUUID() }, now),
    await issueToken(t.services.keys, { kind: 'staff', userId: randomUUID(), role: 'agent', tenantId: null }, now),
    await issueToken(t.services.keys, { kind: 'traveller', travellerId: 'wechat:o-fuzz', channel: 'wechat', conversationId: randomUUID(), tenantId: null }, now),
    TEST_APP_KEY,
  ];
}, 60_000);
afterAll(async () => {
  agent?.destroy();
  await srv?.close();
  await t?.close();
  await wx?.close();
});

/** One request as sent: bytes, not strings, so broken UTF-8 and raw NULs reach the server as they are. */
interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/**
 * Sends `r` on a kept-alive socket. A server closes a connection after answering a request whose body it did not read
 * (a 401 before a big body, a 413), and a socket the pool handed out just then hangs up: such a request is sent once
 * more on a fresh connection, and only that answer counts.
 */
async function send(r: Sent): Promise<{ status: number; text: string }> {
  try {
    return await sendOn(r, agent);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code !== 'ECONNRESET' && code !== 'EPIPE') throw err;
    return sendOn(r, false);
  }
}

function sendOn(r: Sent, via: Agent | false): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${srv.url}${r.path}`, { method: r.method, headers: r.headers, agent: via, timeout: 30_000 }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8').slice(0, 300) }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer in 30 s')));
    req.on('error', reject);
    req.end(r.body);
  });
}

// ---- Generators of bad input ----

/** `arb`'s value once in `n` times, else undefined. */
const sometimes = <T>(arb: fc.Arbitrary<T>, n: number): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: n - 1 }, { arbitrary: arb, weight: 1 });

const weird = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }), // lone surrogates included
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '\udfff x', '\u202e', '💥'.repeat(50), '', ' ', '%00', '../../etc/passwd', '<script>', "' OR 1=1 --"),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);
const hugeString = fc.constantFrom(20_000, 60_000, 70_000).map((n) => 'x'.repeat(n));
const deep = fc.integer({ min: 50, max: 20_000 }).chain((d) =>
  fc.constantFrom(`${'['.repeat(d)}${']'.repeat(d)}`, `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`, `{"text":"hi","payload":${'['.repeat(d)}${']'.repeat(d)}}`),
);
const wrongTypes = fc.record(
  { text: fc.jsonValue(), userId: fc.jsonValue(), code: fc.jsonValue(), hotelId: fc.jsonValue(), guest: fc.jsonValue(), name: fc.jsonValue(), rooms: fc.jsonValue(), payload: fc.jsonValue() },
  { requiredKeys: [] },
);
const almost = fc.record({
  text: fc.oneof(weird, hugeString), userId: weird, name: weird, email: weird, password: weird, code: weird, locale: weird,
  hotelId: fc.oneof(weird, fc.uuid()), roomTypeId: fc.uuid(), checkIn: weird, checkOut: fc.constantFrom('2026-12-11', '2026-02-30', '9999-99-99'),
  rooms: fc.oneof(fc.integer(), fc.double()), guests: fc.integer(), guest: fc.record({ name: weird, phone: weird }), messageId: weird,
}, { requiredKeys: [] });

/** A body: bytes and the content type it claims. */
const body = fc.oneof(
  fc.record({ type: fc.constant('application/json'), text: fc.oneof(wrongTypes, almost, fc.jsonValue()).map((v) => JSON.stringify(v)) }),
  fc.record({ type: fc.constant('application/json'), text: deep }),
  fc.record({ type: fc.constant('application/json'), text: fc.constantFrom('{', '{"a":1,}', "{'a':1}", 'nul', '[1,2', '"\\ud800"', '{"text":"\\u0000\\u0000"}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}') }),
  fc.record({ type: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/json; charset=utf-16', 'application/xml', ''), text: fc.oneof(weird, fc.constant('a=1&b=2')) }),
  fc.record({ type: fc.constant('application/json'), text: hugeString.map((s) => JSON.stringify({ text: s, name: s })) }),
).map((b) => ({ type: b.type, bytes: Buffer.from(b.text, 'utf8') }));
const brokenUtf8 = fc.constantFrom(Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), Buffer.from([0xff, 0xfe, 0x00, 0x7b]), Buffer.from('{"text":"\u0000"}'));

/** Percent-encodes every byte (encodeURIComponent throws on lone surrogates; Buffer makes them U+FFFD). */
const percent = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
const badId = fc.oneof(weird.map((s) => percent(s) || 'x'), fc.uuid(), fc.constantFrom('%00', '%E0%A4%A', '%', '..%2F..%2F', 'TD7K4Q2P', 'a'.repeat(3000), 'null', '-1'));
const query = fc.oneof(
  fc.constant(''),
  fc.dictionary(fc.constantFrom('limit', 'offset', 'from', 'to', 'status', 'hotelId', 'tenantId', 'lang', 'embed', 'mine', 'x'), weird).map((d) => `?${new URLSearchParams(d)}`),
  fc.constantFrom('?limit=-1', '?limit=1e309', '?from=2026-13-40&to=2026-01-01', '?a[b][c]=1', '?status=queued&status=active', '?%', '?%00=%00', '?limit=99999999999999999999'),
);
const authHeader = fc.oneof(
  fc.constant(undefined),
  fc.nat({ max: 5 }).map((i) => `Bearer ${i}`), // resolved to a real token below
  weird.map((s) => `Bearer ${s.replace(/[^\x21-\x7e]/g, '')}`),
  fc.constantFrom('Bearer', 'Basic dXNlcjpwYXNz', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', `Bearer ${'a'.repeat(2000)}`),
);

/** The credential `op` takes: the app key, a WeChat or web traveller's token, or an admin's. */
function credentialFor(op: Operation): string {
  if (op.auth?.includes('appKey')) return TEST_APP_KEY;
  if (op.auth?.includes('travellerBearer')) return op.path.startsWith('/v1/wechat') ? tokens[4]! : tokens[0]!;
  return tokens[1]!;
}

/** The field names of an operation's body schema (a zod object, refinements included), or none. */
function fieldsOf(op: Operation): string[] {
  const shape = (op.body as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

/** The fields a body must have (the schema refuses them missing). */
function requiredOf(op: Operation): Set<string> {
  const shape = (op.body as { shape?: Record<string, { safeParse(v: unknown): { success: boolean } }> } | undefined)?.shape ?? {};
  return new Set(Object.entries(shape).filter(([, f]) => !f.safeParse(undefined).success).map(([k]) => k));
}

/** A value for one field: mostly wrong in type, size, depth or encoding. */
const fieldValue = fc.oneof(
  { arbitrary: weird, weight: 4 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
  { arbitrary: fc.integer({ min: 2, max: 200 }).map((d) => JSON.parse(`${'['.repeat(d)}${']'.repeat(d)}`) as unknown), weight: 1 },
  { arbitrary: hugeString, weight: 1 },
  { arbitrary: fc.constantFrom('2026-12-11', 'TD7K4Q2P', '13800138000', 'zh-CN', 'operator', randomUUID(), 1, 0, -1, true, null), weight: 2 },
);

/** A plausible value for a field, by its name: with every other field plausible, one bad value reaches deep. */
const GUESSES: Record<string, unknown> = {
  name: '测试酒店', city: '北京', tier: 'comfort', address: '东城区1号', email: 'fuzz@test.example', password: 'correct horse battery',
  role: 'agent', tenantId: null, capacity: 2, basePrice: { amount: 30_000, currency: 'CNY' }, price: { amount: 30_000, currency: 'CNY' },
  from: '2026-12-10', to: '2026-12-12', allotment: 3, stopSell: false, text: '你好', userId: 'fuzz-user', code: 'fuzz-code',
  locale: 'zh-CN', checkIn: '2026-12-10', checkOut: '2026-12-11', rooms: 1, guests: 1, guest: { name: '王伟', phone: '13800138000' },
  question: '早餐几点', answer: '七点', title: '早餐', reason: 'test', note: 'note', templateId: 'T1', reservationCode: 'TD7K4Q2P',
  amenities: ['wifi'], description: '安静', stars: 3, nameEn: 'Test', messageId: 'm-1', hotelId: randomUUID(), roomTypeId: randomUUID(),
};
const guess = (field: string): unknown => (field in GUESSES ? GUESSES[field] : 'x');

/**
 * A body with the operation's own field names: either bad values throughout, or plausible values with one field
 * made bad, so the bad value gets past the other checks to the service and the database.
 */
function bodyFor(op: Operation) {
  const fields = fieldsOf(op);
  if (fields.length === 0) return body;
  const json = (v: unknown) => ({ type: 'application/json', bytes: Buffer.from(JSON.stringify(v), 'utf8') });
  const allBad = fc.dictionary(fc.constantFrom(...fields), fieldValue, { maxKeys: fields.length });
  const required = requiredOf(op);
  const oneBad = fc.tuple(fc.constantFrom(...fields), fieldValue)
    .map(([bad, value]) => Object.fromEntries(fields.filter((f) => f === bad || required.has(f)).map((f) => [f, f === bad ? value : guess(f)])));
  return fc.oneof(allBad, oneBad).map(json);
}

/** A malformed request to the documented operation `op`. */
function apiRequest(op: Operation) {
  return fc.record({
    op: fc.constant(op), id: badId, query, auth: authHeader, rightAuth: fc.boolean(),
    body: fc.oneof({ arbitrary: bodyFor(op), weight: 3 }, { arbitrary: body, weight: 1 }),
    broken: sometimes(brokenUtf8, 8), method: sometimes(fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS'), 10),
  })
    .map(({ op, id, query: q, auth, rightAuth, body: b, broken, method }): Sent => {
      const headers: Record<string, string> = {};
      // Mostly the very credential the operation takes, so the bad input reaches the body, the ids and the query.
      if (rightAuth && op.auth?.length) headers.authorization = `Bearer ${credentialFor(op)}`;
      else if (auth !== undefined) headers.authorization = /^Bearer \d$/.test(auth) ? `Bearer ${tokens[Number(auth.slice(7)) % tokens.length]}` : auth;
      const m = method ?? op.method.toUpperCase();
      const sendsBody = m !== 'GET' && m !== 'OPTIONS';
      if (sendsBody && b.type) headers['content-type'] = b.type;
      return { method: m, path: op.path.replace(/:\w+/g, id) + q, headers, body: sendsBody ? (broken ?? b.bytes) : undefined };
    });
}

/** A WeChat push: XML or JSON, plaintext or safe mode, with bad signatures, bad encryption, bad base64, huge fields. */
function wechatPush() {
  const timestamp = String(Math.floor(Date.parse(TEST_NOW) / 1000));
  const cipher = { aesKey: aesKeyOf(AES_KEY), appId: APPID };
  const inner = fc.record({ from: weird, content: fc.oneof(weird, hugeString), msgId: fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 70n }).map(String), weird), type: fc.constantFrom('text', 'image', 'event', 'miniprogrampage', '') });
  const asXml = (f: Record<string, string>) => `<xml>${Object.entries(f).map(([k, v]) => `<${k}><![CDATA[${v}]]></${k}>`).join('')}</xml>`;
  const asJson = (f: Record<string, string>) => JSON.stringify(f);
  return fc.record({
    inner, xml: fc.boolean(), mode: fc.constantFrom('plain', 'safe', 'bad-base64', 'bad-cipher', 'wrong-appid'), signature: fc.constantFrom('good', 'bad', 'missing'),
    nonce: fc.string({ minLength: 1, maxLength: 10 }), junk: sometimes(fc.oneof(weird, deep, fc.constantFrom('<xml><a>', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml>&e;</xml>', '<xml>'.repeat(5000))), 5),
  }).map(({ inner: i, xml, mode, signature, nonce, junk }): Sent => {
    const fields = { ToUserName: 'gh_fuzz', FromUserName: i.from, CreateTime: timestamp, MsgType: i.type, Content: i.content, MsgId: i.msgId };
    const doc = xml ? asXml : asJson;
    let bodyText = junk ?? doc(fields);
    const q: Record<string, string> = { timestamp, nonce };
    if (mode !== 'plain') {
      const encrypt = mode === 'safe' ? encryptMessage(bodyText, cipher)
        : mode === 'wrong-appid' ? encryptMessage(bodyText, { ...cipher, appId: 'wxsomeoneelse00001' })
          : mode === 'bad-base64' ? `${randomBytes(20).toString('base64')}!!*%`
            : randomBytes(64).toString('base64');
      bodyText = doc({ ToUserName: 'gh_fuzz', Encrypt: encrypt });
      Object.assign(q, { encrypt_type: 'aes', openid: i.from.slice(0, 20) });
      if (signature !== 'missing') q.msg_signature = signature === 'good' ? wechatSignature(TOKEN, timestamp, nonce, encrypt) : 'f'.repeat(40);
    }
    if (signature !== 'missing') q.signature = signature === 'good' ? wechatSignature(TOKEN, timestamp, nonce) : '0'.repeat(40);
    return { method: 'POST', path: `/v1/wechat/callback?${new URLSearchParams(q)}`, headers: { 'content-type': xml ? 'text/xml' : 'application/json' }, body: Buffer.from(bodyText, 'utf8') };
  });
}

describe('bodies no database can store', () => {
  it('are refused at the edge with 400 invalid_request: NUL, half a surrogate pair, nesting past 32 levels', async () => {
    const post = (text: string) => request(t.app).post('/v1/operator/tenants').set('Authorization', `Bearer ${tokens[1]}`).set('content-type', 'application/json').send(text);
    for (const text of ['{"name":"a\\u0000b"}', '{"name":"\\ud800"}', '{"na\\u0000me":"x"}', '{"name":"\\udc00x"}', `{"name":"x","deep":${'['.repeat(40)}${']'.repeat(40)}}`]) {
      const r = await post(text);
      expect([r.status, r.body.error], text).toEqual([400, 'invalid_request']);
    }
    // A whole surrogate pair (an emoji) is fine, and so is nesting within the limit (then the schema speaks).
    expect((await post('{"name":"\\ud83d\\ude00 酒店集团"}')).status).toBe(201);
    expect((await post(`{"name":${'['.repeat(20)}${']'.repeat(20)}}`)).body.message).toMatch(/^Invalid body\.name/);
  });
});

describe('fuzz', () => {
  it(`${REQUESTS.toLocaleString('en-US')} malformed requests: no 5xx, no crash, memory flat`, async () => {
    // Every operation gets its share (a biased pick would favour the first ones), WeChat's push a fifth of all;
    // then the requests are interleaved so that every endpoint is hit while the others are busy.
    const ops = documentedOperations().filter((o) => o.path !== '/v1/wechat/callback' || o.method === 'get');
    const pushes = Math.round(REQUESTS / 5);
    const perOp = Math.ceil((REQUESTS - pushes) / ops.length);
    const lanes = [...ops.map((op, i) => fc.sample(apiRequest(op), { numRuns: perOp, seed: SEED + i })), fc.sample(wechatPush(), { numRuns: pushes, seed: SEED - 1 })];
    const cases: Sent[] = [];
    for (let round = 0; cases.length < REQUESTS; round++) {
      for (const lane of lanes) if (round < lane.length && cases.length < REQUESTS) cases.push(lane[round]!);
    }
    const failures: Array<Sent & { status: number; text: string }> = [];
    const statuses = new Map<number, number>();
    let next = 0;
    let heapStart = 0;
    const worker = async () => {
      while (next < cases.length) {
        const i = next++;
        if (i === 500) {
          gc();
          heapStart = process.memoryUsage().heapUsed;
        }
        const c = cases[i]!;
        let res: { status: number; text: string };
        try {
          res = await send(c);
        } catch (err) {
          res = { status: -1, text: String(err) };
        }
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500 || res.status < 100) failures.push({ ...c, body: undefined, ...res, path: c.path.slice(0, 200), bodyPreview: c.body?.subarray(0, 200).toString() } as never);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - started) / 1000;
    console.log(`fuzz (seed ${SEED}): ${REQUESTS} requests in ${seconds.toFixed(1)} s (${Math.round(REQUESTS / seconds)}/s); statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    expect(failures.slice(0, 5), `${failures.length} requests answered 5xx or not at all`).toEqual([]);

    // Still alive and answering, then the heap after a full GC close to where it stood after the warm-up.
    expect((await request(t.app).get('/healthz')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    gc();
    const heapEnd = process.memoryUsage().heapUsed;
    console.log(`heap after GC: ${(heapStart / 2 ** 20).toFixed(1)} MiB after warm-up, ${(heapEnd / 2 ** 20).toFixed(1)} MiB at the end`);
    expect(heapEnd - heapStart).toBeLessThan(HEAP_SLACK_BYTES);
  }, 180_000);
});
