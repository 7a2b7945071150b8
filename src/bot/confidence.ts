// A turn's confidence, from the model's own signals and what happened in the turn.

/** What a turn tells about how sure the bot can be. */
export interface TurnSignals {
  /** The model's own score, when it gives one (the offline model does). */
  modelConfidence?: number;
  /** Mean token log-probability, when the provider returns logprobs. */
  meanLogprob?: number;
  toolErrors: number;
  /** Guard hits left after the one regeneration. */
  guardHits: number;
  /** Guard hits that the regeneration fixed. */
  guardHitsRecovered: number;
  /** Turns in a row that ended asking the traveller to clarify. */
  clarifications: number;
  negativeSentiment: boolean;
  modelFailed: boolean;
}

const NEGATIVE = /(投诉|垃圾|太差|差劲|生气|气死|骗子|骗人|坑人|糟糕|失望|烂|恶心|无语|什么鬼|terrible|awful|angry|furious|useless|worst|ridiculous|scam|complain|disappointed|hate)/i;

/** True when the traveller sounds upset. */
export function soundsNegative(text: string): boolean {
  return NEGATIVE.test(text);
}

/**
 * A score in [0, 1]. Starts from the model's own score (0.85 for a hosted model without one), takes the
 * log-probability into account when given, and lowers it for tool errors, guard hits, repeated clarification and
 * an upset traveller. A failed model call is 0.
 */
export function turnConfidence(s: TurnSignals): number {
  if (s.modelFailed) return 0;
  let c = s.modelConfidence ?? 0.85;
  if (s.meanLogprob !== undefined) c = Math.min(c, Math.exp(s.meanLogprob));
  c -= Math.min(0.3, 0.1 * s.toolErrors);
  c -= 0.35 * s.guardHits + 0.05 * s.guardHitsRecovered;
  if (s.clarifications >= 2) c -= 0.15 * (s.clarifications - 1);
  if (s.negativeSentiment) c -= 0.3;
  return Math.round(Math.max(0, Math.min(1, c)) * 1000) / 1000;
}
