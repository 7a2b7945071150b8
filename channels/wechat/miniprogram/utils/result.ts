// An HTTP answer as a typed result: the data, or the server's error code (`network` when nothing came back).
import type { ApiErrorBody } from './types.js';

/** Success with the body, or failure with the catalogue code of CONTRACT.md's error body. */
export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; error: string; message?: string; details?: ApiErrorBody['details'] };

/** The result of an HTTP status and body (`status` 0: no answer). */
export function toResult<T>(status: number, body: unknown): ApiResult<T> {
  if (status >= 200 && status < 300) return { ok: true, status, data: body as T };
  if (status === 0) return { ok: false, status, error: 'network' };
  const b = (typeof body === 'object' && body !== null ? body : {}) as Partial<ApiErrorBody>;
  const error = typeof b.error === 'string' && b.error ? b.error : `http_${status}`;
  const out: ApiResult<T> = { ok: false, status, error };
  if (typeof b.message === 'string') out.message = b.message;
  if (Array.isArray(b.details)) out.details = b.details;
  return out;
}
