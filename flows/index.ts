// The flows' face: the tools the model may call, and the words of the tourism concierge.
import type { BotTexts, Tool } from '../src/bot/index.ts';
import type { FlowDeps } from './deps.ts';
import { systemPrompt } from './prompt.ts';
import { correctionNote, describePayload, handoffNotice, notConfigured, safeReply } from './texts.ts';
import { findBookingsTool, prepareBookingTool, prepareCancellationTool } from './tools/bookings.ts';
import { confirmTool, handoffTool } from './tools/confirm.ts';
import { hotelDetailsTool, knowledgeTool } from './tools/hotel-details.ts';
import { searchHotelsTool } from './tools/search-hotels.ts';

export type { FlowDeps } from './deps.ts';
export { isAffirmative } from './confirmation.ts';
export { bookingUpdateNotifier } from './notify-booking-update.ts';

/** Every tool of CONTRACT.md, over these services. */
export function createTools(deps: FlowDeps): Tool[] {
  return [
    searchHotelsTool(deps),
    hotelDetailsTool(deps),
    knowledgeTool(deps),
    findBookingsTool(deps),
    prepareBookingTool(deps),
    prepareCancellationTool(deps),
    confirmTool(deps),
    handoffTool(),
  ] as Tool[];
}

/** The concierge's words. */
export function createTexts(deps: Pick<FlowDeps, 'db' | 'timeZone'>): BotTexts {
  return {
    systemPrompt: (p) => systemPrompt(deps.db, deps.timeZone, p),
    safeReply,
    correctionNote,
    handoffNotice,
    describePayload,
    notConfigured,
  };
}
