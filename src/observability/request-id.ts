// The request id: a sane incoming X-Request-Id is kept, else one is made; it is answered back and logged on every line.
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { withLogContext } from './context.ts';

/** Printable, short, no spaces or quotes: what a load balancer or a client would send (UUIDs, trace ids). */
const SANE_ID = /^[A-Za-z0-9._:@\-]{1,128}$/;

/**
 * The request id of `header`: the caller's when it looks sane, else a new UUID.
 * @example requestIdOf(req.get('X-Request-Id')) // → 'f3b0…'
 */
export function requestIdOf(header: string | undefined): string {
  return header !== undefined && SANE_ID.test(header) ? header : randomUUID();
}

/**
 * Middleware: sets `X-Request-Id` on the response and runs the rest of the request in a log context with it.
 * Mount it first, and again after a callback-style body parser (whose stream callbacks lose the context): the
 * second time it re-enters the same id.
 * @example app.use(requestContext()); app.use(express.json()); app.use(requestContext());
 */
export function requestContext(): RequestHandler {
  return (req, res, next) => {
    let requestId = res.locals.requestId as string | undefined;
    if (requestId === undefined) {
      requestId = requestIdOf(req.get('X-Request-Id'));
      res.locals.requestId = requestId;
      res.setHeader('X-Request-Id', requestId);
    }
    withLogContext({ requestId }, () => next());
  };
}
