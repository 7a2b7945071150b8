// One scripted traveller for every channel: search → recommend → book → confirm ends in the same kind of reservation.
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HotelCard, Reply } from '../../src/bot/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { aHotel, aRoomType, aTenant } from '../support/builders.ts';
import { lastToolResult } from '../support/conversation.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';
import { listen, type Listening } from '../support/server.ts';

/** What a driver is given: the app on a fresh database, listening, with the scripted model behind it. */
export interface ChannelHarness {
  app: TestApp;
  /** Base URL of the listening server (`http://127.0.0.1:PORT`). */
  url: string;
  server: Server;
  llm: FakeLlm;
}

/** A traveller on one channel, as its driver plays it. */
export interface ChannelTraveller {
  /**
   * Sends what the traveller types (or a tapped action's `payload`) and resolves with the replies to it, as Replies.
   * A push channel waits until its replies have arrived at its fake platform and maps them back.
   */
  say(text: string, payload?: unknown): Promise<Reply[]>;
  close?(): Promise<void>;
}

/**
 * A channel adapter under the suite.
 * @example runChannelConformance({ name: 'app', channel: 'app', richCards: true, start: async (h) => appTraveller(h) });
 */
export interface ChannelDriver {
  /** Names the suite, e.g. `web (WebSocket)`. */
  name: string;
  /** The channel reservations and conversations are recorded under. */
  channel: 'app' | 'web' | 'wechat';
  /** The channel shows HotelCards (else the recommendation is checked in the text only). */
  richCards: boolean;
  /** Environment the app needs before it starts, e.g. WECHAT_* and WECHAT_API_BASE pointing at a fake platform. */
  env?(): Promise<Record<string, string>> | Record<string, string>;
  start(h: ChannelHarness): Promise<ChannelTraveller>;
  /** Releases what env() opened. */
  stop?(): Promise<void>;
}

const SEARCH = { city: '北京', checkIn: '2026-12-10', checkOut: '2026-12-12', guests: 2, budgetMax: 800 };
const HOTELS = [
  ['budget', '如家快捷酒店(王府井店)', 32_000],
  ['comfort', '京伦饭店', 56_000],
  ['luxury', '北京王府半岛酒店', 78_000],
  ['luxury', '北京华尔道夫酒店', 260_000],
] as const;

type Hit = { hotelId: string; name: string; roomTypeId: string; pricePerNight: { amount: number }; total: { amount: number } };
type Tiers = { tiers: Record<'budget' | 'comfort' | 'luxury', Hit[]> };

/**
 * Registers the suite for `driver`: the same conversation, the same scripted model, the same checks on the database.
 * @example runChannelConformance(webDriver);
 */
