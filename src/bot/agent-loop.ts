// The agent loop: the model proposes tool calls, the server validates and runs them, until the model answers.
import type { ChatMessage, ChatModel, ChatResponse, ToolCall } from '../model/types.ts';
import { ModelError } from '../model/types.ts';
import { codesIn, groundToolResult } from './grounding.ts';
import { checkReply, type GuardHit } from './guards.ts';
import type { HotelCard, ReplyAction } from './reply.ts';
import { toolSpecs, type Tool, type ToolContext, type ToolResult } from './tools.ts';

/** One tool call of a turn, as the trace keeps it. */
export interface TraceStep {
  tool: string;
  arguments: string;
  result: unknown;
  error?: string;
  ms: number;
}

/** What one agent turn produced. */
export interface AgentOutcome {
  text: string;
  cards: HotelCard[];
  actions: ReplyAction[];
  handoff?: { reason: string; detail?: string };
  wrote: Array<{ kind: string; code: string }>;
  steps: TraceStep[];
  guardHits: GuardHit[];
  guardHitsRecovered: number;
  toolErrors: number;
  modelMs: number;
  usage: { promptTokens: number; completionTokens: number };
  model: string;
  modelConfidence?: number;
  meanLogprob?: number;
  /** Set when the model could not be reached or kept failing. */
  modelError?: ModelError;
  /** The model input of the last call, for the trace. */
  input: ChatMessage[];
  /** The messages of this turn to keep in the conversation window. */
  newMessages: ChatMessage[];
  /** Reservation codes that this turn's tools returned. */
  turnCodes: string[];
}

/** What the loop needs. */
export interface AgentLoopDeps {
  model: ChatModel;
  tools: readonly Tool[];
  /** Model calls per turn at most (tool rounds plus the answer). */
  maxSteps?: number;
  /** Texts of the safe replies, in the traveller's language. */
  safeReply(locale: ToolContext['locale'], why: 'ungrounded' | 'model_failed' | 'too_many_steps'): string;
  correctionNote(hits: GuardHit[]): string;
}

/**
 * Runs one turn: `system` and `window` (earlier turns) and the traveller's `userText` go to the model; tool calls
 * are validated with their zod schema and run; the final text is checked by the guards, regenerated once when it
 * states something no tool returned, and replaced by a safe reply if it still does.
 */
