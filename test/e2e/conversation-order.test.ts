// Messages of one conversation sent at once are answered one at a time and in order, and no turn's state is lost;
// a message the app retries is answered once. Runs with the in-process lock, and with the Redis lock when REDIS_URL is set.
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { conversationTraces, type Reply } from '../../src/bot/index.ts';
import { startTestApp, TEST_APP_KEY, type TestApp } from '../support/app.ts';
import { lastUserText } from '../support/conversation.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';
import { listen, postJson, type Listening } from '../support/server.ts';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.log('conversation-order: REDIS_URL is unset, so the Redis-lock runs are skipped (the in-process lock runs).');

const auth = { authorization: `Bearer ${TEST_APP_KEY}` };

/** Every user message the model was shown in this request, oldest first. */
const userTexts = (req: ChatCompletionCreateParams) =>
  req.messages.filter((m) => m.role === 'user').map((m) => (typeof m.content === 'string' ? m.content : ''));

for (const lock of ['in-process', 'redis'] as const) {
  describe.skipIf(lock === 'redis' && !redisUrl)(`one conversation, messages at once (${lock} lock)`, () => {
    let t: TestApp;
    let llm: FakeLlm;
    let server: Listening;
    /** The `x-seq` of each request to the app channel, in the order the server received them. */
    const arrivals: string[] = [];

    beforeAll(async () => {
      llm = await startFakeLlm();
      t = await startTestApp({ env: { LLM_BASE_URL: llm.url, LLM_MODEL: 'fake-echo' }, redis: lock === 'redis' });
      server = await listen(t.app);
      server.server.on('request', (req: IncomingMessage) => {
        const seq = req.headers['x-seq'];
        if (typeof seq === 'string') arrivals.push(seq);
      });
    }, 60_000);
    afterAll(async () => {
      await server?.close();
      await t?.close();
      await llm?.close();
    });
    beforeEach(() => {
      llm.reset();
      arrivals.length = 0;
    });

    /**
     * The model looks the message up (a read tool, so the turn counts as progress) and then echoes it, so every
     * reply says which message it answers. Two model calls a turn.
     */
    const echo = (turns: number) => {
      for (let i = 0; i < 2 * turns; i++) {
        llm.script((req) => (req.messages.at(-1)!.role === 'user'
          ? { toolCalls: [{ name: 'search_knowledge', arguments: { question: lastUserText(req) } }] }
          : { content: `收到：${lastUserText(req)}` }));
      }
    };
    /** The first model request of each turn (the one that ends with the traveller's message). */
    const turnStarts = () => llm.requests.filter((req) => req.messages.at(-1)!.role === 'user');

    async function send(body: Record<string, unknown>, seq?: string): Promise<{ conversationId: string; replies: Reply[] }> {
      const r = await postJson(`${server.url}/v1/app/messages`, body, { ...auth, ...(seq && { 'x-seq': seq }) });
      if (r.status !== 200) throw new Error(`app channel answered ${r.status}: ${r.text}`);
      return r.body as unknown as { conversationId: string; replies: Reply[] };
    }

    /** Opens a conversation for `userId` with one message and returns its id. */
    async function opened(userId: string): Promise<string> {
      echo(1);
      const { conversationId } = await send({ userId, text: '你好' });
      llm.reset();
      return conversationId;
    }

    async function atOnce(n: number) {
      const userId = `u-${n}-${Math.random().toString(36).slice(2, 8)}`;
      const conversationId = await opened(userId);
      const texts = Array.from({ length: n }, (_, i) => `第${i + 1}条消息`);
      echo(n);
      // Dispatched in one synchronous loop: all n are in flight together.
      const answers = await Promise.all(texts.map((text, i) => send({ userId, conversationId, text }, String(i))));
      return { conversationId, texts, answers, received: arrivals.map((s) => texts[Number(s)]!) };
    }

    async function expectAnsweredInOrder(r: Awaited<ReturnType<typeof atOnce>>) {
      const { conversationId, texts, answers, received } = r;
      // Each answer is the reply to its own message.
      expect(answers.map((a) => a.replies.map((x) => x.text))).toEqual(texts.map((text) => [`收到：${text}`]));
      expect(answers.every((a) => a.conversationId === conversationId)).toBe(true);
      // The turns ran one at a time (each turn's two model calls are adjacent), and every turn saw every earlier
      // turn: nothing was lost to a concurrent write of the conversation state.
      const seen = turnStarts().map(lastUserText);
      expect(llm.requests.map(lastUserText)).toEqual(seen.flatMap((x) => [x, x]));
      turnStarts().forEach((req, i) => expect(userTexts(req)).toEqual(['你好', ...seen.slice(0, i + 1)]));
      const said = turnStarts().at(-1)!.messages.filter((m) => m.role === 'assistant' && m.content).map((m) => m.content);
      expect(said).toEqual(['收到：你好', ...seen.slice(0, -1).map((x) => `收到：${x}`)]);
      expect(await conversationTraces(t.testDb.db, conversationId)).toHaveLength(texts.length + 1);
      const { rows } = await t.testDb.db.query<{ value: { memory?: { turn?: number } } }>(
        'SELECT value FROM bot_state WHERE key LIKE $1', [`%${conversationId}%`]);
      expect(rows.map((x) => x.value.memory?.turn).filter((x) => x !== undefined)).toEqual([texts.length + 1]);
      // And the turns ran in the order the server received the messages.
      expect(seen, 'the order the model saw the messages in').toEqual(received);
    }

    it('two messages at once are answered in the order sent, and the second turn sees the first', async () => {
      await expectAnsweredInOrder(await atOnce(2));
    });

    it('ten messages at once are answered in the order sent, and no turn is lost', async () => {
      await expectAnsweredInOrder(await atOnce(10));
    });

    it('the same messageId sent twice (a retry) runs the bot once; both answers are the same', async () => {
      const userId = `retry-${Math.random().toString(36).slice(2, 8)}`;
      const conversationId = await opened(userId);
      echo(2);
      const body = { userId, conversationId, text: '北京有房吗', messageId: 'm-42' };

      const first = await send(body);
      const again = await send(body);

      expect(turnStarts()).toHaveLength(1);
      expect(again).toEqual(first);
      expect(first.replies.map((x) => x.text)).toEqual(['收到：北京有房吗']);
    });

    it('the same messageId sent twice at once runs the bot once; both answers are the same', async () => {
      const userId = `retry2-${Math.random().toString(36).slice(2, 8)}`;
      const conversationId = await opened(userId);
      echo(2);
      const body = { userId, conversationId, text: '上海有房吗', messageId: 'm-43' };

      const [first, again] = await Promise.all([send(body), send(body)]);

      expect(turnStarts()).toHaveLength(1);
      expect(again).toEqual(first);
      expect(first.replies.map((x) => x.text)).toEqual(['收到：上海有房吗']);
    });

    it('a retried FIRST message (the app never learnt the conversationId) runs the bot once and answers the same', async () => {
      const userId = `retry3-${Math.random().toString(36).slice(2, 8)}`;
      echo(2);
      const body = { userId, text: '你好，我想订房', messageId: 'm-1' };

      const first = await send(body);
      const again = await send(body);

      expect(turnStarts()).toHaveLength(1);
      expect(again).toEqual(first);
    });
  });
}
