// The numbers of a run: pass^1 and pass^k, handoff rate, guard hits, turns and latency, per scenario and overall.
import type { TrialResult } from './trial.ts';

/** The summary of one scenario's trials (or of all scenarios, for `overall`). */
export interface Summary {
  trials: number;
  /** Mean success over trials (overall: the mean of the scenarios' pass^1). */
  pass1: number;
  /** 1 when all k trials succeeded, else 0 (overall: the share of scenarios whose k trials all succeeded). */
  passK: number;
  /** Share of trials that ended with the conversation handed to a person. */
  handoffRate: number;
  /** Guard hits per trial (a draft that stated a price, hotel or code no tool returned). */
  guardHits: number;
  /** Traveller messages per trial. */
  turns: number;
  /** Round-trip latency of a message, ms, over every message of the trials. */
  latencyP50: number;
  latencyP95: number;
}

/**
 * The q-th quantile (0..1) of `values` by nearest rank; 0 for none.
 * @example quantile([1, 2, 3, 4], 0.5) // 2
 */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The summary of one scenario's trials.
 * @example summarize(trials).passK // 1 when every trial passed
 */
export function summarize(trials: readonly TrialResult[]): Summary {
  const latencies = trials.flatMap((t) => t.latenciesMs);
  return {
    trials: trials.length,
    pass1: round(mean(trials.map((t) => (t.passed ? 1 : 0)))),
    passK: trials.length > 0 && trials.every((t) => t.passed) ? 1 : 0,
    handoffRate: round(mean(trials.map((t) => (t.handoff ? 1 : 0)))),
    guardHits: round(mean(trials.map((t) => t.guardHits))),
    turns: round(mean(trials.map((t) => t.turns)), 2),
    latencyP50: round(quantile(latencies, 0.5), 1),
    latencyP95: round(quantile(latencies, 0.95), 1),
  };
}

/**
 * The overall summary: every scenario weighs the same in pass^1 and pass^k; latency is over every message.
 * @example overall(report.scenarios.map((s) => s.trials)).passK
 */
export function overall(perScenario: ReadonlyArray<readonly TrialResult[]>): Summary {
  const each = perScenario.map(summarize);
  const all = perScenario.flat();
  const latencies = all.flatMap((t) => t.latenciesMs);
  return {
    trials: all.length,
    pass1: round(mean(each.map((s) => s.pass1))),
    passK: round(mean(each.map((s) => s.passK))),
    handoffRate: round(mean(all.map((t) => (t.handoff ? 1 : 0)))),
    guardHits: round(mean(all.map((t) => t.guardHits))),
    turns: round(mean(all.map((t) => t.turns)), 2),
    latencyP50: round(quantile(latencies, 0.5), 1),
    latencyP95: round(quantile(latencies, 0.95), 1),
  };
}
