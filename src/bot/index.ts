// The bot core's face: one Bot for every channel, its Reply and TurnInput, tools and ports.
export { Bot, type BotDeps, type BotTexts } from './bot.ts';
export type { Reply, HotelCard, ReplyAction } from './reply.ts';
export { textReply } from './reply.ts';
export { turnInputSchema, localeSchema, type TurnInput, type Locale } from './turn.ts';
export { defineTool, toolError, toolSpecs, type Tool, type ToolContext, type ToolResult, type ToolKind } from './tools.ts';
export type { ConversationMemory, PendingAction } from './memory.ts';
export type { HandoffPort, TurnLock } from './ports.ts';
export type { GuardHit } from './guards.ts';
export { conversationTraces, type TurnTrace } from './traces.ts';
export { conversationMessages, recordOutbound, type TranscriptMessage } from './transcript.ts';
export { detectLocale, asksForHuman } from './language.ts';
export { conversationTopic } from './topics.ts';
