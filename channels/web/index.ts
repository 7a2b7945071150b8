// The web channel's face: the chat page and HTTP routes, the WebSocket endpoint, and what the channel can do.
export { webChannelRouter, type WebRouterOptions } from './router.ts';
export { attachWebChat, type WebChatEndpoint, type WebChatOptions } from './socket/server.ts';
export {
  CLOSE, MAX_FRAME_BYTES, WS_PATH, type ClientFrame, type NumberedReply, type ServerFrame,
} from './protocol.ts';

/** What the web channel can and cannot do; the core never asks which channel it is. */
export const webCapabilities = { richCards: true, replyDeadlineMs: null, proactiveWindowHours: null } as const;
