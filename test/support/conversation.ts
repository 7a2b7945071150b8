// Conversation tests that read like the conversation: a traveller says things through the app channel.
import request from 'supertest';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { Reply } from '../../src/bot/index.ts';
import type { TestApp } from './app.ts';
import { TEST_APP_KEY } from './app.ts';

/** A traveller on the app channel. */
export interface Traveller {
  conversationId: string | undefined;
  /** Sends a message; resolves to the replies of this turn. */
  says(text: string, extra?: { payload?: unknown; messageId?: string; locale?: 'zh-CN' | 'en' }): Promise<Reply[]>;
  /** Taps a reply action. */
  taps(value: string): Promise<Reply[]>;
}

/** A traveller talking to `t` over `POST /v1/app/messages`. */
export function traveller(app: TestApp | (() => TestApp), userId = `user-${Math.random().toString(36).slice(2, 8)}`): Traveller {
  const current = () => (typeof app === 'function' ? app() : app);
  const self: Traveller = {
    conversationId: undefined,
    async says(text, extra = {}) {
      const r = await request(current().app).post('/v1/app/messages').set('Authorization', `Bearer ${TEST_APP_KEY}`)
        .send({ userId, text, ...(self.conversationId && { conversationId: self.conversationId }), ...extra });
      if (r.status !== 200) throw new Error(`app channel answered ${r.status}: ${JSON.stringify(r.body)}`);
      self.conversationId = r.body.conversationId;
      return r.body.replies as Reply[];
    },
    taps(value) {
      return self.says('', { payload: value });
    },
  };
  return self;
}

/** The JSON of the last tool result the model was sent in `req`, by tool name. */
export function lastToolResult<T = Record<string, unknown>>(req: ChatCompletionCreateParams, name?: string): T {
  const msgs = req.messages.filter((m) => m.role === 'tool');
  const toolCalls = req.messages.flatMap((m) => (m.role === 'assistant' && m.tool_calls ? m.tool_calls : []));
  const pick = name ? msgs.filter((m) => toolCalls.find((c) => c.id === (m as { tool_call_id: string }).tool_call_id && 'function' in c && c.function.name === name)) : msgs;
  const last = pick.at(-1);
  if (!last) throw new Error(`no tool result${name ? ` of ${name}` : ''} in the request`);
  return JSON.parse(String(last.content)) as T;
}

/** The last user message the model was sent. */
export function lastUserText(req: ChatCompletionCreateParams): string {
  const m = req.messages.filter((x) => x.role === 'user').at(-1);
  return typeof m?.content === 'string' ? m.content : '';
}
