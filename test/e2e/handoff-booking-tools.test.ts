// Booking on a traveller's behalf from the agents' desk: the same services, the traveller's own reservation, the
// agent's action in the history, once per Idempotency-Key, and the bot told of it after the hand-back.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationMessages } from '../../src/bot/index.ts';
import type { HandoffEvent } from '../../src/handoff/index.ts';
import { issueToken } from '../../src/security/index.ts';
import { startTestApp, TEST_NOW, type TestApp } from '../support/app.ts';
import { aHotel, aRoomType, aTenant, aUser } from '../support/builders.ts';
import { lastToolResult, traveller, type Traveller } from '../support/conversation.ts';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.ts';

let t: TestApp;
let llm: FakeLlm;
let tenantA: string;
let hotelA: string;
let roomA: string;
let hotelB: string;
let roomB: string;
const staff: Record<'a1' | 'a2' | 'b1' | 'admin', { id: string; token: string }> = {} as never;
const as = (who: keyof typeof staff) => ({ Authorization: `Bearer ${staff[who].token}` });
const STAY = { checkIn: '2026-12-10', checkOut: '2026-12-12' };

beforeAll(async () => {
  llm = await startFakeLlm();
  t = await startTestApp({ env: { LLM_BASE_URL: llm.url, LLM_MODEL: 'fake-concierge' } });
  const db = t.testDb.db;
  tenantA = await aTenant(db, '京华酒店集团');
  const tenantB = await aTenant(db, '沪上酒店集团');
  hotelA = await aHotel(db, { tenantId: tenantA, name: '京伦饭店', city: '北京', tier: 'comfort' });
  roomA = await aRoomType(db, { hotelId: hotelA, from: '2026-12-01', price: 56_000, allotment: 3 });
  hotelB = await aHotel(db, { tenantId: tenantB, name: '外滩饭店', city: '北京', tier: 'luxury' });
  roomB = await aRoomType(db, { hotelId: hotelB, from: '2026-12-01', price: 99_000 });
  const people = { a1: ['agent', tenantA], a2: ['agent', tenantA], b1: ['agent', tenantB], admin: ['admin', null] } as const;
  for (const [key, [role, tenantId]] of Object.entries(people)) {
    const u = await aUser(db, { role, tenantId });
    staff[key as keyof typeof staff] = { id: u.id, token: await issueToken(t.services.keys, { kind: 'staff', userId: u.id, role, tenantId }, new Date(TEST_NOW)) };
  }
}, 60_000);
afterAll(async () => {
  await t?.close();
  await llm?.close();
});

/** A tenant-A traveller on the app channel who asked for a person; the handoff claimed by a1. */
async function aClaimedConversation(): Promise<{ a: Traveller; conversationId: string; handoffId: string }> {
  const userId = `u-${Math.random().toString(36).slice(2, 8)}`;
  const s = await t.services.travellers.startSession({ channel: 'app', subject: userId, tenantId: tenantA, locale: 'zh-CN' });
  const a = traveller(t, userId);
  a.conversationId = s.conversationId;
  llm.script({ content: '好的，马上为您安排。' });
  await a.says('转人工');
  const { rows } = await t.testDb.db.query<{ id: string }>(`SELECT id FROM handoffs WHERE conversation_id = $1`, [s.conversationId]);
  expect((await request(t.app).post(`/v1/agent/handoffs/${rows[0]!.id}/claim`).set(as('a1'))).status).toBe(200);
  return { a, conversationId: s.conversationId, handoffId: rows[0]!.id };
}

const path = (conversationId: string, rest: string) => `/v1/agent/conversations/${conversationId}/${rest}`;
const bookBody = (extra: Record<string, unknown> = {}) => ({
  hotelId: hotelA, roomTypeId: roomA, ...STAY, rooms: 1, guests: 2, guest: { name: '李四', phone: '13900139000' }, ...extra,
});
const counts = async () => {
  const { rows } = await t.testDb.db.query<{ r: number; booked: number; q: number }>(
    `SELECT (SELECT count(*)::int FROM reservations) AS r, (SELECT coalesce(sum(booked), 0)::int FROM inventory) AS booked,
            (SELECT count(*)::int FROM quotes) AS q`);
  return rows[0]!;
};
const actions = async (handoffId: string) => {
  const r = await request(t.app).get(`/v1/agent/handoffs/${handoffId}`).set(as('a1'));
  return (r.body.events as HandoffEvent[]).filter((e) => e.kind === 'action');
};

