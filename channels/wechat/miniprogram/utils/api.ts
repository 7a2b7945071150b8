// The TourDesk API as the mini-program uses it: bearer token, one re-login after a 401, retries for idempotent calls.
import { httpRequest, sleep, type Method } from './http.js';
import { toResult, type ApiResult } from './result.js';
import { backoffMs, shouldRetry, type AttemptEnd } from './retry.js';
import { clearSession, ensureSession, login } from './session.js';
import type { BookingBody, Quote, Reply, Reservation, Session } from './types.js';

interface CallOptions {
  method: Method;
  path: string;
  body?: object;
  /** Send the traveller's token. */
  auth: boolean;
  /** Safe to send again after a lost answer (GETs, and bookings with their Idempotency-Key). */
  idempotent: boolean;
  header?: Record<string, string>;
}

async function attempt<T>(o: CallOptions, token: string | undefined): Promise<ApiResult<T>> {
  const header: Record<string, string> = { ...o.header };
  if (token) header.Authorization = `Bearer ${token}`;
  for (let n = 1; ; n++) {
    let result: ApiResult<T>;
    let end: AttemptEnd;
    try {
      const answer = await httpRequest(o.method, o.path, o.body, header);
      result = toResult<T>(answer.status, answer.body);
      end = { kind: 'response', status: answer.status, ...(result.ok ? {} : { error: result.error }) };
    } catch {
      result = toResult<T>(0, null);
      end = { kind: 'network' };
    }
    if (result.ok || !shouldRetry(end, n, o.idempotent)) return result;
    await sleep(backoffMs(n));
  }
}

async function call<T>(o: CallOptions): Promise<ApiResult<T>> {
  if (!o.auth) return attempt<T>(o, undefined);
  const session = await ensureSession();
  if (!session.ok) return session;
  const first = await attempt<T>(o, session.data.token);
  if (first.ok || first.status !== 401) return first;
  // The token expired or the server forgot it; a 401 wrote nothing, so one more try is safe.
  clearSession();
  const again = await login();
  return again.ok ? attempt<T>(o, again.data.token) : again;
}

/** `POST /v1/wechat/login`: a fresh session (the chat page calls it on first open). */
export function signIn(): Promise<ApiResult<Session>> {
  return ensureSession();
}

/** `POST /v1/wechat/messages`: the traveller's text (and a tapped quick reply's value) → the bot's replies. */
export function sendMessage(text: string, payload?: string): Promise<ApiResult<{ replies: Reply[] }>> {
  const body = payload === undefined ? { text } : { text, payload };
  return call({ method: 'POST', path: '/v1/wechat/messages', body, auth: true, idempotent: false });
}

/** `GET /v1/quotes/:token`: the quote behind a booking link (public: the token is the credential). */
export function getQuote(token: string): Promise<ApiResult<Quote>> {
  return call({ method: 'GET', path: `/v1/quotes/${encodeURIComponent(token)}`, auth: false, idempotent: true });
}

/** `POST /v1/reservations` with one Idempotency-Key per booking page: retried, it books at most once. */
export function book(body: BookingBody, idempotencyKey: string): Promise<ApiResult<Reservation>> {
  return call({
    method: 'POST', path: '/v1/reservations', body, auth: true, idempotent: true,
    header: { 'Idempotency-Key': idempotencyKey },
  });
}

/** `GET /v1/reservations/:code`: one of this traveller's reservations. */
export function getReservation(code: string): Promise<ApiResult<Reservation>> {
  return call({ method: 'GET', path: `/v1/reservations/${encodeURIComponent(code)}`, auth: true, idempotent: true });
}

/**
 * Tells the server the traveller accepted the confirmation notice for this reservation, so it may send one
 * subscribe message (WeChat gives no way to ask). Best effort: a failure only means no notice.
 */
export function recordSubscription(templateId: string, reservationCode: string): Promise<ApiResult<unknown>> {
  return call({
    method: 'POST', path: '/v1/wechat/subscriptions', body: { templateId, reservationCode }, auth: true, idempotent: false,
  });
}
