// The traveller's own session: `wx.login`'s code traded for our opaque token, kept with `wx.setStorageSync`.
import { httpRequest } from './http.js';
import { toResult, type ApiResult } from './result.js';
import type { Session } from './types.js';

const SESSION_KEY = 'tourdesk.session';

/** The kept session, or null. */
export function savedSession(): Session | null {
  const s = wx.getStorageSync<Session | ''>(SESSION_KEY);
  return s && typeof s === 'object' && typeof s.token === 'string' && s.token ? s : null;
}

/** Forgets the session (after a 401: the server no longer knows the token). */
export function clearSession(): void {
  wx.removeStorageSync(SESSION_KEY);
}

function wxLoginCode(): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.login({
      success: (r) => (r.code ? resolve(r.code) : reject(new Error('wx.login gave no code'))),
      fail: (e) => reject(new Error(e.errMsg)),
    });
  });
}

let inFlight: Promise<ApiResult<Session>> | null = null;

/**
 * Signs in afresh: a new `wx.login` code each time (a code is single-use, so a lost answer cannot be replayed).
 * Concurrent callers share one login.
 */
export function login(): Promise<ApiResult<Session>> {
  if (!inFlight) {
    inFlight = (async (): Promise<ApiResult<Session>> => {
      try {
        const code = await wxLoginCode();
        const answer = await httpRequest('POST', '/v1/wechat/login', { code }, {});
        const result = toResult<Session>(answer.status, answer.body);
        if (result.ok) wx.setStorageSync(SESSION_KEY, result.data);
        return result;
      } catch {
        return toResult<Session>(0, null);
      } finally {
        inFlight = null;
      }
    })();
  }
  return inFlight;
}

/** The kept session, or a new one. */
export async function ensureSession(): Promise<ApiResult<Session>> {
  const kept = savedSession();
  return kept ? { ok: true, status: 200, data: kept } : login();
}