export function runChannelConformance(driver: ChannelDriver): void {
  describe(`channel conformance: ${driver.name}`, () => {
    let llm: FakeLlm;
    let app: TestApp;
    let srv: Listening;
    let traveller: ChannelTraveller;
    let found: Tiers['tiers'] | undefined;
    const roomOf: Record<string, string> = {};

    beforeAll(async () => {
      llm = await startFakeLlm();
      const env = (await driver.env?.()) ?? {};
      app = await startTestApp({ env: { LLM_BASE_URL: llm.url, LLM_MODEL: 'fake-concierge', ...env } });
      srv = await listen(app.app);
      const db = app.testDb.db;
      const tenantId = await aTenant(db, '京华酒店集团');
      for (const [tier, name, price] of HOTELS) {
        const hotelId = await aHotel(db, { tenantId, city: '北京', tier, name });
        roomOf[name] = await aRoomType(db, { hotelId, from: '2026-12-01', nights: 40, price, capacity: 2 });
      }
      traveller = await driver.start({ app, url: srv.url, server: srv.server, llm });
    }, 60_000);
    afterAll(async () => {
      await traveller?.close?.();
      await driver.stop?.();
      await srv?.close();
      await app?.close();
      await llm?.close();
    });

    it('recommends one hotel per tier, within the budget, from the live inventory', async () => {
      llm.script({ toolCalls: [{ name: 'search_hotels', arguments: SEARCH }] }, (req) => {
        found = lastToolResult<Tiers>(req, 'search_hotels').tiers;
        const line = (h: Hit) => `${h.name} ¥${h.pricePerNight.amount / 100}/晚`;
        return { content: `为您找到：\n经济：${line(found.budget[0]!)}\n舒适：${line(found.comfort[0]!)}\n豪华：${line(found.luxury[0]!)}` };
      });
      const replies = await traveller.say('我想12月10日到12日在北京住两晚，两个人，每晚800以内');
      const text = replies.map((r) => r.text).join('\n');
      for (const name of ['如家快捷酒店(王府井店)', '京伦饭店', '北京王府半岛酒店']) expect(text).toContain(name);
      expect(text).not.toContain('北京华尔道夫酒店');
      if (driver.richCards) {
        const cards: HotelCard[] = replies.flatMap((r) => r.cards ?? []);
        expect(cards.map((c) => [c.tier, c.name])).toEqual([
          ['budget', '如家快捷酒店(王府井店)'], ['comfort', '京伦饭店'], ['luxury', '北京王府半岛酒店']]);
        expect(cards[0]).toMatchObject({ pricePerNight: { amount: 32_000, currency: 'CNY' }, total: { amount: 64_000, currency: 'CNY' } });
        expect(cards.every((c) => c.bookingUrl.startsWith('https://tourdesk.test/b/'))).toBe(true);
      }
    });

    it('books the budget hotel for a named guest: a summary to confirm first, nothing written yet', async () => {
      const hit = found!.budget[0]!;
      llm.script(
        { toolCalls: [{ name: 'prepare_booking', arguments: { hotelId: hit.hotelId, roomTypeId: hit.roomTypeId, checkIn: SEARCH.checkIn, checkOut: SEARCH.checkOut, rooms: 1, guests: 2, guestName: '张三', guestPhone: '13800138000' } }] },
        (req) => {
          const q = lastToolResult<{ quote: { hotelName: string; total: { amount: number } } }>(req, 'prepare_booking').quote;
          return { content: `请确认：${q.hotelName}，12月10日至12日，共¥${q.total.amount / 100}。确认预订吗？` };
        },
      );
      const replies = await traveller.say('就订经济型那家，张三，13800138000');
      expect(replies.map((r) => r.text).join('\n')).toContain('请确认：如家快捷酒店(王府井店)，12月10日至12日，共¥640。');
      expect((await app.testDb.db.query('SELECT 1 FROM reservations')).rowCount).toBe(0);
    });

    it(`confirms: one confirmed reservation, booked by the bot for this ${driver.channel} traveller at the server's price`, async () => {
      llm.script(
        (req) => ({ toolCalls: [{ name: 'confirm', arguments: { actionId: lastToolResult<{ actionId: string }>(req, 'prepare_booking').actionId } }] }),
        (req) => ({ content: `预订成功！订单号 ${lastToolResult<{ reservation: { code: string } }>(req, 'confirm').reservation.code}。` }),
      );
      const replies = await traveller.say('确认');
      const code = /TD[2-9A-Z]{6}/.exec(replies.map((r) => r.text).join('\n'))?.[0];
      expect(code).toBeDefined();
      const { rows } = await app.testDb.db.query<Record<string, unknown>>(
        `SELECT code, status, booked_by, channel, traveller_id LIKE $1 AS travellers_own, room_type_id, check_in, check_out,
           rooms, guests, total, guest_name, guest_phone_last4 FROM reservations`,
        [`${driver.channel}:%`],
      );
      expect(rows).toEqual([{
        code, status: 'confirmed', booked_by: 'bot', channel: driver.channel, travellers_own: true,
        room_type_id: roomOf['如家快捷酒店(王府井店)'], check_in: '2026-12-10', check_out: '2026-12-12', rooms: 1, guests: 2,
        total: 64_000, guest_name: '张三', guest_phone_last4: '8000',
      }]);
    });
  });
}
