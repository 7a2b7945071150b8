// A conversation rebuilt as a training example from its turn traces: what the traveller said, the tool calls the
// model made with their results, and the answer, a correction replacing the bot's own words.
import type { TurnTrace } from '../../bot/index.ts';
import type { ChatMessage } from '../../model/types.ts';
import type { FinetuneMessage, FinetuneToolCall } from './format.ts';
import type { Masker } from './mask.ts';

/** What one conversation brings to its example. */
export interface ConversationMaterial {
  traces: TurnTrace[];
  /** The text of each inbound message by id (the fallback for a turn whose model input was not kept). */
  inbound: Map<string, string>;
  /** Per traveller message id: the bot's reply message ids of that turn. */
  replies: Map<string, string[]>;
  /** Per bot message id: the latest corrected text. */
  corrections: Map<string, string>;
}

/** The turn's user text as the model saw it: the last user message of its model input. */
function userTextOf(trace: TurnTrace, inbound: Map<string, string>): string {
  const input = Array.isArray(trace.input) ? (trace.input as ChatMessage[]) : [];
  const last = [...input].reverse().find((m) => m?.role === 'user');
  if (last && typeof last.content === 'string') return last.content;
  return trace.messageId ? (inbound.get(trace.messageId) ?? '') : '';
}

/**
 * How the turn's tool calls were grouped into model responses, read from its model input (the calls after the last
 * user message); one call a response when the input does not match the steps.
 */
function callGroups(trace: TurnTrace): number[] {
  const input = Array.isArray(trace.input) ? (trace.input as ChatMessage[]) : [];
  const lastUser = input.map((m) => m?.role).lastIndexOf('user');
  const groups = input.slice(lastUser + 1).flatMap((m) => (m?.role === 'assistant' && m.toolCalls?.length ? [m.toolCalls.map((c) => c.name)] : []));
  const names = groups.flat();
  const same = names.length === trace.steps.length && names.every((n, i) => n === trace.steps[i]!.tool);
  return same ? groups.map((g) => g.length) : trace.steps.map(() => 1);
}

/** The final words of a turn: the latest correction of any of its replies, else what the bot said. */
function answerOf(trace: TurnTrace, m: ConversationMaterial): { text: string; corrected: boolean } {
  const ids = trace.messageId ? (m.replies.get(trace.messageId) ?? []) : [];
  for (const id of [...ids].reverse()) {
    const c = m.corrections.get(id);
    if (c !== undefined) return { text: c, corrected: true };
  }
  return { text: trace.reply, corrected: false };
}

/**
 * The messages of one conversation after the system prompt: per bot turn the user message, each model response's
 * tool calls followed by one tool message per call, and the answer. Turns whose model failed are left out (unless
 * corrected), and so are tool calls the server refused unread; agents' messages are not bot turns and never appear. Every string goes through `mask`.
 * @example const msgs = rebuildTurns(material, masker);
 */
export function rebuildTurns(m: ConversationMaterial, mask: Masker): FinetuneMessage[] {
  const out: FinetuneMessage[] = [];
  m.traces.forEach((trace, t) => {
    const answer = answerOf(trace, m);
    if (trace.outcome === 'model_error' && !answer.corrected) return;
    const user = userTextOf(trace, m.inbound).trim();
    if (!user || !answer.text.trim()) return;
    out.push({ role: 'user', content: mask.text(user) });
    let s = 0;
    for (const size of callGroups(trace)) {
      const first = s;
      s += size;
      // A call the server refused unread (no such tool, arguments not JSON or not the schema) teaches nothing good.
      const steps = trace.steps.slice(first, first + size).filter((step) => !REFUSED.has(step.error ?? ''));
      if (steps.length === 0) continue;
      const calls: FinetuneToolCall[] = steps.map((step, i) => ({
        id: `call_${t + 1}_${first + i + 1}`,
        type: 'function',
        function: { name: step.tool, arguments: maskedArguments(step.arguments, mask) },
      }));
      out.push({ role: 'assistant', content: null, tool_calls: calls });
      steps.forEach((step, i) => out.push({ role: 'tool', tool_call_id: calls[i]!.id, content: JSON.stringify(mask.deep(step.result ?? null)) }));
    }
    out.push({ role: 'assistant', content: mask.text(answer.text) });
  });
  return out;
}

/** Errors of calls the server refused before running them. */
const REFUSED = new Set(['unknown_tool', 'invalid_arguments']);

/** Arguments as a JSON string, masked (refused calls, whose arguments may not be JSON, are left out before). */
function maskedArguments(raw: string, mask: Masker): string {
  try {
    return JSON.stringify(mask.deep(raw.trim() === '' ? {} : JSON.parse(raw)));
  } catch {
    return JSON.stringify({});
  }
}

/**
 * The system prompt of the conversation: that of its first turn's model input.
 * @example systemPromptOf(await conversationTraces(db, id)) // 'You are the hotel concierge of TourDesk: …'
 */
export function systemPromptOf(traces: TurnTrace[]): string | null {
  for (const t of traces) {
    const first = Array.isArray(t.input) ? (t.input as ChatMessage[])[0] : undefined;
    if (first?.role === 'system' && typeof first.content === 'string') return first.content;
  }
  return null;
}