export async function runAgentTurn(
  deps: AgentLoopDeps,
  ctx: ToolContext,
  system: string,
  userText: string,
): Promise<AgentOutcome> {
  const specs = toolSpecs(deps.tools);
  const byName = new Map(deps.tools.map((t) => [t.name, t]));
  const turn: ChatMessage[] = [{ role: 'user', content: userText }];
  const out: AgentOutcome = {
    text: '', cards: [], actions: [], wrote: [], steps: [], guardHits: [], guardHitsRecovered: 0, toolErrors: 0,
    modelMs: 0, usage: { promptTokens: 0, completionTokens: 0 }, model: deps.model.name, input: [], newMessages: turn,
    turnCodes: [],
  };
  const travellerCodes = [...ctx.memory.window, ...turn].flatMap((m) => (m.role === 'user' ? codesIn(m.content) : []));
  let regenerated = false;
  const maxSteps = deps.maxSteps ?? 8;
  for (let step = 0; step < maxSteps; step++) {
    const messages: ChatMessage[] = [{ role: 'system', content: system }, ...ctx.memory.window, ...turn];
    out.input = messages;
    let res: ChatResponse;
    const t0 = performance.now();
    try {
      res = await deps.model.complete({ messages, tools: specs, locale: ctx.locale, conversationId: ctx.conversationId });
    } catch (err) {
      out.modelMs += performance.now() - t0;
      out.modelError = err instanceof ModelError ? err : new ModelError('bad_response', String(err), err);
      out.text = deps.safeReply(ctx.locale, 'model_failed');
      return out;
    }
    out.modelMs += performance.now() - t0;
    out.model = res.model || out.model;
    out.usage.promptTokens += res.usage?.promptTokens ?? 0;
    out.usage.completionTokens += res.usage?.completionTokens ?? 0;
    if (res.confidence !== undefined) out.modelConfidence = res.confidence;
    if (res.meanLogprob !== undefined) out.meanLogprob = res.meanLogprob;

    if (res.toolCalls.length > 0) {
      turn.push({ role: 'assistant', content: res.content, toolCalls: res.toolCalls });
      for (const call of res.toolCalls) {
        const result = await runTool(byName, call, ctx, out);
        turn.push({ role: 'tool', toolCallId: call.id, name: call.name, content: JSON.stringify(result.data) });
      }
      continue;
    }

    const text = (res.content ?? '').trim();
    const hits = checkReply(text, ctx.memory.grounded, { wrote: out.wrote.length > 0, codes: out.turnCodes }, travellerCodes);
    if (hits.length > 0 && !regenerated) {
      regenerated = true;
      out.guardHitsRecovered = hits.length;
      out.guardHits.push(...hits);
      turn.push({ role: 'assistant', content: text });
      turn.push({ role: 'system', content: deps.correctionNote(hits) });
      continue;
    }
    if (hits.length > 0) {
      out.guardHits.push(...hits);
      out.guardHitsRecovered = 0;
      out.text = deps.safeReply(ctx.locale, 'ungrounded');
    } else {
      out.text = text;
    }
    // The window keeps what the traveller finally saw, not the rejected drafts and the correction note.
    out.newMessages = turn.filter((m) => m.role !== 'system' && !(regenerated && m.role === 'assistant' && !m.toolCalls));
    out.newMessages.push({ role: 'assistant', content: out.text });
    return out;
  }
  out.text = deps.safeReply(ctx.locale, 'too_many_steps');
  out.newMessages = [...turn, { role: 'assistant', content: out.text }];
  return out;
}

async function runTool(byName: Map<string, Tool>, call: ToolCall, ctx: ToolContext, out: AgentOutcome): Promise<ToolResult> {
  const t0 = performance.now();
  const step: TraceStep = { tool: call.name, arguments: call.arguments, result: null, ms: 0 };
  out.steps.push(step);
  const fail = (code: string, message: string): ToolResult => {
    out.toolErrors++;
    step.error = code;
    step.result = { error: code, message };
    step.ms = Math.round(performance.now() - t0);
    return { data: step.result };
  };
  const tool = byName.get(call.name);
  if (!tool) return fail('unknown_tool', `There is no tool called "${call.name}".`);
  let raw: unknown;
  try {
    raw = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
  } catch {
    return fail('invalid_arguments', 'The arguments are not valid JSON; send a JSON object.');
  }
  const parsed = tool.schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ');
    return fail('invalid_arguments', issues);
  }
  let result: ToolResult;
  try {
    result = await tool.run(parsed.data, ctx);
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown; status?: unknown };
    const code = typeof e.code === 'string' && typeof e.status === 'number' ? e.code : 'tool_failed';
    return fail(code, code === 'tool_failed' ? 'The tool failed; try again or hand off to a person.' : String(e.message));
  }
  const data = result.data as { error?: unknown } | null;
  if (data && typeof data === 'object' && typeof data.error === 'string') {
    out.toolErrors++;
    step.error = data.error;
  }
  const before = ctx.memory.grounded.codes.length;
  groundToolResult(ctx.memory.grounded, result.data);
  out.turnCodes.push(...ctx.memory.grounded.codes.slice(before));
  if (result.cards) out.cards = result.cards;
  if (result.actions) out.actions = result.actions;
  if (result.handoff) out.handoff = result.handoff;
  if (result.wrote) out.wrote.push(result.wrote);
  step.result = result.data;
  step.ms = Math.round(performance.now() - t0);
  return result;
}
