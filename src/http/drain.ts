// The HTTP side of a graceful stop: refuse new work, let running requests finish, then close every connection.
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { within } from '../within.ts';

/** A request listener that can be drained. */
export interface Drainable {
  /** Give this to `http.createServer`: it passes requests on until {@link drain} begins. */
  readonly listener: RequestListener;
  /** True once {@link drain} began. */
  readonly draining: boolean;
  /** Requests running now. */
  readonly inFlight: number;
  /**
   * Stops taking connections and requests (a request on a kept-alive connection gets 503 `unavailable` and the
   * connection is closed; `/readyz` answers 503, `/healthz` still 200), ends event streams (their clients
   * reconnect elsewhere), waits up to `graceMs` for running requests, then closes every connection left.
   */
  drain(server: Server, graceMs: number): Promise<void>;
}

const isPath = (req: IncomingMessage, path: string) => req.url === path || req.url?.startsWith(`${path}?`) === true;

function refuse(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Connection', 'close');
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  if (isPath(req, '/healthz')) {
    res.end(JSON.stringify({ status: 'ok' }));
    return;
  }
  res.statusCode = 503;
  res.setHeader('Retry-After', '1');
  res.end(
    JSON.stringify(
      isPath(req, '/readyz')
        ? { status: 'draining', checks: {} }
        : { error: 'unavailable', message: 'This instance is shutting down; send the request again (another instance takes it).' },
    ),
  );
}

const isEventStream = (res: ServerResponse) => /^text\/event-stream/.test(String(res.getHeader('content-type') ?? ''));

/**
 * Wraps an express app (or any listener) so that a stop can drain it.
 * @example
 * const http = drainable(app);
 * const server = createServer(http.listener).listen(3000);
 * process.once('SIGTERM', () => http.drain(server, 10_000).then(() => process.exit(0)));
 */
export function drainable(app: RequestListener): Drainable {
  const running = new Set<ServerResponse>();
  let draining = false;
  let server: Server | undefined;
  let idle: (() => void) | undefined;

  const listener: RequestListener = (req, res) => {
    // Refused ones count too: a 503 queued behind a running response on its connection must still go out.
    running.add(res);
    res.once('close', () => {
      running.delete(res);
      if (!draining) return;
      // Its connection may now be idle: close it rather than wait for its keep-alive timeout.
      server?.closeIdleConnections();
      if (running.size === 0) idle?.();
    });
    if (draining) refuse(req, res);
    else app(req, res);
  };

  return {
    listener,
    get draining() {
      return draining;
    },
    get inFlight() {
      return running.size;
    },
    async drain(s, graceMs) {
      if (draining) return;
      draining = true;
      server = s;
      const closed = new Promise<void>((resolve) => s.close(() => resolve()));
      // Running responses keep their connection until they end (a request pipelined behind one must still get its
      // 503); then each connection is closed as soon as it is idle.
      for (const res of running) if (isEventStream(res)) res.end();
      s.closeIdleConnections();
      if (running.size > 0) await within(new Promise<void>((resolve) => (idle = resolve)), graceMs);
      s.closeAllConnections();
      await closed;
    },
  };
}
