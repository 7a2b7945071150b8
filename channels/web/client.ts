// A Node client of the web chat socket: what tests, load runs and server-side integrations use to talk to it.
import { randomUUID } from 'node:crypto';
import { WebSocket, type ClientOptions } from 'ws';
import type { NumberedReply, ServerFrame } from './protocol.ts';
import { WS_PATH } from './protocol.ts';

/** The upgrade was answered with an HTTP status instead of a socket. */
export class ChatSocketRefused extends Error {
  constructor(readonly status: number, readonly body: string) {
    super(`the chat socket was refused with ${status}: ${body}`);
    this.name = 'ChatSocketRefused';
  }
}

/** Options of {@link openChatSocket}. */
export interface OpenChatSocketOptions {
  /** Resume after this seq (the replay sends what came after it); absent: live only. */
  lastSeq?: number;
  /** Passed to `ws` (e.g. `autoPong: false` to play a dead client). */
  ws?: ClientOptions;
}

/** An open chat socket. */
export interface ChatSocket {
  readonly ws: WebSocket;
  /** Every frame received so far, in order. */
  readonly frames: ServerFrame[];
  /** The messages received so far (replies, replays and later messages), in order of arrival. */
  messages(): NumberedReply[];
  /** Resolves with the `ready` frame (after the replay). */
  readonly ready: Promise<{ conversationId: string; lastSeq: number }>;
  /** Resolves when the socket closes, with the close code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;
  /**
   * Sends a message and resolves with its replies once the server acknowledges it.
   * @example const [reply] = await chat.say('北京 12月10日到12日 两人');
   */
  say(text: string, extra?: { id?: string; payload?: unknown; locale?: 'zh-CN' | 'en' }, timeoutMs?: number): Promise<NumberedReply[]>;
  /** The first frame (received already or yet to come, after the `from`-th) that `match` accepts. */
  next(match: (f: ServerFrame) => boolean, timeoutMs?: number, from?: number): Promise<ServerFrame>;
  close(): Promise<void>;
}

/**
 * Opens `ws(s)://…/v1/web/ws?token=…` against an http(s) base URL; rejects with {@link ChatSocketRefused} when refused.
 * @example const chat = await openChatSocket(server.url, token, { lastSeq: 0 }); await chat.ready;
 */
export function openChatSocket(baseUrl: string, token: string, opts: OpenChatSocketOptions = {}): Promise<ChatSocket> {
  const url = new URL(WS_PATH, baseUrl.replace(/^http/, 'ws'));
  url.searchParams.set('token', token);
  if (opts.lastSeq !== undefined) url.searchParams.set('lastSeq', String(opts.lastSeq));
  const ws = new WebSocket(url, opts.ws);
  const frames: ServerFrame[] = [];
  const waiters = new Set<() => void>();
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      for (const w of waiters) w();
    });
  });
  ws.on('message', (data) => {
    frames.push(JSON.parse(data.toString()) as ServerFrame);
    for (const w of waiters) w();
  });

  function next(match: (f: ServerFrame) => boolean, timeoutMs = 5_000, from = 0): Promise<ServerFrame> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = frames.slice(from).find(match);
        if (found) done(() => resolve(found));
        else if (ws.readyState === WebSocket.CLOSED) done(() => reject(new Error(`the socket closed first; frames: ${JSON.stringify(frames)}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`no matching frame within ${timeoutMs} ms; frames: ${JSON.stringify(frames)}`))), timeoutMs);
      const done = (settle: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        settle();
      };
      waiters.add(check);
      check();
    });
  }

  const messages = () => frames.filter((f): f is NumberedReply => f.type === 'message');
  const socket: ChatSocket = {
    ws,
    frames,
    messages,
    closed,
    ready: next((f) => f.type === 'ready').then((f) => f as { type: 'ready'; conversationId: string; lastSeq: number }),
    async say(text, extra = {}, timeoutMs = 10_000) {
      const id = extra.id ?? randomUUID();
      const from = frames.length;
      ws.send(JSON.stringify({ type: 'message', id, text, ...(extra.payload !== undefined && { payload: extra.payload }), ...(extra.locale && { locale: extra.locale }) }));
      const end = await next((f) => (f.type === 'ack' && f.id === id) || (f.type === 'error' && f.replyTo === id), timeoutMs, from);
      if (end.type === 'error') throw new Error(`the chat answered ${end.error}: ${end.message}`);
      const seqs = (end as { seqs: number[] }).seqs;
      const byseq = new Map(messages().map((m) => [m.seq, m]));
      return seqs.map((seq) => byseq.get(seq)!).filter(Boolean);
    },
    next,
    async close() {
      if (ws.readyState !== WebSocket.CLOSED) ws.close();
      await closed;
    },
  };
  // The ready promise may never be awaited by a caller that only wants the refusal.
  socket.ready.catch(() => undefined);

  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(socket));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      const refused = () => {
        reject(new ChatSocketRefused(res.statusCode ?? 0, body));
        ws.terminate();
      };
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', refused);
      res.on('error', refused);
    });
    // Errors after the open (or after a refusal) surface through `closed`.
    ws.on('error', () => undefined);
    ws.once('error', reject);
  });
}
