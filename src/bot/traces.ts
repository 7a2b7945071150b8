// Turn traces: what the model saw, which tools it called with what, the reply, time, tokens and confidence.
import type { Queryable } from '../../db/types.ts';
import { maskPhonesDeep, maskPhonesInText } from '../security/index.ts';
import type { AgentOutcome } from './agent-loop.ts';

/** A stored trace, as the operator console and tests read it. */
export interface TurnTrace {
  id: string;
  messageId: string | null;
  model: string;
  input: unknown;
  steps: AgentOutcome['steps'];
  reply: string;
  confidence: number;
  signals: Record<string, unknown>;
  guardHits: AgentOutcome['guardHits'];
  outcome: string;
  latencyMs: number;
  modelMs: number;
  promptTokens: number;
  completionTokens: number;
  createdAt: string;
}

/** JSON with every phone number masked: traces are read by staff and exported for training. */
const masked = (v: unknown) => JSON.stringify(maskPhonesDeep(v));

/** Stores one turn's trace. */
export async function recordTrace(
  db: Queryable,
  t: { conversationId: string; messageId: string | null; outcome: AgentOutcome; reply: string; confidence: number; signals: Record<string, unknown>; result: string; latencyMs: number; at: Date },
): Promise<void> {
  const o = t.outcome;
  await db.query(
    `INSERT INTO turn_traces (conversation_id, message_id, model, input, steps, reply, confidence, signals, guard_hits,
       outcome, latency_ms, model_ms, prompt_tokens, completion_tokens, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [t.conversationId, t.messageId, o.model, masked(o.input), masked(o.steps), maskPhonesInText(t.reply), t.confidence,
      JSON.stringify(t.signals), JSON.stringify(o.guardHits), t.result, Math.round(t.latencyMs), Math.round(o.modelMs),
      o.usage.promptTokens, o.usage.completionTokens, t.at],
  );
}

/** A conversation's traces, oldest first. */
export async function conversationTraces(db: Queryable, conversationId: string): Promise<TurnTrace[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT * FROM turn_traces WHERE conversation_id = $1 ORDER BY seq`, [conversationId]);
  return rows.map((r) => ({
    id: r.id as string, messageId: r.message_id as string | null, model: r.model as string, input: r.input,
    steps: r.steps as TurnTrace['steps'], reply: r.reply as string, confidence: r.confidence as number,
    signals: r.signals as Record<string, unknown>, guardHits: r.guard_hits as TurnTrace['guardHits'],
    outcome: r.outcome as string, latencyMs: r.latency_ms as number, modelMs: r.model_ms as number,
    promptTokens: r.prompt_tokens as number, completionTokens: r.completion_tokens as number,
    createdAt: new Date(r.created_at as Date).toISOString(),
  }));
}
