// The OpenAI-compatible chat model: any chat-completions endpoint with tool calling (Hunyuan, DeepSeek, Qwen, OpenAI, vLLM, Ollama).
import { randomUUID } from 'node:crypto';
import OpenAI from 'openai';
import { Stream } from 'openai/core/streaming';
import type {
  ChatCompletionCreateParamsBase,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import { z } from 'zod';
import { CallGuard } from './call-guard.ts';
import { argumentsText, toolCallsInText, type DraftCall } from './text-tool-calls.ts';
import { ModelError, type ChatMessage, type ChatModel, type ChatRequest, type ChatResponse, type ToolCall } from './types.ts';

/** How to reach the endpoint and how to talk to it. */
export interface OpenAIChatModelOptions {
  /** Base URL up to and including the version path, e.g. `https://api.deepseek.com/v1`. */
  baseUrl: string;
  /** Sent as a bearer token; local servers (Ollama, vLLM without `--api-key`) need none. */
  apiKey?: string | undefined;
  model: string;
  /**
   * Per attempt: how long to wait for the answer to start, and then for the body (or, streaming,
   * for each next chunk). Default 30 000.
   */
  timeoutMs?: number;
  /** Further attempts after a 408/409/429/5xx answer, a timeout or a connection failure. Default 2. */
  maxRetries?: number;
  /** Ask for server-sent events and assemble them. Default false. */
  stream?: boolean;
  /**
   * `'none-sent'` (the default) leaves `tool_choice` out, which means "auto" wherever tools are sent:
   * some servers and gateways answer 400 to an explicit `tool_choice`.
   */
  toolChoice?: 'auto' | 'none-sent';
  /** Ask for token log-probabilities, to fill {@link ChatResponse.meanLogprob}. Default false. */
  logprobs?: boolean;
}

/**
 * A {@link ChatModel} over the `openai` SDK that tolerates the differences between providers.
 * The SDK retries (exponential backoff from 0.5 s, honouring `Retry-After`); failures end as a {@link ModelError}.
 * @example
 * const model = new OpenAIChatModel({ baseUrl: 'http://localhost:11434/v1', model: 'qwen3:8b' });
 * const answer = await model.complete({ messages: [{ role: 'user', content: '明天北京有房吗' }], tools });
 */
export class OpenAIChatModel implements ChatModel {
  readonly name: string;
  private readonly client: OpenAI;
  private readonly model: string;
  private readonly timeoutMs: number;
  private readonly stream: boolean;
  private readonly toolChoice: 'auto' | 'none-sent';
  private readonly logprobs: boolean;

  constructor(options: OpenAIChatModelOptions) {
    this.model = options.model;
    this.name = `openai-compatible:${options.model}`;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.stream = options.stream ?? false;
    this.toolChoice = options.toolChoice ?? 'none-sent';
    this.logprobs = options.logprobs ?? false;
    this.client = new OpenAI({
      baseURL: options.baseUrl,
      // The SDK refuses to start without a key, and local servers ignore it.
      apiKey: options.apiKey ?? 'none',
      timeout: this.timeoutMs,
      maxRetries: options.maxRetries ?? 2,
    });
  }

  /**
   * Sends the conversation and returns the answer.
   * Rejects with a {@link ModelError}, or with `request.signal.reason` when the caller aborts.
   */
  async complete(request: ChatRequest): Promise<ChatResponse> {
    request.signal?.throwIfAborted();
    const guard = new CallGuard(this.timeoutMs, request.signal);
    try {
      // The raw response: we read the body ourselves to bound its time and to judge garbage.
      const pending = this.client.chat.completions.create(this.body(request), { signal: guard.signal }).asResponse();
      const response = await guard.race(pending);
      const draft = isEventStream(response) ? await this.readStream(response, guard) : await readJson(response, guard);
      return finish(draft, request, this.model);
    } catch (err) {
      throw guard.failure(err);
    } finally {
      guard.end();
    }
  }

  private body(request: ChatRequest): ChatCompletionCreateParamsBase {
    const body: ChatCompletionCreateParamsBase = { model: this.model, messages: request.messages.map(toWire) };
    // An empty `tools` array is rejected by some servers; `tool_choice` without tools by OpenAI.
    if (request.tools.length > 0) {
      body.tools = request.tools.map(
        (t): ChatCompletionTool => ({
          type: 'function',
          function: { name: t.name, description: t.description, parameters: t.parameters },
        }),
      );
      if (this.toolChoice === 'auto') body.tool_choice = 'auto';
    }
    if (this.logprobs) body.logprobs = true;
    if (this.stream) body.stream = true;
    return body;
  }

  private async readStream(response: Response, guard: CallGuard): Promise<Draft> {
    const draft = new StreamDraft();
    guard.arm();
    for await (const event of Stream.fromSSEResponse<unknown>(response, guard.controller, this.client)) {
      guard.arm();
      // Keep-alives and provider extras that are not chunks are skipped, not fatal.
      const chunk = chunkSchema.safeParse(event);
      if (chunk.success) draft.add(chunk.data);
    }
    // The SDK ends an aborted stream quietly: a cut-off answer must not pass for a whole one.
    if (guard.signal.aborted) throw new Error('the stream was aborted');
    return draft;
  }
}

/** Our message shape to the wire format (spec: `content` is null only beside tool calls). */
function toWire(message: ChatMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content };
    case 'user':
      return { role: 'user', content: message.content };
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
    case 'assistant': {
      const calls = message.toolCalls ?? [];
      if (calls.length === 0) return { role: 'assistant', content: message.content ?? '' };
      return {
        role: 'assistant',
        content: message.content || null,
        tool_calls: calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })),
      };
    }
  }
}

