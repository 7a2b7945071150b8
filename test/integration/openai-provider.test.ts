// The OpenAI-compatible provider, through the real SDK over HTTP, against a fake server that mimics providers.
import { OfflineChatModel } from '../../src/model/offline/index.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createChatModel, ModelError, OpenAIChatModel, UnconfiguredModel, type ChatMessage, type ChatRequest, type OpenAIChatModelOptions, type ToolSpec } from '../../src/model/index.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';

const searchHotels: ToolSpec = {
  name: 'search_hotels',
  description: 'Search hotels with rooms for the stay.',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const getHotelDetails: ToolSpec = {
  name: 'get_hotel_details',
  description: 'Details of one hotel.',
  parameters: { type: 'object', properties: { hotelId: { type: 'string' } }, required: ['hotelId'] },
};
const ask = (text: string, tools: ToolSpec[] = [searchHotels, getHotelDetails]): ChatRequest => ({
  messages: [{ role: 'user', content: text }],
  tools,
});

let llm: FakeLlm;
const model = (options: Partial<OpenAIChatModelOptions> = {}) =>
  new OpenAIChatModel({ baseUrl: llm.url, model: 'fake-model', maxRetries: 0, timeoutMs: 2_000, ...options });

/** The ModelError a call ends with (fails the test if it succeeds). */
async function failure(pending: Promise<unknown>): Promise<ModelError> {
  const err = await pending.then(
    () => expect.fail('the call should have failed'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ModelError);
  return err as ModelError;
}

beforeAll(async () => {
  llm = await startFakeLlm();
});
afterAll(() => llm.close());
beforeEach(() => llm.reset());

describe('answers', () => {
  it('a plain answer comes back as text with its finish reason, model and usage', async () => {
    llm.script({ content: '您好！请问您想住哪个城市？', usage: { promptTokens: 30, completionTokens: 9 } });
    const answer = await model().complete(ask('你好'));
    expect(answer).toEqual({
      content: '您好！请问您想住哪个城市？',
      toolCalls: [],
      finishReason: 'stop',
      model: 'fake-model',
      usage: { promptTokens: 30, completionTokens: 9 },
    });
  });

  it('one tool call comes back with its id, name and arguments as text; content null is fine', async () => {
    llm.script({ toolCalls: [{ id: 'call_1', name: 'search_hotels', arguments: { city: '北京' } }] });
    const answer = await model().complete(ask('北京的酒店'));
    expect(answer.content).toBeNull();
    expect(answer.finishReason).toBe('tool_calls');
    expect(answer.toolCalls).toEqual([{ id: 'call_1', name: 'search_hotels', arguments: '{"city":"北京"}' }]);
  });

  it('several tool calls in one answer keep their order, beside the text', async () => {
    llm.script({
      content: '我来查一下。',
      toolCalls: [
        { name: 'get_hotel_details', arguments: { hotelId: 'h1' } },
        { name: 'get_hotel_details', arguments: { hotelId: 'h2' } },
      ],
    });
    const answer = await model().complete(ask('比较这两家'));
    expect(answer.content).toBe('我来查一下。');
    expect(answer.toolCalls.map((c) => c.arguments)).toEqual(['{"hotelId":"h1"}', '{"hotelId":"h2"}']);
    expect(new Set(answer.toolCalls.map((c) => c.id)).size).toBe(2);
  });

  it('arguments that are not valid JSON pass through unchanged for the caller to validate', async () => {
    llm.script({ toolCalls: [{ name: 'search_hotels', arguments: '{"city": "北京",' }] });
    const answer = await model().complete(ask('北京'));
    expect(answer.toolCalls[0]!.arguments).toBe('{"city": "北京",');
  });

  it('a tool call without an id gets one, unique in the answer', async () => {
    llm.script({
      toolCalls: [
        { id: null, name: 'get_hotel_details', arguments: { hotelId: 'h1' } },
        { id: null, name: 'get_hotel_details', arguments: { hotelId: 'h2' } },
      ],
    });
    const { toolCalls } = await model().complete(ask('两家'));
    expect(toolCalls.every((c) => /^call_\w+$/.test(c.id))).toBe(true);
    expect(toolCalls[0]!.id).not.toBe(toolCalls[1]!.id);
  });

  it('a missing finish reason and missing usage get defaults, not errors', async () => {
    llm.script({ content: '好的', finishReason: null, usage: null }, { toolCalls: [{ name: 'search_hotels', arguments: {} }], finishReason: null });
    const text = await model().complete(ask('好'));
    expect(text.finishReason).toBe('stop');
    expect(text.usage).toBeUndefined();
    expect((await model().complete(ask('查'))).finishReason).toBe('tool_calls');
  });

  it('reasoning left in the text by a server without a reasoning parser is not shown', async () => {
    llm.script({ content: '<think>用户想订房</think>\n\n请问几位入住？' });
    expect((await model().complete(ask('订房'))).content).toBe('请问几位入住？');
  });
});

describe('tool calls written as text by some Ollama, Qwen and Hunyuan setups', () => {
  it('<tool_call> blocks (Qwen/Hermes) become tool calls and leave the content', async () => {
    llm.script({
      content: '好的，我帮您查。',
      toolCallsAsText: 'tagged',
      toolCalls: [
        { name: 'search_hotels', arguments: { city: '上海' } },
        { name: 'get_hotel_details', arguments: { hotelId: 'h9' } },
      ],
    });
    const answer = await model().complete(ask('上海'));
    expect(answer.content).toBe('好的，我帮您查。');
    expect(answer.toolCalls.map(({ name, arguments: a }) => ({ name, a }))).toEqual([
      { name: 'search_hotels', a: '{"city":"上海"}' },
      { name: 'get_hotel_details', a: '{"hotelId":"h9"}' },
    ]);
    expect(answer.finishReason).toBe('tool_calls');
    expect(answer.toolCalls[0]!.id).toMatch(/^call_/);
  });

  it('a <tool_calls> array (Hunyuan) becomes tool calls', async () => {
    llm.script({ toolCallsAsText: 'hunyuan', toolCalls: [{ name: 'search_hotels', arguments: { city: '成都' } }] });
    const answer = await model().complete(ask('成都'));
    expect(answer.content).toBeNull();
    expect(answer.toolCalls).toMatchObject([{ name: 'search_hotels', arguments: '{"city":"成都"}' }]);
  });

  it('a bare JSON object naming an offered tool (Ollama) becomes a tool call', async () => {
    llm.script({ toolCallsAsText: 'bare', toolCalls: [{ name: 'search_hotels', arguments: { city: '杭州' } }] });
    const answer = await model().complete(ask('杭州'));
    expect(answer.content).toBeNull();
    expect(answer.toolCalls).toMatchObject([{ name: 'search_hotels', arguments: '{"city":"杭州"}' }]);
  });

  it('a bare JSON answer that names no offered tool stays text', async () => {
    llm.script({ content: '{"name": "西湖", "arguments": "景点"}' });
    const answer = await model().complete(ask('杭州'));
    expect(answer.toolCalls).toEqual([]);
    expect(answer.content).toBe('{"name": "西湖", "arguments": "景点"}');
  });

  it('a tagged call with broken JSON still names its tool and passes the raw arguments on', async () => {
    llm.script({ toolCallsAsText: 'tagged', toolCalls: [{ name: 'search_hotels', arguments: '{"city": "北京",}' }] });
    const answer = await model().complete(ask('北京'));
    expect(answer.toolCalls).toMatchObject([{ name: 'search_hotels', arguments: '{"city": "北京",}' }]);
    expect(answer.content).toBeNull();
  });
});

describe('the request', () => {
  it('maps the conversation with tool calls and their results to the wire format', async () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: '你是酒店客服。' },
      { role: 'user', content: '北京明天有房吗' },
      { role: 'assistant', content: null, toolCalls: [{ id: 'call_a', name: 'search_hotels', arguments: '{"city":"北京"}' }] },
      { role: 'tool', toolCallId: 'call_a', name: 'search_hotels', content: '{"budget":[]}' },
      { role: 'assistant', content: '有三家。' },
      { role: 'user', content: '第一家' },
    ];
    llm.script({ content: '好的' });
    await model().complete({ messages, tools: [searchHotels] });
    expect(llm.requests[0]!.messages).toEqual([
      { role: 'system', content: '你是酒店客服。' },
      { role: 'user', content: '北京明天有房吗' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'search_hotels', arguments: '{"city":"北京"}' } }] },
      { role: 'tool', tool_call_id: 'call_a', content: '{"budget":[]}' },
      { role: 'assistant', content: '有三家。' },
      { role: 'user', content: '第一家' },
    ]);
    expect(llm.requests[0]!.tools).toEqual([{ type: 'function', function: { name: 'search_hotels', description: searchHotels.description, parameters: searchHotels.parameters } }]);
  });

  it('sends no tools field when there are no tools, and no tool_choice, logprobs or stream unless asked', async () => {
    llm.script({ content: 'a' }, { content: 'b' });
    await model().complete(ask('hi', []));
    await model().complete(ask('hi'));
    expect(Object.keys(llm.requests[0]!).sort()).toEqual(['messages', 'model']);
    expect(Object.keys(llm.requests[1]!).sort()).toEqual(['messages', 'model', 'tools']);
  });

  it('works with a provider that rejects tool_choice, and sends it only when toolChoice is "auto"', async () => {
    const strict = await startFakeLlm({ rejectToolChoice: true });
    try {
      strict.script({ toolCalls: [{ name: 'search_hotels', arguments: { city: '北京' } }] });
      const answer = await new OpenAIChatModel({ baseUrl: strict.url, model: 'm', maxRetries: 0 }).complete(ask('北京'));
      expect(answer.toolCalls).toHaveLength(1);

      const err = await failure(new OpenAIChatModel({ baseUrl: strict.url, model: 'm', maxRetries: 0, toolChoice: 'auto' }).complete(ask('北京')));
      expect(strict.requests[1]!.tool_choice).toBe('auto');
      expect(err.kind).toBe('bad_response');
      expect(err.message).toMatch(/400/);
    } finally {
      await strict.close();
    }
  });

  it('sends the API key as a bearer token; a refused key is a configuration problem', async () => {
    const guarded = await startFakeLlm({ apiKey: 'sk-right' });
    try {
      guarded.script({ content: 'ok' });
      await new OpenAIChatModel({ baseUrl: guarded.url, model: 'm', apiKey: 'sk-right' }).complete(ask('hi'));
      const err = await failure(new OpenAIChatModel({ baseUrl: guarded.url, model: 'm', apiKey: 'sk-wrong' }).complete(ask('hi')));
      expect(err.kind).toBe('not_configured');
      expect(guarded.requests).toHaveLength(2); // a 401 is not retried
    } finally {
      await guarded.close();
    }
  });
});

