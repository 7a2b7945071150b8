// PostgreSQL restarted under load, then Redis restarted (empty: it keeps nothing on disk) under load, on private
// servers of this test: the app recovers by itself, /readyz says 503 while one is down and 200 after, every booking
// answered 201 is in PostgreSQL, and every WeChat push answered `success` is answered, even those whose job Redis lost.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/dates.ts';
import { aHotel, aRoomType, aTenant } from '../support/builders.ts';
import { lastUserText } from '../support/conversation.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';
import { startFakeWechat, type FakeWechat } from '../support/fake-wechat.ts';
import {
  killAll, processEnv, spawnApp, startPrivatePostgres, startPrivateRedis, until,
  type AppProcess, type PrivateServer, type ProcessEnv,
} from '../support/processes.ts';
import { anOpenid, wechatPusher } from '../support/wechat-pushes.ts';

// The servers are private, but the suite's own services say this run is the one with real engines.
const ready = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
if (!ready) console.log('faults-restarts: skipped, it runs with DATABASE_URL and REDIS_URL set (on private PostgreSQL 15 and Redis servers it starts).');

const APPID = `wx${randomBytes(8).toString('hex')}`;
const SECRET = randomBytes(16).toString('hex');
const TOKEN = 'tourdesk-restart-token';
const firstNight = addDays(new Date().toISOString().slice(0, 10), 5);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!ready)('PostgreSQL and Redis restarted under load', () => {
  let pg: PrivateServer;
  let redis: PrivateServer;
  let pe: ProcessEnv;
  let wx: FakeWechat;
  let llm: FakeLlm;
  let web: AppProcess;
  let worker: AppProcess;
  let hotelId: string;
  let roomTypeId: string;

  beforeAll(async () => {
    [pg, redis, wx, llm] = await Promise.all([startPrivatePostgres(), startPrivateRedis(), startFakeWechat({ appId: APPID, secret: SECRET }), startFakeLlm()]);
    llm.script(...Array.from({ length: 3000 }, () => (req: Parameters<typeof lastUserText>[0]) => ({ content: `收到：${lastUserText(req)}` })));
    pe = await processEnv({
      baseUrl: pg.url, redisUrl: redis.url,
      env: { WECHAT_APPID: APPID, WECHAT_SECRET: SECRET, WECHAT_TOKEN: TOKEN, WECHAT_API_BASE: wx.url, LLM_BASE_URL: llm.url, LLM_MODEL: 'fake' },
    });
    const tenantId = await aTenant(pe.db);
    hotelId = await aHotel(pe.db, { tenantId });
    roomTypeId = await aRoomType(pe.db, { hotelId, allotment: 500, from: firstNight, nights: 10 });
    [web, worker] = await Promise.all([spawnApp({ name: 'web', role: 'web', env: pe.env }), spawnApp({ name: 'worker', role: 'worker', env: pe.env })]);
  }, 120_000);

  afterAll(async () => {
    await killAll();
    await pe?.drop().catch(() => {});
    await pg?.destroy();
    await redis?.destroy();
    await llm?.close();
    await wx?.close();
  });

  const readiness = async (p: AppProcess) => {
    try {
      return (await fetch(`${p.url}/readyz`, { signal: AbortSignal.timeout(5000) })).status;
    } catch {
      return 0;
    }
  };

  /** Waits until `/readyz` of `p` answers `status`; on a timeout, says what it answered and what the process printed. */
  const readyzSays = async (p: AppProcess, status: number, what: string, timeoutMs: number) => {
    await until(async () => (await readiness(p)) === status, what, timeoutMs, 200).catch(async (err: Error) => {
      throw new Error(`${err.message}; it answers ${await readiness(p)}, exit code ${p.child.exitCode}\n${p.output().slice(-3000)}`);
    });
  };

  it('recovers by itself, tells the truth on /readyz meanwhile, and loses nothing it accepted', async () => {
    const session = (await (await fetch(`${web.url}/v1/web/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { token: string };
    const pusher = wechatPusher(TOKEN);
    const bookings: Array<{ key: string; status: number; code?: string }> = [];
    const pushes: Array<{ openid: string; content: string; accepted: boolean }> = [];
    let loading = true;
    let n = 0;

    const bookLoop = async () => {
      while (loading) {
        const i = n++;
        const key = `load-${i}-${randomBytes(3).toString('hex')}`;
        const checkIn = addDays(firstNight, i % 7);
        try {
          const res = await fetch(`${web.url}/v1/reservations`, {
            method: 'POST', signal: AbortSignal.timeout(15_000),
            headers: { authorization: `Bearer ${session.token}`, 'idempotency-key': key, 'content-type': 'application/json' },
            body: JSON.stringify({ hotelId, roomTypeId, checkIn, checkOut: addDays(checkIn, 1), rooms: 1, guests: 1, guest: { name: '旅客', phone: '13800138000' } }),
          });
          const body = (await res.json()) as { code?: string };
          bookings.push({ key, status: res.status, code: body.code });
        } catch {
          bookings.push({ key, status: 0 });
        }
        await sleep(40);
      }
    };
    const pushLoop = async () => {
      while (loading) {
        const p = { openid: anOpenid(), content: `消息${pushes.length}`, accepted: false };
        pushes.push(p);
        try {
          const a = await pusher.push(web.url, p);
          p.accepted = a.status === 200 && a.text === 'success';
        } catch {
          // refused: WeChat would retry it
        }
        await sleep(80);
      }
    };
    const load = Promise.all([bookLoop(), bookLoop(), pushLoop()]);

    await sleep(2000);
    // PostgreSQL goes away (clients cut at once) and comes back.
    await pg.stop('kill');
    await readyzSays(web, 503, 'web /readyz 503 while PostgreSQL is down', 20_000);
    await readyzSays(worker, 503, 'worker /readyz 503 while PostgreSQL is down', 20_000);
    await sleep(2000);
    await pg.start();
    await readyzSays(web, 200, 'web /readyz 200 once PostgreSQL is back', 30_000);
    await readyzSays(worker, 200, 'worker /readyz 200 once PostgreSQL is back', 30_000);
    const afterPg = bookings.length;
    await until(() => bookings.slice(afterPg).some((b) => b.status === 201), 'a booking made after PostgreSQL came back', 30_000, 200);

    await sleep(1000);
    // Redis goes away, and comes back empty: the queue, the locks, the schedulers and the marks are gone.
    await redis.stop('kill');
    await readyzSays(web, 503, 'web /readyz 503 while Redis is down', 20_000);
    await sleep(2000);
    await redis.start();
    await readyzSays(web, 200, 'web /readyz 200 once Redis is back', 30_000);
    await readyzSays(worker, 200, 'worker /readyz 200 once Redis is back', 30_000);
    const afterRedis = pushes.length;
    await sleep(2000);
    loading = false;
    await load;

    // Pushes accepted after Redis came back are answered by the queue; every accepted one, by it or by the sweep.
    expect(pushes.slice(afterRedis).some((p) => p.accepted)).toBe(true);
    const accepted = pushes.filter((p) => p.accepted);
    const unanswered = () => accepted.filter((p) => !wx.delivered(p.openid).some((m) => m.text?.content === `收到：${p.content}`));
    await until(() => unanswered().length === 0, 'a reply to every accepted push', 90_000, 500).catch((err: Error) => {
      throw new Error(`${err.message}: ${unanswered().length} of ${accepted.length} unanswered\n--- worker:\n${worker.output().slice(-2000)}`);
    });

    // Pushes whose only trace is PostgreSQL: accepted while no worker runs, then Redis restarts and loses their jobs.
    // The worker started afterwards finds them in the inbox and answers them.
    await worker.kill9();
    const stranded = Array.from({ length: 4 }, (_, i) => ({ openid: anOpenid(), content: `无人处理${i}` }));
    for (const p of stranded) expect((await pusher.push(web.url, p)).text).toBe('success');
    await redis.stop('kill');
    await redis.start();
    await readyzSays(web, 200, 'web /readyz 200 once Redis is back again', 30_000);
    worker = await spawnApp({ name: 'worker-2', role: 'worker', env: pe.env });
    const strandedLeft = () => stranded.filter((p) => !wx.delivered(p.openid).some((m) => m.text?.content === `收到：${p.content}`));
    await until(() => strandedLeft().length === 0, 'replies to the pushes whose jobs Redis lost', 90_000, 500);
    for (const p of stranded) expect(wx.delivered(p.openid)).toHaveLength(1);
    expect(worker.output()).toMatch(/unanswered WeChat pushes queued again/);

    // Every booking answered 201 is in PostgreSQL, once; the inventory matches the live reservations.
    const created = bookings.filter((b) => b.status === 201);
    expect(created.length).toBeGreaterThan(10);
    expect(bookings.some((b) => b.status !== 201)).toBe(true); // some did fail while PostgreSQL was away
    const { rows } = await pe.db.query<{ code: string }>('SELECT code FROM reservations WHERE code = ANY($1)', [created.map((b) => b.code)]);
    expect(rows.length).toBe(created.length);
    const { rows: off } = await pe.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM inventory i WHERE i.room_type_id = $1 AND i.booked <> COALESCE((
         SELECT sum(r.rooms) FROM reservations r WHERE r.room_type_id = i.room_type_id AND r.status IN ('held', 'confirmed')
           AND r.check_in <= i.night AND r.check_out > i.night), 0)`,
      [roomTypeId],
    );
    expect(off[0]!.n).toBe(0);
    // Failures were 503 `unavailable` (or a connection cut), never a 500 or a wrong 4xx.
    const failed = bookings.filter((x) => x.status !== 201).map((x) => x.status);
    expect(failed.every((st) => st === 0 || st === 503), JSON.stringify(failed)).toBe(true);
    expect(failed).toContain(503);
  }, 300_000);
});
