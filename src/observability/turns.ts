// The bot's turns, counted from what its trace records: outcome, tool calls and errors, guard hits.
import type { Metrics } from './metrics.ts';

/** What a finished turn's trace says, as the bot reports it (see BotDeps.onTrace). */
export interface TurnFacts {
  channel: string;
  /** answered, wrote, handoff or model_error. */
  result: string;
  steps: ReadonlyArray<{ tool: string; error?: string }>;
  guardHits: ReadonlyArray<{ kind: string }>;
}

/**
 * Counts one turn. A tool name the bot does not have is counted as `unknown` (the model may invent any name).
 * @example countTurn(metrics, knownTools, { channel: 'web', result: 'answered', steps, guardHits });
 */
export function countTurn(metrics: Metrics, tools: ReadonlySet<string>, t: TurnFacts): void {
  metrics.turns.inc({ channel: t.channel, outcome: t.result });
  for (const s of t.steps) {
    const tool = tools.has(s.tool) ? s.tool : 'unknown';
    metrics.toolCalls.inc({ tool });
    if (s.error) metrics.toolErrors.inc({ tool, code: /^[a-z_]{1,40}$/.test(s.error) ? s.error : 'other' });
  }
  for (const h of t.guardHits) metrics.guardHits.inc({ guard: h.kind });
}