describe('the agent holding the conversation books for the traveller', () => {
  let c: Awaited<ReturnType<typeof aClaimedConversation>>;
  let code: string;

  beforeAll(async () => {
    c = await aClaimedConversation();
  });

  it('searches with the search_hotels arguments in the traveller\'s tenant: grouped by tier, recorded as its action', async () => {
    const r = await request(t.app).post(path(c.conversationId, 'search')).set(as('a1')).send({ city: '北京', ...STAY, guests: 2 });
    expect(r.status).toBe(200);
    expect(r.body.tiers.comfort.map((h: { hotelId: string }) => h.hotelId)).toEqual([hotelA]);
    // Tenant B's hotel in the same city is not the traveller's tenant's.
    expect(JSON.stringify(r.body.tiers)).not.toContain(hotelB);
    expect(r.body.tiers.comfort[0]).toMatchObject({ roomTypeId: roomA, pricePerNight: { amount: 56_000, currency: 'CNY' }, total: { amount: 112_000, currency: 'CNY' } });
    const [search] = await actions(c.handoffId);
    expect(search).toMatchObject({ actor: 'agent', actorId: staff.a1.id, reason: 'search', detail: { args: { city: '北京', guests: 2 } } });
  });

  it('quotes at the server\'s price', async () => {
    const r = await request(t.app).post(path(c.conversationId, 'quote')).set(as('a1')).send({ hotelId: hotelA, roomTypeId: roomA, ...STAY, rooms: 1, guests: 2 });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ hotelName: '京伦饭店', nights: 2, total: { amount: 112_000, currency: 'CNY' } });
    expect(typeof r.body.token).toBe('string');
    expect((await actions(c.handoffId)).map((e) => e.reason)).toEqual(['search', 'quote']);
  });

  it('books with an Idempotency-Key: the traveller\'s own reservation, made by an agent, told to the traveller', async () => {
    const quote = await request(t.app).post(path(c.conversationId, 'quote')).set(as('a1')).send({ hotelId: hotelA, roomTypeId: roomA, ...STAY, rooms: 1, guests: 2 });
    const r = await request(t.app).post(path(c.conversationId, 'bookings')).set(as('a1')).set('Idempotency-Key', 'desk-book-1')
      .send(bookBody({ quoteToken: quote.body.token }));
    expect(r.status).toBe(201);
    expect(r.body.replayed).toBe(false);
    expect(r.body.reservation).toMatchObject({ status: 'confirmed', hotelId: hotelA, bookedBy: 'agent', channel: 'app', total: { amount: 112_000 } });
    code = r.body.reservation.code;
    const { rows } = await t.testDb.db.query<{ traveller_id: string; tenant_id: string; travellers: string }>(
      `SELECT r.traveller_id, r.tenant_id, c.traveller_id AS travellers FROM reservations r, conversations c WHERE r.code = $1 AND c.id = $2`, [code, c.conversationId]);
    expect(rows[0]!.traveller_id).toBe(rows[0]!.travellers);
    expect(rows[0]!.tenant_id).toBe(tenantA);
    const told = (await conversationMessages(t.testDb.db, c.conversationId)).filter((m) => m.author === 'system' && m.text.includes(code));
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain('客服已为您预订');
    const book = (await actions(c.handoffId)).filter((e) => e.reason === 'book');
    expect(book).toHaveLength(1);
    expect(book[0]).toMatchObject({ actorId: staff.a1.id, detail: { code } });
  });

  it('the same key again is the same reservation, never a second, and told once', async () => {
    const before = await counts();
    const again = await Promise.all([1, 2].map(() => request(t.app).post(path(c.conversationId, 'bookings')).set(as('a1')).set('Idempotency-Key', 'desk-book-1').send(bookBody())));
    // The first request carried the quote token; a different body under the same key is refused.
    expect(again.map((r) => [r.status, r.body.error])).toEqual([[422, 'idempotency_key_reused'], [422, 'idempotency_key_reused']]);
    const quoteToken = (await t.testDb.db.query<{ token: string }>(`SELECT q.token FROM quotes q JOIN reservations r ON r.quote_id = q.id WHERE r.code = $1`, [code])).rows[0]!.token;
    const replays = await Promise.all([1, 2, 3].map(() => request(t.app).post(path(c.conversationId, 'bookings')).set(as('a1')).set('Idempotency-Key', 'desk-book-1').send(bookBody({ quoteToken }))));
    for (const r of replays) expect([r.status, r.body.replayed, r.body.reservation.code, r.body.notice]).toEqual([201, true, code, null]);
    expect(await counts()).toEqual(before);
    expect((await actions(c.handoffId)).filter((e) => e.reason === 'book')).toHaveLength(1);
    expect((await conversationMessages(t.testDb.db, c.conversationId)).filter((m) => m.text.includes(`客服已为您预订`))).toHaveLength(1);
  });

  it('nothing is written on bad input: a bad body, a missing key, another tenant\'s hotel, too many guests, sold out', async () => {
    const before = await counts();
    const events = (await actions(c.handoffId)).length;
    const post = (body: unknown, key: string | null = `k-${Math.random()}`) => {
      const req = request(t.app).post(path(c.conversationId, 'bookings')).set(as('a1'));
      return (key ? req.set('Idempotency-Key', key) : req).send(body as object);
    };
    const cases: Array<[number, string, Promise<request.Response>]> = [
      [400, 'invalid_request', post({ ...bookBody(), checkOut: '2026-12-09' })],
      [400, 'invalid_request', post({ ...bookBody(), guest: { name: '李四', phone: 'call me' } })],
      [400, 'invalid_request', post({ ...bookBody(), price: 1 })],
      [400, 'invalid_request', post(bookBody(), null)],
      [404, 'not_found', post(bookBody({ hotelId: hotelB, roomTypeId: roomB }))],
      [422, 'capacity_exceeded', post(bookBody({ guests: 7, rooms: 1 }))],
      [409, 'sold_out', post(bookBody({ rooms: 3, guests: 3 }))],
    ];
    for (const [status, error, p] of cases) {
      const r = await p;
      expect([r.status, r.body.error]).toEqual([status, error]);
    }
    const bad = await request(t.app).post(path(c.conversationId, 'search')).set(as('a1')).send({ city: '北京', ...STAY });
    expect([bad.status, bad.body.error]).toEqual([400, 'invalid_request']);
    expect(await counts()).toEqual(before);
    expect((await actions(c.handoffId)).length).toBe(events);
  });

  it('cancels one of the traveller\'s reservations, once; another traveller\'s code is 404', async () => {
    const other = await t.services.booking.book({ hotelId: hotelA, roomTypeId: roomA, ...STAY, rooms: 1, guests: 1, guest: { name: '王五', phone: '13700137000' } },
      { kind: 'staff', userId: staff.a2.id, role: 'agent', tenantId: tenantA });
    const notTheirs = await request(t.app).post(path(c.conversationId, `reservations/${other.reservation.code}/cancel`)).set(as('a1'));
    expect(notTheirs.status).toBe(404);
    expect((await t.services.booking.get(other.reservation.code, { kind: 'staff', userId: staff.a2.id, role: 'agent', tenantId: tenantA })).status).toBe('confirmed');

    // Booked and cancelled: the second booking is the one the agent cancels.
    const second = await request(t.app).post(path(c.conversationId, 'bookings')).set(as('a1')).set('Idempotency-Key', 'desk-book-2').send(bookBody({ checkIn: '2026-12-20', checkOut: '2026-12-21' }));
    expect(second.status).toBe(201);
    const booked = (await counts()).booked;
    const r = await request(t.app).post(path(c.conversationId, `reservations/${second.body.reservation.code}/cancel`)).set(as('a1'));
    expect([r.status, r.body.status]).toEqual([200, 'cancelled']);
    expect((await counts()).booked).toBe(booked - 1);
    const again = await request(t.app).post(path(c.conversationId, `reservations/${second.body.reservation.code}/cancel`)).set(as('a1'));
    expect([again.status, again.body.status]).toEqual([200, 'cancelled']);
    expect((await actions(c.handoffId)).filter((e) => e.reason === 'cancel')).toHaveLength(1);
    // The traveller hears it was the agent, not the hotel, once.
    const told = (await conversationMessages(t.testDb.db, c.conversationId)).filter((m) => m.text.includes(second.body.reservation.code) && m.text.includes('取消'));
    expect(told.map((m) => m.text)).toEqual([expect.stringContaining('客服已为您取消订单')]);
  });

  it('the console\'s context lists the traveller\'s reservations, the agent\'s bookings among them', async () => {
    const r = await request(t.app).get(`/v1/agent/conversations/${c.conversationId}`).set(as('a1'));
    expect(r.body.context.reservations.map((x: { code: string }) => x.code)).toContain(code);
  });

  it('after the hand-back the traveller and the bot know what was booked, and find_bookings lists it', async () => {
    const r = await request(t.app).post(`/v1/agent/handoffs/${c.handoffId}/resolve`).set(as('a1')).send({ note: '已订好京伦饭店' });
    expect(r.status).toBe(200);
    const back = (await conversationMessages(t.testDb.db, c.conversationId)).filter((m) => m.text.includes('您已回到智能助手'));
    expect(back).toHaveLength(1);
    expect(back[0]!.text).toContain(code);
    const { rows } = await t.testDb.db.query<{ detail: { reservations: Array<{ code: string; status: string }> } }>(
      `SELECT detail FROM handoff_events WHERE handoff_id = $1 AND kind = 'resolve'`, [c.handoffId]);
    expect(rows[0]!.detail.reservations.map((x) => [x.code, x.status])).toEqual(expect.arrayContaining([[code, 'confirmed']]));
    expect(rows[0]!.detail.reservations.some((x) => x.status === 'cancelled')).toBe(true);

    llm.script({ toolCalls: [{ name: 'find_bookings', arguments: {} }] }, (req) => {
      const bookings = lastToolResult<{ bookings: Array<{ code: string }> }>(req, 'find_bookings').bookings;
      const note = req.messages.some((m) => m.role === 'system' && String(m.content).includes(`${code}: 京伦饭店`));
      return { content: note && bookings.some((b) => b.code === code) ? `您的订单 ${code} 已确认。` : '没有找到订单。' };
    });
    const [reply] = await c.a.says('我的订单呢？');
    expect(reply!.text).toBe(`您的订单 ${code} 已确认。`);
  });
});

