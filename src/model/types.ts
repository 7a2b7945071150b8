// The model port: what the bot asks of any chat model (a hosted OpenAI-compatible one, or the offline one).

/** One message of the conversation as the model sees it (OpenAI chat format). */
export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string | null; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; name: string; content: string };

/** A tool call as the model made it. `arguments` is the raw text: it may not even be JSON. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** A tool the model may call: its name, what it does, and a JSON Schema of its arguments. */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** One request to the model. */
export interface ChatRequest {
  messages: ChatMessage[];
  tools: ToolSpec[];
  /** The traveller's language, as a hint. */
  locale?: 'zh-CN' | 'en';
  /** Stable per conversation; the offline model uses it to stay deterministic. */
  conversationId?: string;
  signal?: AbortSignal;
}

/** The model's answer: text, tool calls, or both. */
export interface ChatResponse {
  content: string | null;
  toolCalls: ToolCall[];
  finishReason: string;
  /** Which model answered. */
  model: string;
  usage?: { promptTokens: number; completionTokens: number };
  /** The model's own confidence in [0, 1], when it gives one (the offline model does). */
  confidence?: number;
  /** Mean token log-probability of the answer, when the provider returns logprobs. */
  meanLogprob?: number;
}

/** Why a model call failed, for the turn to end safely. */
export type ModelErrorKind = 'timeout' | 'unavailable' | 'rate_limited' | 'bad_response' | 'not_configured';

/**
 * A model call that failed after its retries; `kind` tells the turn how to end safely.
 * @example if (err instanceof ModelError && err.kind === 'not_configured') useOfflineModel();
 */
export class ModelError extends Error {
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

/**
 * A chat model with tool calling.
 * @example const r = await model.complete({ messages, tools }); if (r.toolCalls.length) …
 */
export interface ChatModel {
  readonly name: string;
  /** Rejects with a {@link ModelError}, or with `request.signal.reason` when the caller aborts. */
  complete(request: ChatRequest): Promise<ChatResponse>;
}
