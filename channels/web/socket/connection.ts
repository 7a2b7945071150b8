// One chat socket: replay what the client missed, then live replies and later messages; the client's frames in order.
import { WebSocket, type RawData } from 'ws';
import { ZodError } from 'zod';
import { conversationTopic } from '../../../src/bot/index.ts';
import { AppError } from '../../../src/errors.ts';
import type { TravellerPrincipal } from '../../../src/security/index.ts';
import type { Services } from '../../../src/services.ts';
import { answersTo, latestSeq } from '../outbox.ts';
import { clientFrame, CLOSE, type MessageFrame, type ServerFrame } from '../protocol.ts';
import { webTurn } from '../turn.ts';
import { Delivery } from './delivery.ts';

/** Limits of one connection. */
export interface ConnectionLimits {
  /** Messages received but not yet answered; one more closes the socket. */
  maxPending: number;
  /** Frames per {@link framesWindowMs}; one more closes the socket. */
  maxFrames: number;
  framesWindowMs: number;
  settleMs?: number;
}

/** Defaults of {@link ConnectionLimits}: a person types far slower. */
export const defaultLimits: ConnectionLimits = { maxPending: 5, maxFrames: 60, framesWindowMs: 10_000 };

/**
 * Serves one accepted socket of `traveller`'s conversation until it closes. `lastSeq` is what the client said it had
 * seen (replayed from there); null starts live, with nothing replayed.
 * @example wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws, services, traveller, lastSeq, defaultLimits));
 */
export function serveConnection(ws: WebSocket, s: Services, traveller: TravellerPrincipal, lastSeq: number | null, limits: ConnectionLimits): void {
  const { conversationId } = traveller;
  const log = s.logger.child({ channel: 'web', conversationId });
  const send = (frame: ServerFrame) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
  };
  const broken = (err: unknown) => {
    // The client reconnects with its last seq and the replay fills the gap, so closing loses nothing.
    log.error({ err }, 'web chat delivery failed');
    ws.close(CLOSE.internalError, 'internal error');
  };

  let delivery: Delivery | undefined;
  const unsubscribe = s.events.subscribe(conversationTopic(conversationId), () => {
    delivery?.flush().catch(broken);
  });
  // Subscribed before the starting point is read, so nothing published in between is missed.
  const started = (async () => {
    await unsubscribe.ready;
    delivery = new Delivery(
      { db: s.db, keys: s.keys, conversationId, send, settleMs: limits.settleMs },
      lastSeq ?? (await latestSeq(s.db, conversationId)),
    );
    await delivery.flush();
    send({ type: 'ready', conversationId, lastSeq: delivery.mark });
  })();
  started.catch(broken);

  async function turn(m: MessageFrame): Promise<void> {
    // Not started before the socket closed: the client still holds it unacknowledged and resends it, id and all.
    if (ws.readyState !== WebSocket.OPEN) return;
    // The traveller's message budget is the same over the socket as over HTTP (RATE_LIMIT_TRAVELLER_PER_MINUTE).
    const allowed = await s.limits.traveller(traveller.travellerId);
    if (!allowed.allowed) {
      s.metrics.rateLimited.inc({ scope: 'traveller' });
      const retryAfter = Math.max(1, Math.ceil(allowed.retryAfterMs / 1000));
      send({ type: 'error', error: 'rate_limited', message: `Too many messages; send again in ${retryAfter} s.`, details: { retryAfter }, ...(m.id && { replyTo: m.id }) });
      return;
    }
    try {
      await webTurn(s, traveller, m);
    } catch (err) {
      // A message the turn's own schema refuses (a payload nested too deeply) is the sender's error, as over HTTP.
      const e = err instanceof AppError ? err
        : err instanceof ZodError ? new AppError('invalid_request', err.issues[0]?.message ?? 'Invalid message.')
          : new AppError('internal');
      if (e.code === 'internal') log.error({ err }, 'web chat turn failed');
      send({ type: 'error', error: e.code, message: e.message, ...(m.id && { replyTo: m.id }) });
      return;
    }
    const d = delivery!;
    await d.flush();
    const seqs: number[] = [];
    if (m.id) {
      // A resend: its first answer may have gone to an earlier socket; the same seqs again, the client keeps one.
      for (const r of await answersTo(s.db, s.keys, conversationId, m.id)) {
        d.offer(r);
        seqs.push(r.seq);
      }
    }
    send({ type: 'ack', id: m.id ?? null, seqs });
  }

  let queue: Promise<void> = started.catch(() => undefined);
  let pending = 0;
  let frames = 0;
  let windowStart = Date.now();

  ws.on('message', (data: RawData, isBinary: boolean) => {
    const now = Date.now();
    if (now - windowStart > limits.framesWindowMs) {
      windowStart = now;
      frames = 0;
    }
    if (++frames > limits.maxFrames) return ws.close(CLOSE.policyViolation, 'too many frames');
    if (isBinary) return ws.close(CLOSE.unsupportedData, 'frames must be JSON text');
    let json: unknown;
    try {
      json = JSON.parse(data.toString());
    } catch {
      return ws.close(CLOSE.invalidPayload, 'frames must be JSON text');
    }
    const frame = clientFrame.safeParse(json);
    if (!frame.success) {
      send({ type: 'error', error: 'invalid_request', message: frame.error.issues[0]?.message ?? 'invalid frame', details: frame.error.issues });
      return ws.close(CLOSE.policyViolation, 'invalid frame');
    }
    if (frame.data.type === 'ping') return send({ type: 'pong' });
    if (++pending > limits.maxPending) return ws.close(CLOSE.policyViolation, 'too many messages in flight');
    const m = frame.data;
    // One at a time and in order, so replies keep the order of the questions. A turn under way when the socket
    // closes still finishes: its answer waits in the transcript for the replay.
    queue = queue
      .then(() => turn(m))
      .catch(broken)
      .finally(() => {
        pending--;
      });
  });

  ws.on('close', () => unsubscribe());
  ws.on('error', (err) => log.debug({ err }, 'web chat socket error'));
}
