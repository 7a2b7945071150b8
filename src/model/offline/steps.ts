// What the policy decides: the tool calls of a step, or the reply plan and what it asks the traveller for.
import type { ToolName } from './results.ts';
import type { Expectation } from './state.ts';
import type { ReplyPlan } from './voice.ts';

/** One tool call the policy asks for. */
export interface PlannedCall {
  name: ToolName;
  args: Record<string, unknown>;
}

/** The next step of a turn: tool calls, or the reply (and what it asks the traveller for). */
export type Step =
  | { kind: 'call'; calls: PlannedCall[] }
  | { kind: 'say'; plan: ReplyPlan; expects?: Expectation };

/** A step with how sure the model is of it. */
export interface Decision {
  step: Step;
  confidence: number;
}

/**
 * A step of one tool call.
 * @example call('find_bookings', {})
 */
export const call = (name: ToolName, args: Record<string, unknown>): Step => ({ kind: 'call', calls: [{ name, args }] });

/**
 * A reply step, with what it asks for.
 * @example say({ kind: 'ask_city' }, { kind: 'city' })
 */
export const say = (plan: ReplyPlan, expects?: Expectation): Step => ({ kind: 'say', plan, expects });
