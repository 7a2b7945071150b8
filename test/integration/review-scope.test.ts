// Which conversations a tenant sees, and how each ended: the SQL rules that review and the dashboard share.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcomeSql, conversationVisibleSql } from '../../src/review/index.ts';
import { aHotel, aRoomType, aTenant } from '../support/builders.ts';
import { createTestDb, engine, type TestDb } from '../support/db.ts';

let t: TestDb;
const T = { tenant: '', hotel: '', room: '' };
const U = { tenant: '', hotel: '', room: '' };
const c: Record<string, string> = {};
const START = '2026-12-01T02:00:00Z';
const at = (minutes: number) => new Date(Date.parse(START) + minutes * 60_000).toISOString();

/** A conversation started at START (of `tenantId`, or none) with messages at the given minutes. */
async function aConversation(name: string, tenantId: string | null, messageMinutes: number[]): Promise<string> {
  const traveller = `app:${name}-${randomUUID().slice(0, 6)}`;
  await t.db.query(`INSERT INTO travellers (id, channel, tenant_id) VALUES ($1, 'app', $2)`, [traveller, tenantId]);
  const { rows } = await t.db.query<{ id: string }>(
    `INSERT INTO conversations (traveller_id, channel, tenant_id, created_at) VALUES ($1, 'app', $2, $3) RETURNING id`, [traveller, tenantId, START]);
  for (const m of messageMinutes) {
    await t.db.query(`INSERT INTO messages (conversation_id, direction, author, channel, text, created_at) VALUES ($1, 'in', 'traveller', 'app', 'hi', $2)`, [rows[0]!.id, at(m)]);
  }
  return (c[name] = rows[0]!.id);
}

const travellerOf = async (id: string) => (await t.db.query<{ traveller_id: string }>('SELECT traveller_id FROM conversations WHERE id = $1', [id])).rows[0]!.traveller_id;

async function aQuote(conversation: string, h: typeof T, minutes: number): Promise<void> {
  await t.db.query(
    `INSERT INTO quotes (token, tenant_id, hotel_id, room_type_id, traveller_id, check_in, check_out, rooms, guests, nightly, total, expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5, '2026-12-10', '2026-12-11', 1, 2, '{50000}', 50000, $6, $6)`,
    [randomUUID(), h.tenant, h.hotel, h.room, await travellerOf(conversation), at(minutes)]);
}

async function aReservation(conversation: string, h: typeof T, minutes: number): Promise<void> {
  await t.db.query(
    `INSERT INTO reservations (code, tenant_id, hotel_id, room_type_id, traveller_id, channel, check_in, check_out, rooms, guests, guest_name,
       guest_phone_enc, guest_phone_hash, guest_phone_last4, nightly, total, status, created_at)
     VALUES ($1, $2, $3, $4, $5, 'app', '2026-12-10', '2026-12-11', 1, 2, '张三', 'x', 'x', '8000', '{50000}', 50000, 'confirmed', $6)`,
    [`TD${randomUUID().slice(0, 6).toUpperCase()}`, h.tenant, h.hotel, h.room, await travellerOf(conversation), at(minutes)]);
}

async function visibleTo(tenantId: string | null): Promise<Set<string>> {
  const { rows } = await t.db.query<{ id: string }>(`SELECT c.id FROM conversations c WHERE ${conversationVisibleSql('c', '$1')}`, [tenantId]);
  return new Set(rows.map((r) => r.id));
}

async function outcomes(tenantId: string | null, nowMinutes: number): Promise<Record<string, string>> {
  const { rows } = await t.db.query<{ id: string; outcome: string }>(`SELECT c.id, ${outcomeSql('c', '$1', '$2')} AS outcome FROM conversations c`, [tenantId, at(nowMinutes)]);
  const byId = new Map(rows.map((r) => [r.id, r.outcome]));
  return Object.fromEntries(Object.entries(c).map(([name, id]) => [name, byId.get(id)!]));
}

beforeAll(async () => {
  t = await createTestDb();
  for (const [h, city] of [[T, '北京'], [U, '上海']] as const) {
    h.tenant = await aTenant(t.db);
    h.hotel = await aHotel(t.db, { tenantId: h.tenant, city });
    h.room = await aRoomType(t.db, { hotelId: h.hotel, from: '2026-12-01', nights: 20 });
  }
  await aConversation('own', T.tenant, [0, 5]);
  const handed = await aConversation('handedToT', null, [0]);
  await t.db.query(`INSERT INTO handoffs (conversation_id, tenant_id, channel, reason) VALUES ($1, $2, 'app', 'traveller_request')`, [handed, T.tenant]);
  await aQuote(await aConversation('quotedSoonAfter', null, [0, 10]), T, 10 + 50);
  await aQuote(await aConversation('quotedLongAfter', null, [0, 10]), T, 10 + 61);
  await aQuote(await aConversation('quotedBefore', null, [0, 10]), T, -5);
  await aReservation(await aConversation('bookedAtU', null, [0, 3]), U, 20);
  await aQuote(await aConversation('silent', null, []), T, 30);
}, 60_000);
afterAll(async () => {
  await t?.drop();
});

describe(`which conversations a tenant sees (${engine})`, () => {
  it('its own, those handed to its agents, and those that quoted or booked its hotels from their start to an hour after their last message', async () => {
    expect(await visibleTo(T.tenant)).toEqual(new Set([c.own, c.handedToT, c.quotedSoonAfter, c.silent]));
    expect(await visibleTo(U.tenant)).toEqual(new Set([c.bookedAtU]));
  });

  it('every conversation for a null tenant (a platform admin)', async () => {
    expect(await visibleTo(null)).toEqual(new Set(Object.values(c)));
  });

  it('none for a tenant with nothing to do with them', async () => {
    expect(await visibleTo(await aTenant(t.db))).toEqual(new Set());
  });
});

describe(`how a conversation ended (${engine})`, () => {
  it('booked when its traveller booked during it, handed off after any handoff, else abandoned after 30 quiet minutes, else open', async () => {
    expect(await outcomes(null, 30)).toEqual({
      own: 'open', handedToT: 'handed_off', quotedSoonAfter: 'open', quotedLongAfter: 'open', quotedBefore: 'open', bookedAtU: 'booked', silent: 'open',
    });
    // 31 minutes after their last message (minute 5, minute 10), not 29.
    expect(await outcomes(null, 36)).toMatchObject({ own: 'abandoned', silent: 'abandoned', quotedSoonAfter: 'open', quotedLongAfter: 'open' });
    expect(await outcomes(null, 41)).toMatchObject({ own: 'abandoned', quotedSoonAfter: 'abandoned', bookedAtU: 'booked', handedToT: 'handed_off' });
  });

  it('counts for a tenant only the bookings at its own hotels', async () => {
    expect((await outcomes(T.tenant, 60 * 24)).bookedAtU).toBe('abandoned');
    expect((await outcomes(U.tenant, 60 * 24)).bookedAtU).toBe('booked');
  });
});
