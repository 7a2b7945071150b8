// The web chat's wire protocol: what a client may send (HTTP body and WebSocket frame), what the server sends back.
import { z } from 'zod';
import type { Reply } from '../../src/bot/index.ts';
import type { ErrorCode } from '../../src/errors.ts';

/** Where the chat's WebSocket is served. */
export const WS_PATH = '/v1/web/ws';

/** Largest WebSocket frame a client may send; a larger one closes the socket with 1009. 4,000 Chinese characters fit. */
export const MAX_FRAME_BYTES = 16 * 1024;

/** Close codes the server uses (RFC 6455 §7.4.1). */
export const CLOSE = {
  goingAway: 1001,
  unsupportedData: 1003,
  invalidPayload: 1007,
  policyViolation: 1008,
  tooBig: 1009,
  internalError: 1011,
} as const;

/** The client's own id of a message: a resend with the same id is answered once, the same way. */
export const clientMessageId = z.string().trim().min(1).max(128);

const messageFields = {
  /** What the traveller typed; may be empty when a quick reply was tapped. */
  text: z.string().max(4000),
  /** A tapped quick reply's `value`. */
  payload: z.unknown().optional(),
  locale: z.enum(['zh-CN', 'en']).optional(),
};

const hasContent = (m: { text: string; payload?: unknown }) => m.text.trim().length > 0 || m.payload !== undefined;
const emptyText = { message: 'text must not be empty', path: ['text'] };

/** `POST /v1/web/messages` body. */
export const messageBody = z
  .object({ ...messageFields, messageId: clientMessageId.optional() })
  .strict()
  .refine(hasContent, emptyText);

/** A traveller's message over the WebSocket: `{"text"}`, plus an optional `id`, `payload` and `locale`. */
export const messageFrame = z
  .object({ type: z.literal('message').optional(), id: clientMessageId.optional(), ...messageFields })
  .strict()
  .refine(hasContent, emptyText);

/** An application-level ping (browsers cannot send WebSocket pings); answered with `{"type":"pong"}`. */
export const pingFrame = z.object({ type: z.literal('ping') }).strict();

/** Every frame a client may send; anything else closes the socket. */
export const clientFrame = z.union([pingFrame, messageFrame]);
export type ClientFrame = z.output<typeof clientFrame>;
export type MessageFrame = z.output<typeof messageFrame>;

/** A message of the conversation as the socket delivers it: a Reply, numbered by its place in the transcript. */
export interface NumberedReply extends Reply {
  /** Increases along the conversation; a client keeps the highest it saw and ignores one it already has. */
  seq: number;
  author: 'bot' | 'agent' | 'system';
  /** The client `id` of the message this answers, when it had one. */
  replyTo?: string;
}

/** Everything the server sends over the socket. */
export type ServerFrame =
  | NumberedReply
  /** After the replay of what the client missed: live from here on. */
  | { type: 'ready'; conversationId: string; lastSeq: number }
  /** A message was handled (its replies, if any, came before this). `id` is null for a message sent without one. */
  | { type: 'ack'; id: string | null; seqs: number[] }
  /** A message could not be handled; the client may resend it with the same id. */
  | { type: 'error'; error: ErrorCode; message: string; replyTo?: string; details?: unknown }
  | { type: 'pong' };
