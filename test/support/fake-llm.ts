// A fake OpenAI-compatible chat-completions server on loopback, scripted step by step, that mimics providers' quirks.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';

/** A tool call to answer with. */
export interface FakeToolCall {
  name: string;
  /** An object is sent as JSON text; a string is sent as it is (it may be broken JSON on purpose). */
  arguments: unknown;
  /** Default `call_fake_N`; `null` leaves the id out, as some servers do. */
  id?: string | null;
}

/** An answer of the model. */
export interface FakeReply {
  /** Default: `null` beside tool calls, else `''`. */
  content?: string | null;
  toolCalls?: FakeToolCall[];
  /** Default `tool_calls` or `stop`; `null` leaves the field out. */
  finishReason?: string | null;
  /** Write the tool calls into `content` instead, like templates whose server did not parse them. */
  toolCallsAsText?: true | 'tagged' | 'hunyuan' | 'bare';
  /** Default 12 / 5 tokens; `null` leaves usage out. Streamed only when the request asks for it. */
  usage?: { promptTokens: number; completionTokens: number } | null;
  /** Token log-probabilities, sent only when the request has `logprobs: true`. */
  logprobs?: number[];
  /** Streaming only: wait this long after the first chunk, as a stalled stream does. */
  stallMs?: number;
  /** Default: the model of the request. */
  model?: string;
}

/** A failure instead of an answer. */
export type FakeFault =
  /** An error status with an OpenAI-style error body (or `body`); `retryAfterMs` sends `retry-after-ms`. */
  | { status: number; body?: unknown; retryAfterMs?: number }
  /** No answer for this long (the client should time out first); then a plain reply if anyone still listens. */
  | { hangMs: number }
  /** 200 with this body, `application/json` unless told otherwise. */
  | { garbage: string; contentType?: string };

/** One scripted answer: a reply, a fault, or a function of the request body that picks one. */
export type FakeStep = FakeReply | FakeFault | ((request: ChatCompletionCreateParams) => FakeReply | FakeFault);

/** Behaviours of particular providers. */
export interface FakeLlmOptions {
  /**
   * Answer 400 to any request carrying `tool_choice`, as some gateways and older servers do.
   * (vLLM is stricter: without `--enable-auto-tool-choice` it fills in "auto" itself and refuses any tools.)
   */
  rejectToolChoice?: boolean;
  /** Answer 401 unless `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Characters of content or arguments per streamed chunk. Default 4. */
  chunkSize?: number;
}