// ---- Reading answers: lenient schemas, because providers differ in what they leave out. ----

const toolCallSchema = z.object({
  index: z.number().nullish(),
  id: z.string().nullish(),
  function: z.object({ name: z.string().nullish(), arguments: z.unknown().optional() }).nullish(),
});
const usageSchema = z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).nullish().catch(null);
const logprobsSchema = z.object({ content: z.array(z.object({ logprob: z.number() })).nullish() }).nullish().catch(null);
// A few servers answer `content` as an array of text parts.
const contentSchema = z.union([z.string(), z.array(z.object({ text: z.string().nullish() }))]).nullish();

const completionSchema = z.object({
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        message: z.object({ content: contentSchema, tool_calls: z.array(toolCallSchema).nullish() }),
        finish_reason: z.string().nullish(),
        logprobs: logprobsSchema,
      }),
    )
    .min(1),
  usage: usageSchema,
});

const chunkSchema = z.object({
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        index: z.number().nullish(),
        delta: z.object({ content: z.string().nullish(), tool_calls: z.array(toolCallSchema).nullish() }).nullish(),
        finish_reason: z.string().nullish(),
        logprobs: logprobsSchema,
      }),
    )
    .nullish(),
  usage: usageSchema,
});

type WireToolCall = z.infer<typeof toolCallSchema>;
type Usage = z.infer<typeof usageSchema>;

/** An answer as read, before ids, text tool calls and defaults are settled. */
interface Draft {
  content: string;
  calls: DraftCall[];
  finishReason?: string | undefined;
  model?: string | undefined;
  usage?: Usage;
  logprobs: number[];
}

async function readJson(response: Response, guard: CallGuard): Promise<Draft> {
  guard.arm();
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ModelError('bad_response', `the model's answer is not JSON: ${preview(text)}`);
  }
  const parsed = completionSchema.safeParse(json);
  if (!parsed.success) throw new ModelError('bad_response', `the model's answer is not a chat completion: ${preview(text)}`);
  const { model, choices, usage } = parsed.data;
  const choice = choices[0]!;
  const content = choice.message.content;
  return {
    content: typeof content === 'string' ? content : (content ?? []).map((p) => p.text ?? '').join(''),
    calls: (choice.message.tool_calls ?? []).map((c) => ({
      id: c.id ?? undefined,
      name: c.function?.name ?? '',
      arguments: argumentsText(c.function?.arguments),
    })),
    finishReason: choice.finish_reason ?? undefined,
    model: model ?? undefined,
    usage,
    logprobs: (choice.logprobs?.content ?? []).map((t) => t.logprob),
  };
}

