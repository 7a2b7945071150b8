// The chat's WebSocket endpoint on an http.Server: token checked before the upgrade, keep-alive pings, clean close.
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { errorCatalogue, type ErrorCode } from '../../../src/errors.ts';
import type { Services } from '../../../src/services.ts';
import { webTraveller } from '../auth.ts';
import { CLOSE, MAX_FRAME_BYTES, WS_PATH } from '../protocol.ts';
import { defaultLimits, serveConnection, type ConnectionLimits } from './connection.ts';

/** Options of {@link attachWebChat}. */
export interface WebChatOptions {
  /** How often each socket is pinged; one that has not answered the previous ping by then is dropped. Default 30 s. */
  pingIntervalMs?: number;
  /** Largest frame a client may send. Default {@link MAX_FRAME_BYTES}. */
  maxFrameBytes?: number;
  limits?: Partial<ConnectionLimits>;
}

/** The attached endpoint. */
export interface WebChatEndpoint {
  /** Open sockets. */
  readonly connections: number;
  /** Stops taking sockets and closes the open ones (1001), so the http.Server can close. */
  close(): Promise<void>;
}

/** Answers an upgrade request with a plain HTTP error (the contract's JSON error body) and hangs up. */
function refuse(socket: Duplex, status: number, code: ErrorCode, message: string = errorCatalogue[code].message): void {
  const body = JSON.stringify({ error: code, message });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Browsers cannot set headers on a WebSocket, so the token comes in the query; other clients may use the header. */
function bearerOf(req: IncomingMessage): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

/** `?lastSeq=N`: null when absent, undefined when malformed. */
function lastSeqOf(url: URL): number | null | undefined {
  const raw = url.searchParams.get('lastSeq');
  if (raw === null || raw === '') return null;
  return /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
}

/**
 * Serves `GET /v1/web/ws?token=…[&lastSeq=N]` on `server`'s `upgrade` event. A missing or bad token is refused with
 * 401 (a token of another channel with 403) before any WebSocket exists.
 * @example const chat = attachWebChat(server, services); // on shutdown: await chat.close(); server.close();
 */
export function attachWebChat(server: Server, s: Services, opts: WebChatOptions = {}): WebChatEndpoint {
  const limits: ConnectionLimits = { ...defaultLimits, ...opts.limits };
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxFrameBytes ?? MAX_FRAME_BYTES, perMessageDeflate: false });
  const alive = new WeakMap<WebSocket, boolean>();

  async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== WS_PATH) {
      // Another endpoint's socket: leave it to its own listener, if there is one.
      if (server.listenerCount('upgrade') === 1) refuse(socket, 404, 'not_found', 'No such endpoint.');
      return;
    }
    const onSocketError = () => socket.destroy();
    socket.on('error', onSocketError);
    const who = await webTraveller(s, url.searchParams.get('token') ?? bearerOf(req));
    if ('refused' in who) return refuse(socket, who.refused === 'forbidden' ? 403 : 401, who.refused);
    const lastSeq = lastSeqOf(url);
    if (lastSeq === undefined) return refuse(socket, 400, 'invalid_request', 'lastSeq must be a whole number.');
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off('error', onSocketError);
      alive.set(ws, true);
      ws.on('pong', () => alive.set(ws, true));
      serveConnection(ws, s, who, lastSeq, limits);
    });
  }
  const listener = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    onUpgrade(req, socket, head).catch((err: unknown) => {
      s.logger.error({ err }, 'web chat upgrade failed');
      refuse(socket, 500, 'internal');
    });
  };
  server.on('upgrade', listener);

  // A socket that died without a FIN (a phone that lost its network) is found here, not by TCP.
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, opts.pingIntervalMs ?? 30_000);
  heartbeat.unref();

  return {
    get connections() {
      return wss.clients.size;
    },
    async close() {
      server.off('upgrade', listener);
      clearInterval(heartbeat);
      const open = [...wss.clients];
      for (const ws of open) ws.close(CLOSE.goingAway, 'server shutting down');
      // A client that does not answer the close handshake is cut off.
      await Promise.race([
        Promise.all(open.map((ws) => new Promise<void>((resolve) => (ws.readyState === ws.CLOSED ? resolve() : ws.once('close', () => resolve()))))),
        new Promise<void>((resolve) => setTimeout(resolve, 1_000).unref()),
      ]);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