/** A running fake: script it, point a client at `url`, read what it was sent. */
export interface FakeLlm {
  /** Base URL ending in `/v1`. */
  readonly url: string;
  /** Every chat-completions body received, in order (including rejected ones). */
  readonly requests: ChatCompletionCreateParams[];
  /** The headers of each of those requests. */
  readonly headers: IncomingHttpHeaders[];
  /** Appends steps; each request takes the next one. With none left it answers 500 `script exhausted`. */
  script(...steps: FakeStep[]): void;
  /** Steps not yet taken. */
  readonly pending: number;
  /** Forgets the script and the recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Starts a fake chat-completions server on 127.0.0.1 and a free port.
 * @example
 * const llm = await startFakeLlm();
 * llm.script({ toolCalls: [{ name: 'search_hotels', arguments: { city: '北京' } }] }, { content: '找到了' });
 * const model = new OpenAIChatModel({ baseUrl: llm.url, model: 'fake' });
 */
export async function startFakeLlm(options: FakeLlmOptions = {}): Promise<FakeLlm> {
  const steps: FakeStep[] = [];
  const requests: ChatCompletionCreateParams[] = [];
  const headers: IncomingHttpHeaders[] = [];
  const chunkSize = options.chunkSize ?? 4;
  let served = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorBody(`fake-llm crashed: ${String(err)}`, 'server_error'));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'GET' && /^(\/v1)?\/models$/.test(path)) {
      return sendJson(res, 200, { object: 'list', data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'fake' }] });
    }
    if (req.method !== 'POST' || !/^(\/v1)?\/chat\/completions$/.test(path)) {
      return sendJson(res, 404, errorBody(`no route ${req.method} ${path}`, 'invalid_request_error'));
    }
    let body: ChatCompletionCreateParams;
    try {
      body = JSON.parse(await readBody(req)) as ChatCompletionCreateParams;
    } catch {
      return sendJson(res, 400, errorBody('the body is not JSON', 'invalid_request_error'));
    }
    requests.push(body);
    headers.push(req.headers);
    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) {
      return sendJson(res, 401, errorBody('Incorrect API key provided', 'invalid_request_error', 'invalid_api_key'));
    }
    if (options.rejectToolChoice && 'tool_choice' in body) {
      return sendJson(res, 400, errorBody('Unrecognized request argument supplied: tool_choice', 'invalid_request_error'));
    }
    const step = steps.shift();
    if (!step) {
      // Not retryable, so a test that under-scripts fails at once and says why.
      res.setHeader('x-should-retry', 'false');
      return sendJson(res, 500, errorBody('fake-llm: script exhausted', 'server_error'));
    }
    const outcome = typeof step === 'function' ? step(body) : step;
    const n = ++served;

    if ('status' in outcome) {
      if (outcome.retryAfterMs !== undefined) res.setHeader('retry-after-ms', String(outcome.retryAfterMs));
      return sendJson(res, outcome.status, outcome.body ?? errorBody(`fake-llm: scripted ${outcome.status}`, 'server_error'));
    }
    if ('hangMs' in outcome) {
      await waitOrClose(res, outcome.hangMs);
      if (res.destroyed) return;
      return sendJson(res, 200, completion({ content: '(late)' }, body, n));
    }
    if ('garbage' in outcome) {
      res.writeHead(200, { 'content-type': outcome.contentType ?? 'application/json' });
      res.end(outcome.garbage);
      return;
    }
    if (body.stream) return streamReply(res, outcome, body, n, chunkSize);
    return sendJson(res, 200, completion(outcome, body, n));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    headers,
    script: (...more) => void steps.push(...more),
    get pending() {
      return steps.length;
    },
    reset() {
      steps.length = 0;
      requests.length = 0;
      headers.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging requests must not hold the close.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---- Answers in the wire format ----

function completion(reply: FakeReply, request: ChatCompletionCreateParams, n: number) {
  const { content, calls } = shape(reply);
  return {
    id: `chatcmpl-fake-${n}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: reply.model ?? request.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content,
          ...(calls.length > 0 && { tool_calls: calls.map((c, i) => wireCall(c, i, n)) }),
        },
        ...finishField(reply, calls.length > 0),
        logprobs: logprobsField(reply, request),
      },
    ],
    ...(reply.usage !== null && { usage: usageField(reply) }),
  };
}

async function streamReply(res: ServerResponse, reply: FakeReply, request: ChatCompletionCreateParams, n: number, size: number) {
  const { content, calls } = shape(reply);
  const base = { id: `chatcmpl-fake-${n}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: reply.model ?? request.model };
  const chunk = (delta: object, extra: object = {}) => ({ ...base, choices: [{ index: 0, delta, finish_reason: null, logprobs: null, ...extra }] });
  const chunks: object[] = [chunk({ role: 'assistant', content: '' }, { logprobs: logprobsField(reply, request) })];
  for (const piece of pieces(content ?? '', size)) chunks.push(chunk({ content: piece }));
  calls.forEach((call, index) => {
    const wire = wireCall(call, index, n);
    // id, type and name come whole in the first delta of a call; arguments follow in pieces.
    chunks.push(chunk({ tool_calls: [{ index, ...('id' in wire && { id: wire.id }), type: 'function', function: { name: call.name, arguments: '' } }] }));
    for (const piece of pieces(wire.function.arguments, size)) chunks.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
  });
  const finish = finishField(reply, calls.length > 0);
  chunks.push({ ...base, choices: [{ index: 0, delta: {}, finish_reason: finish.finish_reason ?? null }] });
  if (request.stream_options?.include_usage && reply.usage !== null) chunks.push({ ...base, choices: [], usage: usageField(reply) });

  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  for (const [i, c] of chunks.entries()) {
    res.write(`data: ${JSON.stringify(c)}\n\n`);
    if (i === 0 && reply.stallMs) await waitOrClose(res, reply.stallMs);
    if (res.destroyed) return;
  }
  res.end('data: [DONE]\n\n');
}

/** The content and structured calls of a reply, with calls moved into the text when asked. */
function shape(reply: FakeReply): { content: string | null; calls: FakeToolCall[] } {
  const calls = reply.toolCalls ?? [];
  if (!reply.toolCallsAsText) return { content: reply.content === undefined ? (calls.length > 0 ? null : '') : reply.content, calls };
  const json = (c: FakeToolCall) => `{"name": ${JSON.stringify(c.name)}, "arguments": ${argumentsText(c.arguments)}}`;
  const lead = reply.content ? `${reply.content}\n` : '';
  switch (reply.toolCallsAsText) {
    case 'bare':
      return { content: calls.length === 1 ? json(calls[0]!) : `[${calls.map(json).join(', ')}]`, calls: [] };
    case 'hunyuan':
      return { content: `${lead}<tool_calls>[${calls.map(json).join(', ')}]</tool_calls>`, calls: [] };
    default:
      return { content: lead + calls.map((c) => `<tool_call>\n${json(c)}\n</tool_call>`).join('\n'), calls: [] };
  }
}

const argumentsText = (args: unknown) => (typeof args === 'string' ? args : JSON.stringify(args));

function wireCall(call: FakeToolCall, index: number, n: number) {
  return {
    ...(call.id !== null && { id: call.id ?? `call_fake_${n}_${index}` }),
    type: 'function' as const,
    function: { name: call.name, arguments: argumentsText(call.arguments) },
  };
}

function finishField(reply: FakeReply, hasCalls: boolean): { finish_reason?: string } {
  if (reply.finishReason === null) return {};
  return { finish_reason: reply.finishReason ?? (hasCalls ? 'tool_calls' : 'stop') };
}

function usageField(reply: FakeReply) {
  const u = reply.usage ?? { promptTokens: 12, completionTokens: 5 };
  return { prompt_tokens: u.promptTokens, completion_tokens: u.completionTokens, total_tokens: u.promptTokens + u.completionTokens };
}

function logprobsField(reply: FakeReply, request: ChatCompletionCreateParams) {
  if (!request.logprobs || !reply.logprobs) return null;
  return { content: reply.logprobs.map((logprob, i) => ({ token: `t${i}`, logprob, bytes: null, top_logprobs: [] })), refusal: null };
}

const errorBody = (message: string, type: string, code: string | null = null) => ({ error: { message, type, param: null, code } });

function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  // By code points, so a Chinese character is never cut in half.
  const chars = [...text];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/** Waits, but stops early when the client goes away or the server closes. */
function waitOrClose(res: ServerResponse, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.once('close', done);
  });
}
