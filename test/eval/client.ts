// A traveller's side of the app channel: POST /v1/app/messages over HTTP, timed.
import type { Reply } from '../../src/bot/index.ts';

/** One exchange: what was sent, the replies, and how long the round trip took. */
export interface Exchange {
  text: string;
  payload?: string;
  replies: Reply[];
  latencyMs: number;
}

/** A traveller talking to one server over the app channel, in one conversation. */
export interface ChannelTraveller {
  readonly userId: string;
  readonly conversationId: string | undefined;
  send(text: string, payload?: string): Promise<Exchange>;
}

/**
 * A traveller `userId` on the app channel of the server at `baseUrl`.
 * @example const t = appTraveller(env.url, env.appKey, 'eval-1'); const { replies } = await t.send('你好');
 */
export function appTraveller(baseUrl: string, appKey: string, userId: string, locale?: 'zh-CN' | 'en'): ChannelTraveller {
  let conversationId: string | undefined;
  let n = 0;
  return {
    userId,
    get conversationId() {
      return conversationId;
    },
    async send(text, payload) {
      const started = performance.now();
      const body = {
        userId, text, messageId: `m${++n}`, ...(conversationId && { conversationId }), ...(payload !== undefined && { payload }),
        ...(locale && { locale }),
      };
      const res = await fetch(`${baseUrl}/v1/app/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${appKey}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(120_000),
      });
      const json = (await res.json().catch(() => ({}))) as { conversationId?: string; replies?: Reply[]; error?: string; message?: string };
      if (res.status !== 200) throw new Error(`the app channel answered ${res.status}: ${json.error ?? ''} ${json.message ?? ''}`.trim());
      conversationId = json.conversationId;
      return { text, payload, replies: json.replies ?? [], latencyMs: performance.now() - started };
    },
  };
}