describe('only the agent holding the conversation, or an admin', () => {
  it('another agent of the tenant: 403; before the claim: 409; another tenant: 404; an admin may', async () => {
    const userId = `q-${Math.random().toString(36).slice(2, 8)}`;
    const s = await t.services.travellers.startSession({ channel: 'app', subject: userId, tenantId: tenantA });
    const handoffId = await t.services.handoffs.request({ conversationId: s.conversationId, tenantId: tenantA, channel: 'app', reason: 'traveller_request', confidence: 0.9 });
    const search = (who: keyof typeof staff) => request(t.app).post(path(s.conversationId, 'search')).set(as(who)).send({ city: '北京', ...STAY, guests: 2 });
    const before = await counts();
    expect([(await search('a1')).status, (await search('a1')).body.error]).toEqual([409, 'conflict']);
    expect((await request(t.app).post(`/v1/agent/handoffs/${handoffId}/claim`).set(as('a1'))).status).toBe(200);
    expect((await search('a2')).status).toBe(403);
    expect((await search('b1')).status).toBe(404);
    const b1Book = await request(t.app).post(path(s.conversationId, 'bookings')).set(as('b1')).set('Idempotency-Key', 'b1-1').send(bookBody());
    expect(b1Book.status).toBe(404);
    const a2Cancel = await request(t.app).post(path(s.conversationId, 'reservations/TDAAAAAA/cancel')).set(as('a2'));
    expect(a2Cancel.status).toBe(403);
    expect(await counts()).toEqual(before);
    expect((await search('admin')).status).toBe(200);
    expect((await search('a1')).status).toBe(200);
    // Once the bot has it back, nobody books in it from the desk.
    expect((await request(t.app).post(`/v1/agent/handoffs/${handoffId}/resolve`).set(as('a1')).send({})).status).toBe(200);
    expect((await search('a1')).status).toBe(409);
  });
});

