// Log lines of a request carry its X-Request-Id (and the conversation once a turn names it); phone numbers are masked.
import { Writable } from 'node:stream';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_APP_KEY, type TestApp } from '../support/app.ts';

const lines: Array<Record<string, unknown>> = [];
const raw: string[] = [];
const sink = new Writable({
  write(chunk, _enc, cb) {
    for (const l of String(chunk).split('\n').filter(Boolean)) {
      raw.push(l);
      lines.push(JSON.parse(l) as Record<string, unknown>);
    }
    cb();
  },
});

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ log: { level: 'info', destination: sink }, startJobs: true });
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const linesOf = (requestId: string) => lines.filter((l) => l.requestId === requestId);

describe('request ids', () => {
  it('keeps a sane X-Request-Id, answers it back, and puts it and the conversation on the request\'s lines', async () => {
    const r = await request(t.app).post('/v1/app/messages').set('Authorization', `Bearer ${TEST_APP_KEY}`).set('X-Request-Id', 'lb-7f3a9c01')
      .send({ userId: 'log-user', text: '我的电话是13800138000，请帮我订房' });
    expect(r.status).toBe(200);
    expect(r.headers['x-request-id']).toBe('lb-7f3a9c01');
    await expect.poll(() => linesOf('lb-7f3a9c01').length).toBeGreaterThan(0);
    const access = linesOf('lb-7f3a9c01').find((l) => l.msg === 'request')!;
    expect(access).toMatchObject({ method: 'POST', route: '/v1/app/messages', status: 200, conversationId: r.body.conversationId });
  });

  it('makes a new id when none, or an insane one, is sent', async () => {
    const none = await request(t.app).get('/healthz');
    expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const insane = await request(t.app).get('/healthz').set('X-Request-Id', 'a b"<script>');
    expect(insane.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const long = await request(t.app).get('/healthz').set('X-Request-Id', 'x'.repeat(200));
    expect(long.headers['x-request-id']).not.toBe('x'.repeat(200));
  });

  it('gives a job\'s lines its job id', async () => {
    let done!: () => void;
    const ran = new Promise<void>((resolve) => (done = resolve));
    t.services.jobs.handle('log-probe', async () => {
      t.services.logger.info('inside the probe job');
      done();
    });
    await t.services.jobs.start();
    await t.services.jobs.enqueue('log-probe', {}, { jobId: 'probe-1' });
    await ran;
    expect(lines.find((l) => l.msg === 'inside the probe job')).toMatchObject({ jobId: 'probe-1', job: 'log-probe' });
  });
});

describe('phone numbers', () => {
  it('are masked in messages and in logged objects, also in a real request\'s access line', async () => {
    const r = await request(t.app).get('/v1/nowhere?contact=13912345678').set('X-Request-Id', 'phone-probe');
    expect(r.status).toBe(404);
    await expect.poll(() => linesOf('phone-probe').length).toBeGreaterThan(0);
    expect(linesOf('phone-probe')[0]).toMatchObject({ url: '/v1/nowhere?contact=139****5678', status: 404 });

    // Credentials in the URL are not logged either: the booking link's quote token, signatures.
    await request(t.app).get('/b/SECRETquoteTOKEN123').set('X-Request-Id', 'token-probe');
    await request(t.app).get('/v1/wechat/callback?signature=abc&timestamp=1&nonce=2&echostr=SECRETecho').set('X-Request-Id', 'sig-probe');
    await expect.poll(() => linesOf('sig-probe').length).toBeGreaterThan(0);
    expect(linesOf('token-probe')[0]).toMatchObject({ url: '/b/:token', status: 404 });
    expect(String(linesOf('sig-probe')[0]!.url)).toContain('echostr=[redacted]');
    expect(raw.join('\n')).not.toMatch(/SECRETquoteTOKEN123|SECRETecho/);

    t.services.logger.warn({ guest: { note: 'call 13700137000 or +86 138 0013 8001' }, err: new Error('failed for 13600136000') }, 'booking for 13500135000');
    const last = raw.at(-1)!;
    expect(last).toContain('135****5000');
    expect(last).toContain('137****7000');
    expect(last).toContain('failed for 136****6000');
    expect(raw.join('\n')).not.toMatch(/13800138000|13912345678|13700137000|13600136000|13500135000|0013 8001/);
  });
});
