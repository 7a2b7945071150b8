// Retrieval for Chinese text: travellers' own phrasings of FAQ questions find the operator's entry (bigrams, no spaces).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/index.ts';
import { KnowledgeService, tokens } from '../../src/knowledge/index.ts';
import { aHotel, aTenant } from '../support/builders.ts';
import { createTestDb, type TestDb } from '../support/db.ts';

let testDb: TestDb;
let db: Db;
let knowledge: KnowledgeService;
let tenantId: string;
let hotelId: string;

/** A hotel group's FAQ, as operators write it. */
const FAQ: Array<[string, string]> = [
  ['可以开发票吗？', '可以开具增值税电子发票，退房时告诉前台抬头和税号即可。'],
  ['入住需要交押金吗？', '入住时需交押金，可用信用卡预授权，退房后原路退回。'],
  ['可以带宠物入住吗？', '可携带10公斤以下的宠物，需提前告知酒店。'],
  ['酒店提供机场接送服务吗？', '提供萧山机场接送服务，需提前一天预约。'],
  ['可以寄存行李吗？', '前台可免费寄存行李，退房后当天有效。'],
  ['最晚几点可以退房？可以延迟退房吗？', '退房时间为中午12点，如需延迟退房请联系前台，视房态安排。'],
  ['外国人可以入住吗？需要什么证件？', '可以，外籍客人凭有效护照办理入住。'],
  ['有停车场吗？停车收费吗？', '酒店有地下停车场，住客免费停车。'],
  ['早餐几点开始？在哪里吃？', '早餐时间7:00-10:00，在二楼西餐厅。'],
  ['可以加床吗？儿童怎么收费？', '6岁以下儿童不占床免费；可加床，每晚另收费用。'],
];

beforeAll(async () => {
  testDb = await createTestDb({ poolSize: 2 });
  db = testDb.db;
  knowledge = new KnowledgeService(db);
  tenantId = await aTenant(db);
  hotelId = await aHotel(db, { tenantId });
  for (const [question, answer] of FAQ) {
    await db.query('INSERT INTO knowledge_entries (tenant_id, question, answer) VALUES ($1, $2, $3)', [tenantId, question, answer]);
  }
  // Another tenant's entry with the same words never answers for this one.
  const other = await aTenant(db);
  await db.query('INSERT INTO knowledge_entries (tenant_id, question, answer) VALUES ($1, $2, $3)', [other, '可以开发票吗？', '本集团不开发票。']);
}, 60_000);
afterAll(() => testDb?.drop());

describe('tokens', () => {
  it('cuts Chinese into bigrams without needing spaces, drops fillers, and keeps English words', () => {
    expect(tokens('能开发票吗')).toEqual(['能开', '开发', '发票']);
    expect(tokens('Can I get an invoice?')).toEqual(['get', 'invoice']);
    expect(tokens('ＷｉＦｉ密码')).toEqual(['密码', 'wifi']);
  });
});

describe("a traveller's phrasing finds the operator's entry", () => {
  it.each([
    ['能开发票不', '发票'],
    ['你们开不开票啊，我要报销', '发票'],
    ['押金要交多少', '押金'],
    ['住店要不要押金', '押金'],
    ['我家狗狗能一起住吗，带宠物可以吗', '宠物'],
    ['有没有接机的服务', '机场接送'],
    ['机场接送怎么预约', '机场接送'],
    ['行李能寄存吗', '寄存行李'],
    ['退房后可以放行李吗', '寄存行李'],
    ['明天能晚点退房吗', '延迟退房'],
    ['老外能住吗，外国人入住要带什么', '护照'],
    ['停车要钱吗', '停车'],
    ['早餐几点', '早餐时间'],
    ['小孩要加床怎么收费', '儿童'],
  ])('「%s」 → the entry about %s first', async (question, expected) => {
    const [top] = await knowledge.search({ question, tenantId });
    expect(top?.answer).toContain(expected);
  });

  it('finds nothing for a question no entry is about', async () => {
    expect(await knowledge.search({ question: '附近有什么好吃的火锅', tenantId })).toEqual([]);
  });

  it("answers only from the tenant's own entries", async () => {
    const found = await knowledge.search({ question: '能开发票吗', tenantId, limit: 10 });
    expect(found.map((p) => p.answer)).not.toContain('本集团不开发票。');
  });

  it("weighs a hotel's own policy with the FAQ when asked about that hotel", async () => {
    await db.query(`UPDATE hotels SET policies = $2 WHERE id = $1`, [hotelId, JSON.stringify({ pets: { zh: '本店不可携带宠物。', en: 'No pets.' } })]);
    const found = await knowledge.search({ question: '可以带宠物吗', hotelId, tenantId, limit: 5 });
    expect(found.map((p) => p.source)).toContain('policy');
    expect(found.find((p) => p.source === 'policy')!.answer).toBe('本店不可携带宠物。 No pets.');
  });
});
