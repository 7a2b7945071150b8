// The one place where errors become HTTP answers: `{"error": CODE, "message": TEXT, "details"?}`.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { AppError } from '../errors.ts';

/** Body-parser's own errors, by their `type`, mapped to catalogue codes. */
const PARSER_ERRORS: Record<string, AppError['code']> = {
  'entity.parse.failed': 'invalid_json',
  'entity.too.large': 'payload_too_large',
  'encoding.unsupported': 'unsupported_media_type',
  'charset.unsupported': 'unsupported_media_type',
  'request.aborted': 'invalid_request',
  'request.size.invalid': 'invalid_request',
};

/** Connection errors of the database or Redis (refused, lost, the server shutting down): a 503, not a 500. */
const AWAY_CODES = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|57P0[123]|08\d{3})$/;
const AWAY_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Connection is closed|max retries per request/i;
const isAway = (err: { code?: unknown; name?: unknown; message?: unknown } | null | undefined): boolean =>
  (typeof err?.code === 'string' && AWAY_CODES.test(err.code)) || err?.name === 'MaxRetriesPerRequestError' || AWAY_MESSAGES.test(String(err?.message ?? ''));

/** Renders every error; unknown ones become a 500 without internals. */
export function errorHandler(log: (err: unknown, req: unknown) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let e: AppError;
    if (err instanceof AppError) e = err;
    else if (err instanceof ZodError) e = new AppError('invalid_request', err.issues[0]?.message ?? 'Invalid request.', err.issues);
    else if (typeof err?.type === 'string' && PARSER_ERRORS[err.type]) e = new AppError(PARSER_ERRORS[err.type]!);
    else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) e = new AppError('invalid_request', err.message);
    else if (isAway(err)) {
      log(err, req);
      e = new AppError('unavailable');
      if (!res.headersSent) res.setHeader('Retry-After', '1');
    } else {
      log(err, req);
      e = new AppError('internal');
    }
    if (res.headersSent) return;
    const body: Record<string, unknown> = { error: e.code, message: e.message };
    if (e.details !== undefined) body.details = e.details;
    res.status(e.status).json(body);
  };
}

/** 404 for any path no router took. */
export const notFound: RequestHandler = (_req, _res, next) => next(new AppError('not_found', 'No such endpoint.'));
