// WeChat customer-service messages under the conformance suite: signed safe-mode pushes in, custom/send calls out.
import { randomBytes, randomInt } from 'node:crypto';
import { aesKeyOf, encryptMessage } from '../../../channels/wechat/crypto.ts';
import { pushKey, WECHAT_TURN_JOB, wechatChannel, wechatSignature, type WechatChannel } from '../../../channels/wechat/index.ts';
import { actionTitles } from '../../../flows/texts.ts';
import type { HotelCard, Reply, ReplyAction } from '../../../src/bot/index.ts';
import { jobDefaults, type HandleOptions, type JobHandler, type JobQueue } from '../../../src/jobs/index.ts';
import { formatCny, type Money } from '../../../src/money.ts';
import { PATHS } from '../../support/fake-wechat.ts';
import type { ChannelDriver, ChannelHarness } from '../channel.case.ts';
import { startWechatPlatform, type WechatPlatform } from './wechat-platform.ts';

/** The mini-program's original id (`ToUserName` of every push). */
const ORIGINAL_ID = 'gh_7d0c0f5e1a2b';
/** Longest wait for one push's `wechat-turn` job. */
const TURN_TIMEOUT_MS = 20_000;

let platform: WechatPlatform | undefined;

// ---- Pushes as WeChat sends them in safe mode ----

type Format = 'json' | 'xml';

