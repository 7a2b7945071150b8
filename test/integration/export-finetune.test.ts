// The fine-tuning export: real conversations with the offline model (bookings, a corrected answer, a handoff, an
// abandoned search, an empty session) written as OpenAI chat JSONL, every line checked against the format.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { migrate, openPglite } from '../../db/index.ts';
import { createTools } from '../../flows/index.ts';
import { toolSpecs } from '../../src/bot/index.ts';
import { OfflineChatModel } from '../../src/model/offline/index.ts';
import { exportFinetune, type ExportSelection, type FinetuneExportOptions } from '../../src/review/index.ts';
import { startTestApp, TEST_APP_KEY, type TestApp } from '../support/app.ts';
import { aHotel, aRoomType, aTenant, aUser, staffToken } from '../support/builders.ts';
import { engine } from '../support/db.ts';

let t: TestApp;
let dir: string;
const api = () => request(t.app);
const as = (tok: string) => ({ Authorization: `Bearer ${tok}` });
const A = { tenant: '', budget: '', comfort: '', luxury: '' };
let tenantB = '';
const conv: Record<string, string> = {};
let specs: ReturnType<typeof toolSpecs>;

const TOOL_NAMES = ['search_hotels', 'get_hotel_details', 'search_knowledge', 'find_bookings', 'prepare_booking', 'prepare_cancellation', 'confirm', 'handoff_to_human'] as const;
const CORRECTED = '可以开具增值税电子普通发票和专用发票：退房时在前台提供抬头和税号即可。';
const AGENT_TEXT = '您好，我是客服小王，已经为您查好了。';
const GUEST_NAMES = ['张三', 'John Smith'];
const PHONES = [/13800138000/, /138\s?0013\s?8000/, /139\s?1234\s?5678/, /13912345678/, /\*{3,}/, /(?<!\d)1[3-9]\d{9}(?!\d)/];

async function says(userId: string, text: string, opts: { tenantId?: string; conversationId?: string; locale?: 'en' } = {}) {
  const r = await api().post('/v1/app/messages').set(as(TEST_APP_KEY)).send({ userId, text, ...opts });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { conversationId: string; replies: Array<{ text: string }> };
}

// ---- the format, written from OpenAI's chat fine-tuning documentation, independently of the exporter ----
const isJson = (s: string) => {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
};
const isJsonObject = (s: string) => isJson(s) && typeof JSON.parse(s) === 'object' && JSON.parse(s) !== null && !Array.isArray(JSON.parse(s));
const toolCall = z.object({
  id: z.string().min(1),
  type: z.literal('function'),
  function: z.object({ name: z.enum(TOOL_NAMES), arguments: z.string().refine(isJsonObject, 'arguments must be a JSON object') }).strict(),
}).strict();
const message = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: z.string().min(1) }).strict(),
  z.object({ role: z.literal('user'), content: z.string().min(1) }).strict(),
  z.object({ role: z.literal('assistant'), content: z.string().min(1).nullable(), tool_calls: z.array(toolCall).min(1).optional() }).strict()
    .refine((m) => (m.content === null) === (m.tool_calls !== undefined), 'an assistant message has text or tool calls'),
  z.object({ role: z.literal('tool'), tool_call_id: z.string().min(1), content: z.string().refine(isJson, 'content must be JSON') }).strict(),
]);
const tool = z.object({
  type: z.literal('function'),
  function: z.object({ name: z.enum(TOOL_NAMES), description: z.string().min(1), parameters: z.object({ type: z.literal('object') }).loose() }).strict(),
}).strict();
const lineSchema = z.object({ messages: z.array(message).min(3), tools: z.array(tool).length(TOOL_NAMES.length) }).strict();
type Line = z.output<typeof lineSchema>;

