// The offline model keeps to a price range the traveller names: a floor ("1000元以上") as well as a ceiling.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfflineChatModel } from '../../src/model/offline/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { aHotel, aRoomType, aTenant } from '../support/builders.ts';
import { traveller } from '../support/conversation.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ model: new OfflineChatModel() });
  const tenantId = await aTenant(t.testDb.db);
  for (const [tier, name, price] of [['budget', '经济小栈', 30_000], ['comfort', '舒适之家酒店', 120_000], ['luxury', '云端豪华酒店', 260_000]] as const) {
    const hotelId = await aHotel(t.testDb.db, { tenantId, city: '北京', tier, name });
    await aRoomType(t.testDb.db, { hotelId, from: '2026-12-01', nights: 40, price });
  }
});
afterAll(() => t?.close());

describe('price ranges', () => {
  it('"1000元以上" shows only hotels from 1000 yuan a night', async () => {
    const [reply] = await traveller(() => t).says('12月10日北京住一晚，两个人，1000元以上的');
    expect(reply!.cards?.map((c) => c.name)).toEqual(['舒适之家酒店', '云端豪华酒店']);
  });

  it('"800以内" shows only hotels up to 800 yuan a night', async () => {
    const [reply] = await traveller(() => t).says('12月10日北京住一晚，两个人，800以内');
    expect(reply!.cards?.map((c) => c.name)).toEqual(['经济小栈']);
  });
});
