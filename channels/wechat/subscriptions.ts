// Booking confirmation notices (WeChat subscribe messages): a traveller's accept recorded, one message once confirmed.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { isReservationCode, type Actor } from '../../src/booking/index.ts';
import type { Unsubscribe } from '../../src/bot/events/index.ts';
import { RESERVATION_CHANGES_TOPIC } from '../../src/compose.ts';
import { AppError } from '../../src/errors.ts';
import { traveller } from '../../src/http/auth.ts';
import { parse } from '../../src/http/validate.ts';
import type { JobQueue } from '../../src/jobs/index.ts';
import type { Logger } from '../../src/logger.ts';
import type { Services } from '../../src/services.ts';
import { WechatApiError, type SubscribeMessage, type WechatClient } from './client.ts';

/** The job that sends one accepted notice: `{ id }` of its wechat_subscriptions row. */
export const SUBSCRIBE_SEND_JOB = 'wechat-subscribe-send';
/** The periodic job that sends notices whose confirmation event was missed (a restart, a Redis hiccup). */
export const SUBSCRIBE_SWEEP_JOB = 'wechat-subscribe-sweep';

/** What a confirmation notice says. */
export interface ConfirmationFacts {
  code: string;
  hotelName: string;
  /** `YYYY-MM-DD`. */
  checkIn: string;
  checkOut: string;
  /** In fen. */
  total: number;
}

/** Options of the notices; the defaults suit a template with the keys of {@link confirmationData}. */
export interface NoticeOptions {
  /** The page the notice opens; default `pages/bookings/index` (the traveller's bookings). */
  page?: string;
  /** The template's `data`; its keys must be the template's own (WECHAT.md §5). Default {@link confirmationData}. */
  data?: (facts: ConfirmationFacts) => SubscribeMessage['data'];
  /** How often notices whose confirmation event was missed are looked for; default one minute. */
  sweepEveryMs?: number;
}

/** Tries of one notice (a busy WeChat, no answer) before it counts as failed. */
const MAX_TRIES = 5;
/** How long a worker may take to send a notice it claimed before another may try. */
const LEASE_MS = 2 * 60_000;

export const acceptBody = z
  .object({
    // Template ids are base64url-like (e.g. `4WAZ0yFrO3v3dT8gRmLU1tB6bIbFQ9GOnhvHbCFbJmk`); no allow-list: WeChat
    // refuses one this mini-program does not own (40037), and a traveller can only ever notify themselves.
    templateId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a template id: 1 to 64 letters, digits, - or _'),
    reservationCode: z.string().refine(isReservationCode, 'must be a reservation code such as TD7K4Q2P').transform((c) => c.toUpperCase()),
  })
  .strict();

const changeEvent = z.object({ code: z.string(), status: z.string() });