/** Streamed chunks assembled into one answer; tool-call pieces are joined by their `index`. */
class StreamDraft implements Draft {
  content = '';
  calls: DraftCall[] = [];
  finishReason: string | undefined;
  model: string | undefined;
  usage: Usage;
  logprobs: number[] = [];
  private readonly slots = new Map<number, DraftCall>();

  add(chunk: z.infer<typeof chunkSchema>): void {
    this.model ??= chunk.model ?? undefined;
    if (chunk.usage) this.usage = chunk.usage;
    for (const choice of chunk.choices ?? []) {
      if ((choice.index ?? 0) !== 0) continue;
      if (choice.delta?.content) this.content += choice.delta.content;
      for (const piece of choice.delta?.tool_calls ?? []) this.addPiece(piece);
      if (choice.finish_reason) this.finishReason = choice.finish_reason;
      for (const token of choice.logprobs?.content ?? []) this.logprobs.push(token.logprob);
    }
  }

  private addPiece(piece: WireToolCall): void {
    const index = piece.index ?? undefined;
    // Without an index, a piece continues the last call unless it brings a new id.
    let call = index === undefined ? this.calls.at(-1) : this.slots.get(index);
    // A new id at a known index is a new call: some servers number every whole call 0.
    if (!call || (piece.id && call.id && piece.id !== call.id)) {
      call = { name: '', arguments: '' };
      this.calls.push(call);
      if (index !== undefined) this.slots.set(index, call);
    }
    if (piece.id) call.id ??= piece.id;
    // Names come whole in the first piece; some servers repeat them, so they are not concatenated.
    if (piece.function?.name && !call.name) call.name = piece.function.name;
    const args = piece.function?.arguments;
    if (typeof args === 'string') call.arguments += args;
    else if (args !== undefined && args !== null) call.arguments = JSON.stringify(args);
  }
}

/** Settles ids, tool calls written as text, defaults; refuses an empty answer. */
function finish(draft: Draft, request: ChatRequest, configuredModel: string): ChatResponse {
  let content: string | null = visibleText(draft.content) || null;
  let calls = draft.calls;
  let finishReason = draft.finishReason;
  if (calls.length === 0 && content && request.tools.length > 0) {
    const recovered = toolCallsInText(content, new Set(request.tools.map((t) => t.name)));
    if (recovered) {
      ({ content, calls } = recovered);
      // The provider said "stop" because it did not see the calls; the answer is one.
      finishReason = 'tool_calls';
    }
  }
  if (!content && calls.length === 0) throw new ModelError('bad_response', 'the model answered with neither text nor tool calls');
  const toolCalls: ToolCall[] = calls.map((c) => ({ id: c.id || newCallId(), name: c.name, arguments: c.arguments }));
  const logprobs = draft.logprobs.filter(Number.isFinite);
  return {
    content,
    toolCalls,
    finishReason: finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
    model: draft.model || configuredModel,
    ...(draft.usage && { usage: { promptTokens: draft.usage.prompt_tokens, completionTokens: draft.usage.completion_tokens } }),
    ...(logprobs.length > 0 && { meanLogprob: logprobs.reduce((a, b) => a + b, 0) / logprobs.length }),
  };
}

const newCallId = () => `call_${randomUUID().replaceAll('-', '').slice(0, 24)}`;

/** Drops reasoning that servers without a reasoning parser leave in the text (Qwen3, Hunyuan `<think>`/`<answer>`). */
function visibleText(text: string): string {
  let visible = text.replace(/<think>[\s\S]*?<\/think>/g, '');
  // A chat template that opens `<think>` itself leaves only the closing tag in the answer.
  const close = visible.indexOf('</think>');
  if (close >= 0) visible = visible.slice(close + '</think>'.length);
  return visible.replace(/<\/?answer>/g, '').trim();
}

const isEventStream = (r: Response) => (r.headers.get('content-type') ?? '').includes('text/event-stream');
const preview = (text: string) => JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text);