/** A push document; `MsgId` and `CreateTime` are bare numbers, as WeChat writes them (MsgId exceeds 2^53). */
function document(format: Format, fields: Record<string, string>, numeric: readonly string[] = []): string {
  const bare = (k: string) => numeric.includes(k);
  if (format === 'xml') {
    return `<xml>${Object.entries(fields).map(([k, v]) => (bare(k) ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${v}]]></${k}>`)).join('')}</xml>`;
  }
  return `{${Object.entries(fields).map(([k, v]) => `${JSON.stringify(k)}:${bare(k) ? v : JSON.stringify(v)}`).join(',')}}`;
}

/** The URL query and body of a text push in safe mode: the document encrypted, `msg_signature` over its Encrypt. */
function safeModePush(p: WechatPlatform, format: Format, inner: string, openid: string, timestamp: string) {
  const encrypt = encryptMessage(inner, { aesKey: aesKeyOf(p.encodingAesKey), appId: p.appId });
  const nonce = String(randomInt(1e9));
  const query = new URLSearchParams({
    signature: wechatSignature(p.token, timestamp, nonce), timestamp, nonce, openid,
    encrypt_type: 'aes', msg_signature: wechatSignature(p.token, timestamp, nonce, encrypt),
  });
  return { query, body: document(format, { ToUserName: ORIGINAL_ID, Encrypt: encrypt }), type: format === 'json' ? 'application/json' : 'text/xml' };
}

// ---- Each wechat-turn job, reported when it ends ----

/**
 * Runs the channel's worker on the app's queue as the app would (`registerJobs`, then `jobs.start()`), with every
 * `wechat-turn` job reported when its handler returns (or fails for good), so a push's replies are all in.
 */
function turnTracker(jobs: JobQueue) {
  const waiting = new Map<string, { resolve: () => void; reject: (err: unknown) => void }>();
  const settle = (id: string, err?: unknown) => {
    const w = waiting.get(id);
    waiting.delete(id);
    if (err === undefined) w?.resolve();
    else w?.reject(err);
  };
  const tracked = <T>(handler: JobHandler<T>): JobHandler<T> => async (data, job) => {
    try {
      await handler(data, job);
    } catch (err) {
      if (job.attempt >= jobDefaults.attempts) settle(job.id, err);
      throw err;
    }
    settle(job.id);
  };
  const queue: JobQueue = {
    driver: jobs.driver,
    handle<T>(name: string, handler: JobHandler<T>, options?: HandleOptions) {
      jobs.handle(name, name === WECHAT_TURN_JOB ? tracked(handler) : handler, options);
    },
    enqueue: (name, data, options) => jobs.enqueue(name, data, options),
    repeat: (name, everyMs) => jobs.repeat(name, everyMs),
    start: () => jobs.start(),
    ping: () => jobs.ping(),
    counts: () => jobs.counts(),
    close: () => jobs.close(),
  };
  return {
    queue,
    /** Resolves when job `id` has run; call before the push is sent. */
    finished(id: string): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`the wechat-turn job ${id} did not finish within ${TURN_TIMEOUT_MS / 1000} s`));
        }, TURN_TIMEOUT_MS);
        waiting.set(id, {
          resolve: () => (clearTimeout(timer), resolve()),
          reject: (err) => (clearTimeout(timer), reject(err)),
        });
      });
    },
  };
}

// ---- custom/send bodies back to Replies ----

const TIERS: Record<string, HotelCard['tier']> = { 经济: 'budget', 舒适: 'comfort', 豪华: 'luxury', Budget: 'budget', Comfort: 'comfort', Luxury: 'luxury' };
const LIST_HEADINGS = ['为您推荐（点下方卡片即可预订）：', 'Recommended (tap a card below to book):'];
const ACTION_HEADINGS = ['请回复数字选择：', 'Reply with a number:'];

/** A line of the tiered list: "· 【经济】如家 ¥320/晚，共¥640" or "· Budget: Home Inn — ¥320/night, ¥640 in total". */
function hotelLine(line: string): { tier: HotelCard['tier']; name: string; perNight: string; total: string } | null {
  const m = /^· 【(经济|舒适|豪华)】(.+) (¥[\d,.]+)\/晚，共(¥[\d,.]+)$/.exec(line) ?? /^· (Budget|Comfort|Luxury): (.+) — (¥[\d,.]+)\/night, (¥[\d,.]+) in total$/.exec(line);
  return m ? { tier: TIERS[m[1]!]!, name: m[2]!, perNight: m[3]!, total: m[4]! } : null;
}

/** The blocks of one text message: the numbered quick replies become actions whose value is the number to type. */
function readText(content: string): { actions: ReplyAction[]; lines: NonNullable<ReturnType<typeof hotelLine>>[] } {
  const actions: ReplyAction[] = [];
  const lines: NonNullable<ReturnType<typeof hotelLine>>[] = [];
  for (const block of content.split('\n\n')) {
    const [head, ...rest] = block.split('\n');
    if (ACTION_HEADINGS.includes(head!)) {
      for (const l of rest) {
        const m = /^(\d+)\. (.+)$/.exec(l);
        if (m) actions.push({ title: m[2]!, value: m[1]! });
      }
    } else if (LIST_HEADINGS.includes(head!)) {
      for (const l of rest) {
        const line = hotelLine(l);
        if (!line) throw new Error(`a line of the hotel list does not read as one: "${l}"`);
        lines.push(line);
      }
    }
  }
  return { actions, lines };
}

interface Quote {
  hotelId: string;
  hotelName: string;
  roomTypeId: string;
  roomName: string;
  pricePerNight: Money;
  total: Money;
}

/**
 * The Replies a traveller reads in WeChat: one per text message (its words, the tiered list, the numbered choices),
 * the list's hotels as HotelCards made from the mini-program cards below it. A card carries only a title and the
 * booking page with a quote token: the card is what that page shows (`GET /v1/quotes/:token`, as the mini-program
 * loads it), its tier is the list's, and its booking link is the web link of the same quote. The card, its list
 * line and its quote must agree, or this throws.
 */
async function toReplies(h: ChannelHarness, sent: any[]): Promise<Reply[]> {
  const replies: Array<Reply & { lines: NonNullable<ReturnType<typeof hotelLine>>[] }> = [];
  const pages: Array<{ title: string; pagepath: string }> = [];
  for (const m of sent) {
    if (m.msgtype === 'text') {
      const { actions, lines } = readText(m.text.content);
      replies.push({ type: 'message', text: m.text.content, ...(actions.length && { actions }), lines });
    } else if (m.msgtype === 'miniprogrampage') pages.push(m.miniprogrampage);
    else throw new Error(`an unexpected custom/send message: ${JSON.stringify(m)}`);
  }
  const lines = replies.flatMap((r) => r.lines.map((line) => ({ r, line })));
  if (pages.length !== lines.length) throw new Error(`${lines.length} hotels listed but ${pages.length} mini-program cards sent`);
  for (const [i, page] of pages.entries()) {
    const token = /^pages\/booking\/index\?token=([A-Za-z0-9_-]{8,64})$/.exec(page.pagepath)?.[1];
    if (!token) throw new Error(`card "${page.title}" does not open the booking page with a quote token: ${page.pagepath}`);
    const res = await fetch(`${h.url}/v1/quotes/${token}`);
    if (res.status !== 200) throw new Error(`card "${page.title}" opens quote ${token}, which answers ${res.status}`);
    const q = (await res.json()) as Quote;
    const { r, line } = lines[i]!;
    const shown = [line.name, line.perNight, line.total].join(' ');
    const quoted = [q.hotelName, formatCny(q.pricePerNight), formatCny(q.total)].join(' ');
    if (shown !== quoted || !page.title.startsWith(q.hotelName)) {
      throw new Error(`card ${i + 1} does not match its quote: listed "${shown}", titled "${page.title}", quoted "${quoted}"`);
    }
    (r.cards ??= []).push({
      kind: 'hotel', tier: line.tier, hotelId: q.hotelId, roomTypeId: q.roomTypeId, name: q.hotelName, roomName: q.roomName,
      pricePerNight: q.pricePerNight, total: q.total, bookingUrl: `${h.app.services.publicUrl()}/b/${token}`,
    });
  }
  return replies.map(({ lines: _, ...r }) => r);
}

/** What the traveller types for a tapped quick reply: its number, or for a confirm/decline value the matching choice. */
function typedFor(payload: unknown, offered: ReplyAction[]): string {
  if (typeof payload === 'string') {
    const chosen = offered.findIndex((a) => a.value === payload);
    if (chosen >= 0) return String(chosen + 1);
    const kind = /^(confirm|decline):/.exec(payload)?.[1] as 'confirm' | 'decline' | undefined;
    if (kind) {
      const titles = (['zh-CN', 'en'] as const).flatMap((l) => [actionTitles(l, 'book')[kind], actionTitles(l, 'cancel')[kind]]);
      const n = offered.findIndex((a) => titles.includes(a.title));
      return n >= 0 ? String(n + 1) : kind === 'confirm' ? '确认' : '先不订';
    }
  }
  throw new Error(`customer-service messages carry only what the traveller types; no choice offered reads as ${JSON.stringify(payload)}`);
}

/**
 * A traveller writing to the mini-program's customer service: each message is pushed to `/v1/wechat/callback` as
 * WeChat does in safe mode (encrypted, `msg_signature`), alternately JSON and XML; the driver waits for the push's
 * `wechat-turn` job to finish and reads the replies back from the `custom/send` calls the fake WeChat API received
 * (which checked the access token and every body).
 */
export const driver: ChannelDriver = {
  name: 'wechat push (customer-service messages, safe mode)',
  channel: 'wechat',
  richCards: true,
  async env() {
    platform = await startWechatPlatform();
    return platform.env;
  },
  async start(h) {
    const p = platform!;
    // The app under the suite does not run its workers: this runs the channel's, with its turns tracked.
    const tracker = turnTracker(h.app.services.jobs);
    const worker: WechatChannel = wechatChannel(h.app.services);
    worker.registerJobs(tracker.queue);
    await h.app.services.jobs.start();

    const openid = `o${randomBytes(12).toString('base64url')}`;
    let msgId = 6_054_768_590_064_713_728n + BigInt(randomInt(1e9));
    let turns = 0;
    let offered: ReplyAction[] = [];
    return {
      async say(text, payload) {
        const content = payload === undefined ? text : typedFor(payload, offered);
        const format: Format = turns++ % 2 === 0 ? 'json' : 'xml';
        const createTime = String(Math.floor(h.app.clock.now().getTime() / 1000));
        const id = String(++msgId);
        const fields = { ToUserName: ORIGINAL_ID, FromUserName: openid, CreateTime: createTime, MsgType: 'text', Content: content, MsgId: id };
        const push = safeModePush(p, format, document(format, fields, ['CreateTime', 'MsgId']), openid, createTime);
        const from = p.wx.calls.length;
        const finished = tracker.finished(pushKey({ kind: 'text', openid, toUserName: ORIGINAL_ID, createTime, msgId: id, content }));
        const res = await fetch(`${h.url}/v1/wechat/callback?${push.query}`, { method: 'POST', headers: { 'content-type': push.type }, body: push.body });
        const answer = await res.text();
        if (res.status !== 200 || answer !== 'success') {
          finished.catch(() => undefined);
          throw new Error(`the push was answered ${res.status} "${answer}", not "success"`);
        }
        await finished;
        p.assertWellFormed();
        const calls = p.wx.calls.slice(from).filter((c) => c.path === PATHS.send && c.body?.touser === openid);
        // A stale token (40001, 42001) or a busy WeChat (-1, 5xx) is tried again by the client; anything else lost a reply.
        const lost = calls.filter((c) => c.status < 500 && ![0, -1, 40001, 42001].includes(Number(c.answer.errcode)));
        if (lost.length) throw new Error(`custom/send refused: ${lost.map((c) => JSON.stringify(c.answer)).join(', ')}`);
        const delivered = calls.filter((c) => c.status === 200 && c.answer.errcode === 0);
        const replies = await toReplies(h, delivered.map((c) => c.body));
        offered = replies.flatMap((r) => r.actions ?? []);
        return replies;
      },
      async close() {
        await worker.close();
      },
    };
  },
  async stop() {
    await platform?.close();
    platform = undefined;
  },
};
