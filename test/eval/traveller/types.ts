// What plays the traveller in a trial: the scripted one or a model, one move at a time.
import type { Reply } from '../../../src/bot/index.ts';

/** The traveller's next message (text, or a tap on a button whose value is `payload`), or the end. */
export type Move = { text: string; payload?: string } | { done: true; why: 'script' | 'stalled' | 'goal' | 'gave_up'; note?: string };

/** Plays one traveller through one conversation. */
export interface TravellerPlayer {
  /** The next move, given the concierge's replies to the last one (none before the first message). */
  next(replies: Reply[]): Promise<Move>;
}