/** The order of a conversation: system, then turns of user → (tool calls → one result per call)* → answer. */
function checkOrder(line: Line): void {
  const [first, ...rest] = line.messages;
  expect(first!.role).toBe('system');
  const ids = new Set<string>();
  let i = 0;
  while (i < rest.length) {
    expect(rest[i]!.role, `message ${i + 1} opens a turn`).toBe('user');
    i++;
    for (;;) {
      const m = rest[i]!;
      expect(m?.role, `message ${i + 1} follows a user or tool message`).toBe('assistant');
      if (m.role !== 'assistant') throw new Error('unreachable');
      i++;
      if (!m.tool_calls) break;
      for (const call of m.tool_calls) {
        expect(ids.has(call.id), `tool call id ${call.id} is unique`).toBe(false);
        ids.add(call.id);
        const result = rest[i]!;
        expect(result).toMatchObject({ role: 'tool', tool_call_id: call.id });
        i++;
      }
    }
  }
  expect(line.messages.at(-1)).toMatchObject({ role: 'assistant', content: expect.any(String) });
}

/** Exports into a file and reads it back, every line parsed with the schema. */
async function exportAndLoad(opts: Partial<FinetuneExportOptions> = {}) {
  const file = join(dir, `export-${randomBytes(4).toString('hex')}.jsonl`);
  const chunks: string[] = [];
  const progress: Array<[number, number]> = [];
  const report = await exportFinetune(t.testDb.db, (line) => { chunks.push(line); }, {
    tools: specs, timeZone: 'Asia/Shanghai', onProgress: (d, n) => progress.push([d, n]), batchSize: 3, ...opts,
  });
  await writeFile(file, chunks.join(''));
  const text = await readFile(file, 'utf8');
  const raw = text.split('\n').filter((l) => l !== '');
  const lines = raw.map((l, n) => {
    const parsed = lineSchema.safeParse(JSON.parse(l));
    if (!parsed.success) throw new Error(`line ${n + 1}: ${JSON.stringify(parsed.error.issues.slice(0, 3))}`);
    checkOrder(parsed.data);
    return parsed.data;
  });
  return { report, lines, text, progress };
}

