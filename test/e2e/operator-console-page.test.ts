// The operator console's page as served: both languages, its own CSP (hotel photos from anywhere, nothing else
// loosened), one nonce on every script, no inline handlers, and the chart library served with long cache headers.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consolePolicy, OPERATOR_TEXTS, UPLOT_CSS_PATH, UPLOT_JS_PATH } from '../../channels/operator-console/index.ts';
import { renderOperatorPage } from '../../channels/operator-console/page.ts';
import { OPERATOR_SCRIPT } from '../../channels/operator-console/script/index.ts';
import { apiBasePath } from '../../src/http/pages/request.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const policyOf = (csp: string | undefined = '') => Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

describe('GET /operator', () => {
  it('speaks English for ?lang=en and Chinese for a Chinese browser, with a link to the other language', async () => {
    const en = await request(t.app).get('/operator?lang=en');
    expect(en.status).toBe(200);
    expect(en.headers['content-type']).toMatch(/^text\/html/);
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('<title>Operator console</title>');
    expect(en.text).toContain('Inventory');
    expect(en.text).toContain('href="?lang=zh-CN"');
    const zh = await request(t.app).get('/operator').set('Accept-Language', 'zh-CN,zh;q=0.9,en;q=0.5');
    expect(zh.text).toContain('<html lang="zh-CN">');
    expect(zh.text).toContain('<title>运营后台</title>');
    expect(zh.text).toContain('房态日历');
    expect(zh.headers.vary).toMatch(/Accept-Language/);
  });

  it('sends a nonce CSP that admits http(s) photos on this page only, and carries the nonce on every script and style', async () => {
    const res = await request(t.app).get('/operator?lang=en');
    const csp = policyOf(res.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(csp['script-src']!.join(' '))![1]!;
    expect(csp['script-src']).toEqual([`'nonce-${nonce}'`]);
    expect(csp['style-src']).toEqual([`'nonce-${nonce}'`]);
    expect(csp['img-src']).toEqual(["'self'", 'data:', 'https:', 'http:']);
    expect(csp['connect-src']).toEqual(["'self'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const scripts = [...res.text.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.filter((a) => !/type="application\/json"/.test(a)).every((a) => a.includes(`nonce="${nonce}"`))).toBe(true);
    expect(scripts.some((a) => a.includes(`src="${UPLOT_JS_PATH}?v=`))).toBe(true);
    expect([...res.text.matchAll(/<(style|link rel="stylesheet")\b[^>]*>/g)].every((m) => m[0].includes(`nonce="${nonce}"`))).toBe(true);
    // A fresh nonce each time.
    const again = await request(t.app).get('/operator?lang=en');
    expect(again.headers['content-security-policy']).not.toContain(nonce);
    // Other pages keep the strict image policy.
    const agent = policyOf((await request(t.app).get('/agent')).headers['content-security-policy']);
    expect(agent['img-src']).toEqual(["'self'", 'data:']);
    expect(consolePolicy('n')).toContain("img-src 'self' data: https: http:");
  });

  it('has no inline event handlers, no javascript: URLs and no innerHTML in its script', async () => {
    const res = await request(t.app).get('/operator?lang=zh-CN');
    const markup = res.text.replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/g, '$1</script>');
    expect(markup).toContain('<form id="login"');
    expect(markup).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
    expect(res.text).not.toMatch(/javascript:/i);
    expect(OPERATOR_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
    expect(() => new Function(OPERATOR_SCRIPT)).not.toThrow();
  });

  it("reaches the API and the chart assets under PUBLIC_URL's path", async () => {
    expect(apiBasePath(undefined)).toBe('');
    expect(apiBasePath('https://desk.example.com')).toBe('');
    expect(apiBasePath('https://desk.example.com/tourdesk/')).toBe('/tourdesk');
    const served = await request(t.app).get('/operator?lang=en');
    const data = JSON.parse(/<script type="application\/json" id="console-data">([\s\S]*?)<\/script>/.exec(served.text)![1]!);
    expect(data.api).toBe(apiBasePath(t.services.config.publicUrl));
    const html = renderOperatorPage({ lang: 'en', nonce: 'n', apiBase: apiBasePath('https://desk.example.com/tourdesk') });
    expect(html).toContain(`src="/tourdesk${UPLOT_JS_PATH}?v=`);
    expect(html).toContain(`href="/tourdesk${UPLOT_CSS_PATH}?v=`);
    expect(html).toContain('"api":"/tourdesk"');
  });

  it('has every text in both languages', () => {
    const shape = (v: unknown): unknown =>
      v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)])) : typeof v;
    expect(shape(OPERATOR_TEXTS.en)).toEqual(shape(OPERATOR_TEXTS['zh-CN']));
  });

  it('serves uPlot and its stylesheet from the app with year-long cache headers', async () => {
    const js = await request(t.app).get(`${UPLOT_JS_PATH}?v=1`);
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.text).toContain('uPlot');
    const css = await request(t.app).get(UPLOT_CSS_PATH);
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.text).toContain('.uplot');
  });
});
