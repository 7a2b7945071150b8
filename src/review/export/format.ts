// The OpenAI chat fine-tuning format: one JSON object a line, the messages of one conversation and the tools.
import type { ToolSpec } from '../../model/types.ts';

/** A tool call of an assistant message; `arguments` is a JSON string. */
export interface FinetuneToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** One message of a training example. */
export type FinetuneMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: FinetuneToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

/** A tool as the fine-tuning format lists it. */
export interface FinetuneTool {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

/** One line of the file: one conversation. */
export interface FinetuneLine {
  messages: FinetuneMessage[];
  tools: FinetuneTool[];
}

/**
 * The model's tool specs in the fine-tuning format.
 * @example finetuneTools(toolSpecs(createTools(deps)))
 */
export function finetuneTools(specs: readonly ToolSpec[]): FinetuneTool[] {
  return specs.map((s) => ({ type: 'function', function: { name: s.name, description: s.description, parameters: s.parameters } }));
}