const lineOf = (lines: Line[], userText: string) => lines.find((l) => l.messages.some((m) => m.role === 'user' && m.content.includes(userText)));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'td-export-'));
  t = await startTestApp({ model: new OfflineChatModel() });
  const db = t.testDb.db;
  specs = toolSpecs(createTools({ db, booking: t.services.booking, knowledge: t.services.knowledge, keys: t.services.keys, clock: t.clock, timeZone: 'Asia/Shanghai', publicUrl: () => 'https://tourdesk.test' }));
  A.tenant = await aTenant(db, '京华酒店集团');
  tenantB = await aTenant(db, '申城酒店');
  A.budget = await aHotel(db, { tenantId: A.tenant, city: '北京', tier: 'budget', name: '如家快捷酒店(王府井店)' });
  A.comfort = await aHotel(db, { tenantId: A.tenant, city: '北京', tier: 'comfort', name: '京伦饭店' });
  A.luxury = await aHotel(db, { tenantId: A.tenant, city: '北京', tier: 'luxury', name: '北京王府半岛酒店' });
  for (const [hotelId, price] of [[A.budget, 32_000], [A.comfort, 56_000], [A.luxury, 128_000]] as const) {
    await aRoomType(db, { hotelId, from: '2026-12-01', nights: 40, price });
  }
  const agent = await aUser(db, { role: 'agent', tenantId: A.tenant });
  const agentToken = await staffToken(t.services.keys, 'agent', A.tenant, agent.id);
  const operator = await aUser(db, { role: 'operator', tenantId: A.tenant });
  const operatorToken = await staffToken(t.services.keys, 'operator', A.tenant, operator.id);

  // A booking in Chinese, by a traveller of no tenant.
  conv.zh = (await says('zh-booker', '12月10日到12日在北京住两晚，两个人')).conversationId;
  await says('zh-booker', '订舒适型那家，张三 13800138000', { conversationId: conv.zh });
  await says('zh-booker', '确认', { conversationId: conv.zh });
  // A booking in English.
  conv.en = (await says('en-booker', 'Hi, we need a hotel in Beijing from Dec 10 to Dec 12, two adults', { locale: 'en' })).conversationId;
  await says('en-booker', 'Book the budget one please. My name is John Smith, phone +86 139 1234 5678', { conversationId: conv.en, locale: 'en' });
  await says('en-booker', 'Yes, confirm', { conversationId: conv.en, locale: 'en' });
  // A question answered wrongly, then corrected.
  conv.faq = (await says('faq', '你们可以开发票吗？', { tenantId: A.tenant })).conversationId;
  const faqBot = (await db.query<{ id: string }>(`SELECT id FROM messages WHERE conversation_id = $1 AND author = 'bot'`, [conv.faq])).rows[0]!.id;
  await api().post('/v1/operator/corrections').set(as(operatorToken)).send({ messageId: faqBot, text: CORRECTED }).expect(201);
  // A handoff: the agent answers, hands back, and the bot takes the next question.
  conv.human = (await says('human', '我要转人工', { tenantId: A.tenant })).conversationId;
  const handoff = (await db.query<{ id: string }>('SELECT id FROM handoffs WHERE conversation_id = $1', [conv.human])).rows[0]!.id;
  await api().post(`/v1/agent/handoffs/${handoff}/claim`).set(as(agentToken)).expect(200);
  await api().post(`/v1/agent/conversations/${conv.human}/messages`).set(as(agentToken)).send({ text: AGENT_TEXT }).expect(201);
  await says('human', '好的谢谢', { conversationId: conv.human });
  await api().post(`/v1/agent/handoffs/${handoff}/resolve`).set(as(agentToken)).send({}).expect(200);
  await says('human', '12月10日到12日在北京住两晚，两个人', { conversationId: conv.human });
  // A search that goes nowhere, a session never used, and another tenant's greeting.
  conv.abandoned = (await says('abandoned', '12月10日到12日在北京住两晚，两个人', { tenantId: A.tenant })).conversationId;
  conv.empty = (await api().post('/v1/web/sessions').send({ tenantId: A.tenant }).expect(200)).body.conversationId;
  conv.other = (await says('other-tenant', '你好', { tenantId: tenantB })).conversationId;
  t.clock.advance(31 * 60_000);
  const booked = await db.query<{ traveller_id: string }>('SELECT traveller_id FROM reservations ORDER BY traveller_id');
  expect(booked.rows.map((r) => r.traveller_id)).toEqual(['app:en-booker', 'app:zh-booker']);
}, 120_000);
afterAll(async () => {
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe(`the fine-tuning export (${engine})`, () => {
  it('writes the booked and the corrected conversations by default, and counts what it left out and why', async () => {
    const { report, lines, progress } = await exportAndLoad();
    expect(report).toEqual({
      considered: 7, written: 3,
      leftOut: { empty: 1, no_traces: 0, no_booking: 2, handed_off: 1, not_corrected: 0, no_usable_turns: 0 },
    });
    expect(lines).toHaveLength(3);
    expect(lineOf(lines, '订舒适型那家')).toBeDefined();
    expect(lineOf(lines, 'Book the budget one')).toBeDefined();
    expect(lineOf(lines, '你们可以开发票吗')).toBeDefined();
    expect(progress.at(-1)).toEqual([7, 7]);
  });

  it('rebuilds each turn from its trace: the user message, the tool calls with their results, the answer', async () => {
    const { lines } = await exportAndLoad();
    const zh = lineOf(lines, '订舒适型那家')!;
    const roles = zh.messages.map((m) => (m.role === 'assistant' && m.tool_calls ? `call:${m.tool_calls.map((c) => c.function.name).join('+')}` : m.role));
    expect(roles).toEqual([
      'system',
      'user', 'call:search_hotels', 'tool', 'assistant',
      'user', 'call:prepare_booking', 'tool', 'assistant',
      'user', 'call:confirm', 'tool', 'assistant',
    ]);
    const search = zh.messages[2] as Extract<Line['messages'][number], { role: 'assistant' }>;
    expect(JSON.parse(search.tool_calls![0]!.function.arguments)).toMatchObject({ city: '北京', checkIn: '2026-12-10', checkOut: '2026-12-12', guests: 2 });
    const confirmResult = JSON.parse((zh.messages[11] as { content: string }).content);
    const { rows } = await t.testDb.db.query<{ code: string }>(`SELECT code FROM reservations WHERE traveller_id = 'app:zh-booker'`);
    expect(confirmResult).toMatchObject({ booked: true, reservation: { code: rows[0]!.code } });
    expect((zh.messages.at(-1) as { content: string }).content).toContain(rows[0]!.code);
    expect(zh.tools.map((x) => x.function.name).sort()).toEqual([...TOOL_NAMES].sort());
  });

  it('masks guest names and phone numbers with placeholders, the same one in every place', async () => {
    const { lines, text } = await exportAndLoad({ only: 'all' });
    for (const name of GUEST_NAMES) expect(text).not.toContain(name);
    for (const phone of PHONES) expect(text).not.toMatch(phone);
    const zh = lineOf(lines, '订舒适型那家')!;
    const user = zh.messages.find((m) => m.role === 'user' && m.content.startsWith('订舒适型那家'))!;
    expect(user.content).toBe('订舒适型那家，<NAME_1> <PHONE_1>');
    const prepare = zh.messages.flatMap((m) => (m.role === 'assistant' && m.tool_calls ? m.tool_calls : [])).find((c) => c.function.name === 'prepare_booking')!;
    expect(JSON.parse(prepare.function.arguments)).toMatchObject({ guestName: '<NAME_1>', guestPhone: '<PHONE_1>' });
    // "+86 139 1234 5678" said, "13912345678" booked, "139****5678" shown: one number, one placeholder.
    const en = JSON.stringify(lineOf(lines, 'Book the budget one'));
    expect(en).toContain('My name is <NAME_1>, phone <PHONE_1>');
    expect(en).toContain('<NAME_1> (<PHONE_1>)');
    expect(en).not.toContain('<PHONE_2>');
  });

  it('puts the correction in place of the bot\'s answer', async () => {
    const { lines } = await exportAndLoad({ only: 'corrected' });
    expect(lines).toHaveLength(1);
    const faq = lines[0]!;
    const original = (await t.testDb.db.query<{ text: string }>(`SELECT text FROM messages WHERE conversation_id = $1 AND author = 'bot'`, [conv.faq!])).rows[0]!.text;
    expect(faq.messages.at(-1)).toEqual({ role: 'assistant', content: CORRECTED });
    expect(JSON.stringify(faq)).not.toContain(original);
  });

  it('leaves the agent\'s stretch of a handed-off conversation out, keeping the bot\'s turns before and after', async () => {
    const { lines, report } = await exportAndLoad({ only: 'all' });
    expect(report.written).toBe(6);
    expect(report.leftOut.empty).toBe(1);
    const human = lineOf(lines, '我要转人工')!;
    expect(JSON.stringify(human)).not.toContain(AGENT_TEXT);
    expect(JSON.stringify(human)).not.toContain('好的谢谢');
    expect(human.messages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(['我要转人工', '12月10日到12日在北京住两晚，两个人']);
  });

  it('selects by --only, --tenant and the start day', async () => {
    const counts = async (opts: Partial<FinetuneExportOptions>) => (await exportAndLoad(opts)).report;
    expect(await counts({ only: 'booked' as ExportSelection })).toMatchObject({ written: 2, leftOut: { no_booking: 3, handed_off: 1, empty: 1 } });
    expect(await counts({ only: 'corrected' })).toMatchObject({ written: 1, leftOut: { not_corrected: 5, empty: 1 } });
    expect(await counts({ tenantId: tenantB, only: 'all' })).toMatchObject({ considered: 1, written: 1 });
    expect(await counts({ tenantId: A.tenant })).toMatchObject({ considered: 6, written: 3, leftOut: { no_booking: 1, handed_off: 1, empty: 1 } });
    await t.testDb.db.query(`UPDATE conversations SET created_at = '2026-11-20T04:00:00Z' WHERE id = $1`, [conv.zh]);
    expect(await counts({ from: '2026-11-20', to: '2026-11-20' })).toMatchObject({ considered: 1, written: 1 });
    expect((await counts({ from: '2026-11-21' })).considered).toBe(6);
  });
});

describe(`npm run export:finetune (${engine})`, () => {
  it.runIf(Boolean(process.env.DATABASE_URL))('writes the file and prints what it wrote and left out', async () => {
    const file = join(dir, 'cli.jsonl');
    const run = promisify(execFile);
    const { stdout } = await run('npx', ['tsx', 'src/cli/export-finetune.ts', '--out', file, '--only', 'corrected'], {
      env: { ...process.env, DATABASE_URL: t.testDb.url!, DATA_KEY: randomBytes(32).toString('base64'), TZ_HOTELS: 'Asia/Shanghai' },
      timeout: 60_000,
    });
    expect(stdout).toContain(`Wrote 1 conversation to ${file} (of 7 considered).`);
    expect(stdout).toMatch(/Left out 6:\n\s+1\s+empty \(the traveller wrote nothing\)\n\s+5\s+not corrected\n?$/);
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lineSchema.safeParse(JSON.parse(lines[0]!)).success).toBe(true);
  }, 90_000);

  it('reads the embedded database under DATA_DIR when DATABASE_URL is unset', async () => {
    const dataDir = join(dir, 'embedded');
    await mkdir(join(dataDir, 'pg'), { recursive: true });
    const db = await openPglite(join(dataDir, 'pg'));
    try {
      await migrate(db);
      const tenant = await aTenant(db);
      await db.query(`INSERT INTO travellers (id, channel, tenant_id) VALUES ('app:cli', 'app', $1)`, [tenant]);
      const c = (await db.query<{ id: string }>(`INSERT INTO conversations (traveller_id, channel, tenant_id) VALUES ('app:cli', 'app', $1) RETURNING id`, [tenant])).rows[0]!.id;
      const q = (await db.query<{ id: string }>(`INSERT INTO messages (conversation_id, direction, author, channel, text) VALUES ($1, 'in', 'traveller', 'app', '能开发票吗') RETURNING id`, [c])).rows[0]!.id;
      const a = (await db.query<{ id: string }>(`INSERT INTO messages (conversation_id, direction, author, channel, reply_to, text) VALUES ($1, 'out', 'bot', 'app', $2, '不清楚') RETURNING id`, [c, q])).rows[0]!.id;
      await db.query(
        `INSERT INTO turn_traces (conversation_id, message_id, model, input, reply, confidence, outcome, latency_ms) VALUES ($1, $2, 'offline', $3, '不清楚', 0.4, 'answered', 5)`,
        [c, q, JSON.stringify([{ role: 'system', content: 'You are the concierge.' }, { role: 'user', content: '能开发票吗' }])]);
      await db.query(`INSERT INTO corrections (tenant_id, conversation_id, message_id, question, wrong_text, corrected_text, created_by, created_by_role)
        VALUES ($1, $2, $3, '能开发票吗', '不清楚', '可以开电子发票。', gen_random_uuid(), 'operator')`, [tenant, c, a]);
    } finally {
      await db.close();
    }
    const file = join(dir, 'embedded.jsonl');
    const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, SEED_DEMO: '0' };
    delete env.DATABASE_URL;
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'src/cli/export-finetune.ts', '--out', file], { env, timeout: 60_000 });
    expect(stdout).toContain(`Wrote 1 conversation to ${file} (of 1 considered).`);
    expect(stdout).toContain('Left out none.');
    const line = lineSchema.parse(JSON.parse((await readFile(file, 'utf8')).trim()));
    expect(line.messages).toEqual([
      { role: 'system', content: 'You are the concierge.' }, { role: 'user', content: '能开发票吗' }, { role: 'assistant', content: '可以开电子发票。' },
    ]);
  }, 90_000);

  it('refuses a bad command line with exit code 2 and writes nothing', async () => {
    const file = join(dir, 'bad.jsonl');
    const run = promisify(execFile);
    const err = await run('npx', ['tsx', 'src/cli/export-finetune.ts', '--out', file, '--only', 'everything'], { timeout: 60_000 }).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).toBe(2);
    expect((err as { stderr: string }).stderr).toContain('--only must be booked, corrected or all');
    await expect(readFile(file)).rejects.toThrow();
  }, 90_000);
});

if (!process.env.DATABASE_URL) {
  console.log('export-finetune: the command-line run against the test database needs DATABASE_URL (an in-memory PGlite cannot be shared with a child process); it is skipped here.');
}