describe('streaming', () => {
  it('assembles content and tool-call deltas split across chunks into one answer', async () => {
    llm.script({
      content: '我帮您查一下北京和上海。',
      toolCalls: [
        { id: 'call_x', name: 'search_hotels', arguments: { city: '北京', checkIn: '2026-05-01' } },
        { id: 'call_y', name: 'search_hotels', arguments: { city: '上海', checkIn: '2026-05-01' } },
      ],
    });
    const answer = await model({ stream: true }).complete(ask('北京和上海'));
    expect(llm.requests[0]!.stream).toBe(true);
    expect(answer).toMatchObject({
      content: '我帮您查一下北京和上海。',
      finishReason: 'tool_calls',
      toolCalls: [
        { id: 'call_x', name: 'search_hotels', arguments: '{"city":"北京","checkIn":"2026-05-01"}' },
        { id: 'call_y', name: 'search_hotels', arguments: '{"city":"上海","checkIn":"2026-05-01"}' },
      ],
    });
  });

  it('a provider that ignores stream and answers JSON is read all the same', async () => {
    llm.script({ garbage: JSON.stringify({ model: 'm', choices: [{ message: { content: '整段回答' } }] }) });
    expect((await model({ stream: true }).complete(ask('hi'))).content).toBe('整段回答');
  });

  it('a stream that stalls mid-answer times out instead of waiting forever', async () => {
    llm.script({ content: '这个回答会卡住', stallMs: 3_000 });
    const started = Date.now();
    const err = await failure(model({ stream: true, timeoutMs: 300 }).complete(ask('hi')));
    expect(err.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});

describe('failures and retries', () => {
  it('a 500 is retried after a backoff, then the answer is used', async () => {
    llm.script({ status: 500 }, { content: '好了' });
    const started = Date.now();
    const answer = await model({ maxRetries: 2 }).complete(ask('hi'));
    expect(answer.content).toBe('好了');
    expect(llm.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300); // the SDK's first backoff is 0.5 s less up to 25 % jitter
  });

  it('a 429 is retried, honouring the retry-after the provider sends', async () => {
    llm.script({ status: 429, retryAfterMs: 20 }, { content: '好了' });
    expect((await model({ maxRetries: 2 }).complete(ask('hi'))).content).toBe('好了');
    expect(llm.requests).toHaveLength(2);
  });

  it('a 429 that persists after the retries is rate_limited', async () => {
    llm.script({ status: 429, retryAfterMs: 10 }, { status: 429, retryAfterMs: 10 });
    expect((await failure(model({ maxRetries: 1 }).complete(ask('hi')))).kind).toBe('rate_limited');
  });

  it('a 500 that persists after the retries is unavailable', async () => {
    llm.script({ status: 500, retryAfterMs: 10 }, { status: 502, retryAfterMs: 10 }, { status: 503, retryAfterMs: 10 });
    const err = await failure(model({ maxRetries: 2 }).complete(ask('hi')));
    expect(err.kind).toBe('unavailable');
    expect(llm.requests).toHaveLength(3);
  });

  it('a server that cannot be reached is unavailable', async () => {
    const gone = await startFakeLlm();
    const url = gone.url;
    await gone.close();
    const err = await failure(new OpenAIChatModel({ baseUrl: url, model: 'm', maxRetries: 0 }).complete(ask('hi')));
    expect(err.kind).toBe('unavailable');
  });

  it('a hang times out within the configured time', async () => {
    llm.script({ hangMs: 5_000 });
    const started = Date.now();
    const err = await failure(model({ timeoutMs: 300, maxRetries: 0 }).complete(ask('hi')));
    expect(err.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('a garbage body is a bad_response, whatever its content type', async () => {
    llm.script({ garbage: '<html>502 Bad Gateway</html>' }, { garbage: 'upstream error', contentType: 'text/plain' }, { garbage: '{"object":"chat.completion"}' });
    for (let i = 0; i < 3; i++) expect((await failure(model().complete(ask('hi')))).kind).toBe('bad_response');
  });

  it('an answer with neither text nor tool calls is a bad_response', async () => {
    llm.script({ content: '' }, { content: '   ' });
    expect((await failure(model().complete(ask('hi')))).kind).toBe('bad_response');
    expect((await failure(model({ stream: true }).complete(ask('hi')))).kind).toBe('bad_response');
  });

  it("the caller's abort ends the call at once, even during a retry's backoff", async () => {
    llm.script({ status: 500, retryAfterMs: 5_000 }, { content: 'too late' });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('the turn is over')), 100);
    await expect(model({ maxRetries: 2 }).complete({ ...ask('hi'), signal: controller.signal })).rejects.toThrow('the turn is over');
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('logprobs', () => {
  it('are asked for only with the option, and give the mean log-probability', async () => {
    llm.script({ content: '好的', logprobs: [-0.1, -0.3, -0.2] }, { content: '好的', logprobs: [-0.5, -1.5] }, { content: '好的', logprobs: [-1] });
    const json = await model({ logprobs: true }).complete(ask('hi'));
    const streamed = await model({ logprobs: true, stream: true }).complete(ask('hi'));
    const without = await model().complete(ask('hi'));
    expect(llm.requests.map((r) => r.logprobs)).toEqual([true, true, undefined]);
    expect(json.meanLogprob).toBeCloseTo(-0.2);
    expect(streamed.meanLogprob).toBeCloseTo(-1);
    expect(without.meanLogprob).toBeUndefined();
  });
});

describe('choosing the model', () => {
  it('without LLM_BASE_URL it is the offline model', () => {
    expect(createChatModel(undefined)).toBeInstanceOf(OfflineChatModel);
  });

  it('the unconfigured model answers not_configured', async () => {
    expect((await failure(new UnconfiguredModel().complete())).kind).toBe('not_configured');
  });

  it('with LLM_BASE_URL it is the OpenAI-compatible model of that endpoint', async () => {
    llm.script({ content: 'ok' });
    const configured = createChatModel({ baseUrl: llm.url, apiKey: undefined, model: 'qwen-plus' });
    expect(configured).toBeInstanceOf(OpenAIChatModel);
    expect(configured.name).toBe('openai-compatible:qwen-plus');
    await configured.complete(ask('hi'));
    expect(llm.requests[0]!.model).toBe('qwen-plus');
    expect(llm.headers[0]!.authorization).toBe('Bearer none');
  });
});
