// The offline model: a ChatModel with no hosted LLM behind it, deterministic, speaking Chinese and English.
import { todayIn } from '../../dates.ts';
import type { ChatModel, ChatRequest, ChatResponse, ToolCall } from '../types.ts';
import { decide, expectationOf } from './policy.ts';
import { en } from './replies-en.ts';
import { zh } from './replies-zh.ts';
import { reconstruct, type Understand } from './state.ts';
import { understand } from './understand/index.ts';
import type { Understanding, UnderstandContext } from './understanding.ts';
import { picker, render } from './voice.ts';

export type { Understand } from './state.ts';

/** What the offline model is built from. */
export interface OfflineChatModelOptions {
  /** Reads one traveller message; the real reader by default. */
  understand?: Understand;
  /** "Now", when the system prompt does not say what day it is. */
  now?: () => Date;
  /** The hotels' zone for that fallback (TZ_HOTELS). */
  timeZone?: string;
}

const CACHE_LIMIT = 2_000;

/**
 * A {@link ChatModel} that needs no hosted model: it rebuilds the dialogue from the messages, decides the next tool
 * calls or the reply, and words it in the traveller's language. The same messages always give the same answer.
 * @example
 * const model = new OfflineChatModel();
 * const r = await model.complete({ messages, tools, locale: 'zh-CN', conversationId });
 */
export class OfflineChatModel implements ChatModel {
  readonly name = 'offline';
  readonly #understand: Understand;
  readonly #now: () => Date;
  readonly #timeZone: string;
  /** A turn calls the model two or three times over the same window: read each message once. */
  readonly #cache = new Map<string, Understanding | Promise<Understanding>>();

  constructor(opts: OfflineChatModelOptions = {}) {
    this.#understand = opts.understand ?? understand;
    this.#now = opts.now ?? (() => new Date());
    this.#timeZone = opts.timeZone ?? 'Asia/Shanghai';
  }

  async complete(request: ChatRequest): Promise<ChatResponse> {
    if (request.signal?.aborted) throw request.signal.reason;
    const conversationId = request.conversationId ?? '';
    const state = await reconstruct(request.messages, {
      understand: (text, ctx) => this.#read(text, ctx),
      expectationOf,
      fallbackToday: () => todayIn(this.#timeZone, this.#now()),
      conversationId,
      locale: request.locale,
    });
    const { step, confidence } = decide(state);
    if (step.kind === 'call') {
      const toolCalls: ToolCall[] = step.calls.map((c, i) => ({
        id: `offline_${state.turn}_${state.steps.length}_${i}`,
        name: c.name,
        arguments: JSON.stringify(c.args),
      }));
      return { content: null, toolCalls, finishReason: 'tool_calls', model: this.name, confidence };
    }
    const voice = state.lang === 'en' ? en : zh;
    const content = render(voice, step.plan, { pick: picker(conversationId, state.turn), timeZone: state.timeZone, today: state.today });
    return { content, toolCalls: [], finishReason: 'stop', model: this.name, confidence };
  }

  #read(text: string, ctx: UnderstandContext): Understanding | Promise<Understanding> {
    const key = `${ctx.today}|${ctx.locale ?? ''}|${text}`;
    let hit = this.#cache.get(key);
    if (hit === undefined) {
      hit = this.#understand(text, ctx);
      if (this.#cache.size >= CACHE_LIMIT) this.#cache.delete(this.#cache.keys().next().value!);
      this.#cache.set(key, hit);
    }
    return hit;
  }
}
