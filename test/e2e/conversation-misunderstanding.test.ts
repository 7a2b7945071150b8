// Repeated misunderstanding: the same question asked again and again hands the traveller to a person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { traveller } from '../support/conversation.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';

let t: TestApp;
let llm: FakeLlm;
beforeAll(async () => {
  llm = await startFakeLlm();
  t = await startTestApp({ env: { LLM_BASE_URL: llm.url, LLM_MODEL: 'fake' } });
});
afterAll(async () => {
  await t?.close();
  await llm?.close();
});

describe('repeated misunderstanding', () => {
  it('asking for the next detail each turn is progress, not misunderstanding', async () => {
    const a = traveller(() => t);
    llm.script({ content: '请问您想去哪个城市？' }, { content: '请问哪天入住？' }, { content: '请问几位入住？' });
    for (const text of ['订酒店', '北京', '明天']) expect((await a.says(text))[0]!.handoff).toBeUndefined();
  });

  it('the same question three times in a row goes to a person, with that reason', async () => {
    const a = traveller(() => t);
    llm.script({ content: '请问您想去哪个城市？' }, { content: '请问您想去哪个城市？' }, { content: '请问您想去哪个城市？' }, { content: '请问您想去哪个城市？' });
    const replies = [];
    for (const text of ['订酒店', '嗯', '啊？', '就是那个']) replies.push((await a.says(text))[0]!);
    expect(replies.map((r) => r.handoff ?? false)).toEqual([false, false, false, true]);
    const { rows } = await t.testDb.db.query<{ reason: string }>('SELECT reason FROM handoffs WHERE conversation_id = $1', [a.conversationId]);
    expect(rows).toEqual([{ reason: 'repeated_misunderstanding' }]);
  });
});