describe('a booking whose action record was lost', () => {
  it('still goes with the hand-back: the agent\'s bookings for the traveller since the handoff opened are found', async () => {
    const c = await aClaimedConversation();
    const { rows: [conv] } = await t.testDb.db.query<{ traveller_id: string }>('SELECT traveller_id FROM conversations WHERE id = $1', [c.conversationId]);
    // As if the process died between the booking's commit and the action's insert.
    const { reservation } = await t.services.booking.book(
      { hotelId: hotelA, roomTypeId: roomA, checkIn: '2026-12-24', checkOut: '2026-12-25', rooms: 1, guests: 1, guest: { name: '赵六', phone: '13600136000' } },
      { kind: 'traveller', travellerId: conv!.traveller_id, channel: 'app', tenantId: tenantA }, { bookedBy: 'agent' });
    expect((await actions(c.handoffId)).filter((e) => e.reason === 'book')).toEqual([]);
    const r = await request(t.app).post(`/v1/agent/handoffs/${c.handoffId}/resolve`).set(as('a1')).send({});
    expect(r.status).toBe(200);
    const { rows } = await t.testDb.db.query<{ detail: { reservations?: Array<{ code: string }> } }>(
      `SELECT detail FROM handoff_events WHERE handoff_id = $1 AND kind = 'resolve'`, [c.handoffId]);
    expect(rows[0]!.detail.reservations?.map((x) => x.code)).toEqual([reservation.code]);
  });
});
