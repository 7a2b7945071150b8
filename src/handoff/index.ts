// The handoff domain's face: the bot's port (HandoffStore), the agents' desk, the state machine and its rules.
export { HandoffStore } from './store.ts';
export { AgentDesk, type AgentDeskOptions } from './desk.ts';
export { AGENT_TOPIC, type DeskEvent, type DeskEventType } from './agent-events.ts';
export type { AgentMessageResult } from './agent-message.ts';
export type { ConversationView, HandoffWithHistory, MemoryContext } from './conversation-view.ts';
export type { DeskConversation } from './conversation.ts';
export type { ChannelPush, PushOutcome } from './delivery.ts';
export type { HandBackInput, HandBackResult } from './hand-back.ts';
export type { HandoffActor, HandoffEvent } from './history.ts';
export type { Meanwhile, ReservationNote } from './meanwhile.ts';
export type { HandoffItem, HandoffQuery } from './queue.ts';
export { agentMessageBody, closeBody, handoffListQuery, resolveBody } from './schemas.ts';
export { DEFAULT_RULES, groupBookingRule, type HandoffRules } from './settings.ts';
export { MOVES, OPEN_STATUSES, type HandoffMove, type HandoffStatus } from './states.ts';
export { WAIT_NOTICE_JOB } from './wait-notice.ts';