/** At most `max` characters (not UTF-16 units): `thing` values allow 20 (WECHAT.md §5). */
function clip(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/** `2026-12-10` → `2026年12月10日`, the `date` form of WeChat's examples. */
function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/**
 * The default `data` of a confirmation notice: reservation code, hotel, check-in, check-out, total.
 * @example confirmationData({ code: 'TD7K4Q2P', hotelName: '京伦饭店', checkIn: '2026-12-10', checkOut: '2026-12-12', total: 112000 })
 * // { character_string1: { value: 'TD7K4Q2P' }, thing2: { value: '京伦饭店' }, date3: { value: '2026年12月10日' },
 * //   date4: { value: '2026年12月12日' }, amount5: { value: '¥1120.00' } }
 */
export function confirmationData(f: ConfirmationFacts): SubscribeMessage['data'] {
  return {
    character_string1: { value: f.code },
    thing2: { value: clip(f.hotelName, 20) },
    date3: { value: chineseDate(f.checkIn) },
    date4: { value: chineseDate(f.checkOut) },
    amount5: { value: `¥${(f.total / 100).toFixed(2)}` },
  };
}

/** The confirmation notices of the channel. */
export interface SubscriptionNotices {
  /** `POST /subscriptions {templateId, reservationCode}` with a WeChat traveller token. */
  accept: RequestHandler;
  /** Registers the send job and the sweep; call before `jobs.start()`. */
  registerJobs(jobs: JobQueue): void;
  /** Stops listening for confirmations. */
  close(): void;
}

interface Claimed {
  traveller_id: string;
  template_id: string;
  attempts: number;
  code: string;
  check_in: string;
  check_out: string;
  total: number;
  hotel_name: string;
}

/**
 * Records accepts and sends each one's notice once its reservation is confirmed: at once when it already is (a
 * pay-at-hotel booking), else when staff confirm it (the `reservation-changes` event), with a sweep behind both.
 * A worker claims a row before sending, so a notice goes out once however often it is asked for; a retry after
 * no answer at all could reach WeChat twice, where the single accept lets only one through (43101).
 */
export function subscriptionNotices(d: { services: Services; client: WechatClient; log: Logger; options?: NoticeOptions }): SubscriptionNotices {
  const { services: s, client, log } = d;
  const page = d.options?.page ?? 'pages/bookings/index';
  const dataOf = d.options?.data ?? confirmationData;

  const enqueue = async (id: string, jobId?: string): Promise<void> => {
    await s.jobs.enqueue(SUBSCRIBE_SEND_JOB, { id }, { attempts: MAX_TRIES, ...(jobId && { jobId }) });
  };

  /** Queues the pending notices of a confirmed reservation. */
  const sendPendingOf = async (code: string): Promise<void> => {
    const { rows } = await s.db.query<{ id: string }>(
      `SELECT w.id FROM wechat_subscriptions w JOIN reservations r ON r.id = w.reservation_id
       WHERE r.code = $1 AND r.status = 'confirmed' AND w.status = 'pending'`,
      [code],
    );
    for (const { id } of rows) await enqueue(id, `subscribe-${id}`);
  };

  const accept: RequestHandler = async (req, res) => {
    const p = traveller(res);
    if (p.channel !== 'wechat') throw new AppError('forbidden', 'This token is not a WeChat traveller token; sign in with POST /v1/wechat/login.');
    const body = parse(acceptBody, req.body);
    const actor: Actor = { kind: 'traveller', travellerId: p.travellerId, channel: p.channel, tenantId: p.tenantId };
    const r = await s.booking.get(body.reservationCode, actor); // not_found unless it is this traveller's
    if (r.status === 'cancelled' || r.status === 'expired') {
      throw new AppError('conflict', `Reservation ${r.code} is ${r.status}: no confirmation notice will follow.`);
    }
    const inserted = await s.db.query<{ id: string; status: string }>(
      `INSERT INTO wechat_subscriptions (traveller_id, template_id, reservation_id, created_at)
       SELECT $1, $2, r.id, $4 FROM reservations r WHERE r.code = $3
       ON CONFLICT (reservation_id, template_id) DO NOTHING RETURNING id, status`,
      [p.travellerId, body.templateId, r.code, s.clock.now()],
    );
    // Read after the row is written: a confirmation committed meanwhile either found the row or is seen here.
    const { rows } = await s.db.query<{ id: string; status: string; reservation_status: string }>(
      `SELECT w.id, w.status, r.status AS reservation_status FROM wechat_subscriptions w
       JOIN reservations r ON r.id = w.reservation_id WHERE r.code = $1 AND w.template_id = $2`,
      [r.code, body.templateId],
    );
    const row = rows[0]!;
    if (row.status === 'pending' && row.reservation_status === 'confirmed') {
      // Recorded either way: should the queue be away, the sweep sends it.
      await enqueue(row.id, `subscribe-${row.id}`).catch((err: unknown) => log.warn({ err }, 'a confirmation notice could not be queued'));
    }
    res.status(inserted.rowCount ? 201 : 200).json({ reservationCode: r.code, templateId: body.templateId, status: row.status });
  };

  const fail = (id: string, why: string) =>
    s.db.query(`UPDATE wechat_subscriptions SET status = 'failed', claimed_until = NULL, last_error = $2 WHERE id = $1`, [id, why]);

  const send = async ({ id }: { id: string }): Promise<void> => {
    const now = s.clock.now();
    const { rows } = await s.db.query<Claimed>(
      `UPDATE wechat_subscriptions w SET claimed_until = $2, attempts = w.attempts + 1
       FROM reservations r JOIN hotels h ON h.id = r.hotel_id
       WHERE w.id = $1 AND r.id = w.reservation_id AND w.status = 'pending' AND r.status = 'confirmed'
         AND (w.claimed_until IS NULL OR w.claimed_until <= $3)
       RETURNING w.traveller_id, w.template_id, w.attempts, r.code, r.check_in, r.check_out, r.total, h.name AS hotel_name`,
      [id, new Date(now.getTime() + LEASE_MS), now],
    );
    const n = rows[0];
    if (!n) return; // sent, failed, being sent, or not (or no longer) confirmed
    const openid = n.traveller_id.slice('wechat:'.length);
    try {
      const data = dataOf({ code: n.code, hotelName: n.hotel_name, checkIn: n.check_in, checkOut: n.check_out, total: Number(n.total) });
      await client.sendSubscribeMessage(openid, { template_id: n.template_id, page, data });
    } catch (err) {
      const why = err instanceof WechatApiError ? `${err.errcode} ${err.errmsg}` : String(err);
      if (err instanceof WechatApiError && !err.transient) {
        // 43101: the traveller turned notices off (or has no accept left); 40037, 47003, 41030: the template or page.
        log.warn({ reservation: n.code, errcode: err.errcode, errmsg: err.errmsg }, 'WeChat refused a confirmation notice; not retried');
        await fail(id, why);
        return;
      }
      if (n.attempts >= MAX_TRIES) {
        log.error({ err, reservation: n.code }, 'a confirmation notice failed on every try');
        await fail(id, why);
        return;
      }
      await s.db.query('UPDATE wechat_subscriptions SET claimed_until = NULL, last_error = $2 WHERE id = $1', [id, why]);
      throw err; // the job tries again later
    }
    await s.db.query(
      `UPDATE wechat_subscriptions SET status = 'sent', sent_at = $2, claimed_until = NULL, last_error = NULL WHERE id = $1`,
      [id, now],
    );
  };

  /** Pending notices of confirmed reservations that no worker holds: their event was missed. */
  const sweep = async (): Promise<void> => {
    const { rows } = await s.db.query<{ id: string }>(
      `SELECT w.id FROM wechat_subscriptions w JOIN reservations r ON r.id = w.reservation_id
       WHERE w.status = 'pending' AND r.status = 'confirmed' AND (w.claimed_until IS NULL OR w.claimed_until <= $1)
       ORDER BY w.created_at LIMIT 200`,
      [s.clock.now()],
    );
    // No job id: an earlier job of the same row may be kept as done; the claim keeps the notice single.
    for (const { id } of rows) await enqueue(id);
  };

  const off: Unsubscribe = s.events.subscribe(RESERVATION_CHANGES_TOPIC, (event) => {
    const e = changeEvent.safeParse(event);
    if (!e.success || e.data.status !== 'confirmed') return;
    sendPendingOf(e.data.code).catch((err: unknown) => log.warn({ err, reservation: e.data.code }, 'confirmation notices could not be queued'));
  });

  return {
    accept,
    registerJobs(jobs) {
      jobs.handle(SUBSCRIBE_SEND_JOB, send, { concurrency: 4 });
      jobs.handle(SUBSCRIBE_SWEEP_JOB, sweep);
      jobs.repeat(SUBSCRIBE_SWEEP_JOB, d.options?.sweepEveryMs ?? 60_000).catch((err: unknown) => log.error({ err }, 'the notice sweep could not be scheduled'));
    },
    close: () => off(),
  };
}
