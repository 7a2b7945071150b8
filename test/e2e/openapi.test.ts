// GET /openapi.json documents every route the app serves (and nothing else), with the very zod schemas the routes use.
import { randomUUID } from 'node:crypto';
import type express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wechatChannel } from '../../channels/wechat/index.ts';
import { documentedOperations, type Operation } from '../../src/http/openapi/index.ts';
import { issueToken } from '../../src/security/index.ts';
import { startTestApp, TEST_APP_KEY, TEST_NOW, type TestApp } from '../support/app.ts';

let t: TestApp;
let tokens: Record<'staffBearer' | 'travellerBearer' | 'wechatTraveller', string>;

beforeAll(async () => {
  t = await startTestApp({ env: { WECHAT_APPID: 'wxopenapi', WECHAT_SECRET: 'secret', WECHAT_TOKEN: 'push-token', WECHAT_API_BASE: 'http://127.0.0.1:9' } });
  const now = new Date(TEST_NOW);
  const web = (await request(t.app).post('/v1/web/sessions').send({})).body as { token: string };
  tokens = {
    staffBearer: await issueToken(t.services.keys, { kind: 'staff', userId: randomUUID(), role: 'admin', tenantId: null }, now),
    travellerBearer: web.token,
    wechatTraveller: await issueToken(t.services.keys, { kind: 'traveller', travellerId: 'wechat:o-openapi', channel: 'wechat', conversationId: randomUUID(), tenantId: null }, now),
  };
}, 60_000);
afterAll(async () => {
  await t?.close();
});

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  rawPath?: string | string[];
  name?: string;
  handle: { stack?: Layer[] };
}

/** `METHOD /path` of every route in an express router stack, mount paths joined. */
function routesOf(stack: Layer[], base = ''): string[] {
  const out: string[] = [];
  const join = (a: string, b: string) => (`${a}${b}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1') || '/');
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const p of paths) for (const m of Object.keys(layer.route.methods)) if (m !== '_all') out.push(`${m.toUpperCase()} ${join(base, p)}`);
    } else if (layer.handle.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      out.push(...routesOf(layer.handle.stack, join(base, mount)));
    }
  }
  return out;
}

const stackOf = (app: express.Express | express.Router) => (app as unknown as { router: { stack: Layer[] } }).router?.stack ?? (app as unknown as { stack: Layer[] }).stack;
const key = (o: Pick<Operation, 'method' | 'path'>) => `${o.method.toUpperCase()} ${o.path}`;

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document with the security schemes', async () => {
    const r = await request(t.app).get('/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    expect(Object.keys(r.body.components.securitySchemes).sort()).toEqual(['appKey', 'metricsToken', 'staffBearer', 'travellerBearer']);
    expect(r.body.components.schemas.Error.properties).toHaveProperty('error');
    const book = r.body.paths['/v1/reservations'].post;
    expect(book.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['hotelId', 'roomTypeId', 'checkIn', 'checkOut', 'guest']));
    expect(book.responses).toHaveProperty('409');
    expect(book.responses).toHaveProperty('429');
  });

  it('documents every route the app serves, and serves every route it documents', async () => {
    const wechat = wechatChannel(t.services);
    try {
      // WeChat's router is an express app of its own, mounted before the JSON parser: walked apart.
      const served = new Set([...routesOf(stackOf(t.app)), ...routesOf(stackOf(wechat.router), '/v1/wechat')]);
      const documented = new Set(documentedOperations().map(key));
      const undocumented = [...served].filter((r) => !documented.has(r));
      const unserved = [...documented].filter((r) => !served.has(r));
      expect(undocumented, 'routes served but not documented: add a document(...) call for each').toEqual([]);
      expect(unserved, 'routes documented but not served').toEqual([]);
      const doc = (await request(t.app).get('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
      const inDocument = Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`));
      expect(new Set(inDocument)).toEqual(documented);
    } finally {
      await wechat.close();
    }
  });

  it('each documented body schema is the route\'s own: a bad body fails both with the same issues', async () => {
    const withBody = documentedOperations().filter((o) => o.body);
    expect(withBody.length).toBeGreaterThan(15);
    const bads: unknown[] = [[1, 2], { unexpected: 'x'.repeat(3) }, { text: 123, name: null, code: [] }];
    for (const op of withBody) {
      const path = op.path.replace(/:(\w+)/g, (_m, name: string) => (name === 'code' ? 'TD7K4Q2P' : randomUUID()));
      const auth = op.auth?.includes('appKey') ? TEST_APP_KEY : op.path.startsWith('/v1/wechat') && op.auth ? tokens.wechatTraveller
        : op.auth?.includes('travellerBearer') ? tokens.travellerBearer : op.auth?.includes('staffBearer') ? tokens.staffBearer : undefined;
      for (const bad of bads) {
        const parsed = op.body!.safeParse(bad);
        expect(parsed.success, `${key(op)} schema accepts ${JSON.stringify(bad)}`).toBe(false);
        const req = request(t.app)[op.method](path).set('content-type', 'application/json');
        if (auth) req.set('Authorization', `Bearer ${auth}`);
        const r = await req.send(JSON.stringify(bad));
        expect([r.status, r.body.error], `${key(op)} with ${JSON.stringify(bad)}: ${r.text}`).toEqual([400, 'invalid_request']);
        expect(r.body.details, key(op)).toEqual(JSON.parse(JSON.stringify(parsed.error!.issues)));
      }
    }
  });
});

describe('GET /docs', () => {
  it('renders every operation grouped by tag, with no outside resource', async () => {
    const r = await request(t.app).get('/docs');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    for (const tag of ['Service', 'Web chat', 'App channel', 'WeChat', 'Reservations', 'Operators', 'Review', 'Agents', 'Pages']) expect(r.text).toContain(`id="tag-${tag}"`);
    for (const op of documentedOperations()) expect(r.text, key(op)).toContain(`<code>${op.path.replace(/:(\w+)/g, '{$1}')}</code>`);
    expect(r.text).not.toMatch(/<script|https?:\/\/(?!tourdesk)/);
    expect(r.text).toContain('hotelId: string (uuid)');
  });
});
