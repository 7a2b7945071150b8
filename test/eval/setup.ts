// Scenario setups: changes to the data made before a trial, each with the undo that runs after it.
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../src/booking/index.ts';
import { resolveCity } from '../../src/booking/cities.ts';
import { addDays } from '../../src/dates.ts';
import type { Services } from '../../src/services.ts';
import type { Setup } from './scenarios/schema.ts';

/** What the setups of one trial made, for the traveller's script and the judge. */
export interface SetupFacts {
  /** The reservation a `reservation` setup made. */
  reservation?: { id: string; code: string };
  /** The hotel a `cheapest` sell_out / stop_sell took out. */
  hotelId?: string;
}

/** The setups applied, and how to undo them. */
export interface Applied {
  facts: SetupFacts;
  undo(): Promise<void>;
}

/** An admin of the platform, for undoing what a trial did. */
export const evalAdmin: Actor = { kind: 'staff', userId: randomUUID(), role: 'admin', tenantId: null };

function cityKey(name: string): string {
  const c = resolveCity(name);
  if (!c) throw new Error(`setup: unknown city ${name}`);
  return c.key;
}

/** The hotel the search would show first in a tier, for these nights. */
async function firstOfTier(s: Services, city: string, tier: 'budget' | 'comfort' | 'luxury', checkIn: string, checkOut: string, rooms = 1, guests = 2) {
  const r = await s.booking.search({ city, checkIn, checkOut, guests, rooms, limitPerTier: 1 });
  const hit = r.tiers[tier][0];
  if (!hit) throw new Error(`setup: no ${tier} hotel in ${city} for ${checkIn}…${checkOut}`);
  return hit;
}

type Undo = () => Promise<void>;

async function closeNights(s: Services, x: Extract<Setup, { kind: 'sell_out' | 'stop_sell' }>, facts: SetupFacts): Promise<Undo> {
  let hotelIds: string[];
  if (x.only === 'cheapest') {
    const nights = [...x.nights].sort();
    const hit = await firstOfTier(s, x.city, x.tier ?? 'budget', nights[0]!, addDays(nights.at(-1)!, 1));
    hotelIds = [hit.hotelId];
    facts.hotelId = hit.hotelId;
  } else {
    const { rows } = await s.db.query<{ id: string }>(
      `SELECT id FROM hotels WHERE city_key = $1 AND ($2::text IS NULL OR tier = $2)`, [cityKey(x.city), x.tier ?? null]);
    hotelIds = rows.map((r) => r.id);
  }
  // Kept as they were, to put back: a sell-out lowers the allotment to what is booked, as an operator would.
  const { rows: before } = await s.db.query<{ room_type_id: string; night: string; allotment: number; stop_sell: boolean }>(
    `SELECT i.room_type_id, i.night, i.allotment, i.stop_sell FROM inventory i JOIN room_types rt ON rt.id = i.room_type_id
     WHERE rt.hotel_id = ANY($1::uuid[]) AND i.night = ANY($2::date[])`, [hotelIds, x.nights]);
  const set = x.kind === 'sell_out' ? 'allotment = i.booked' : 'stop_sell = true';
  await s.db.query(
    `UPDATE inventory i SET ${set} FROM room_types rt
     WHERE rt.id = i.room_type_id AND rt.hotel_id = ANY($1::uuid[]) AND i.night = ANY($2::date[])`, [hotelIds, x.nights]);
  return async () => {
    await s.db.query(
      `UPDATE inventory i SET allotment = GREATEST(b.allotment, i.booked), stop_sell = b.stop_sell
       FROM jsonb_to_recordset($1::jsonb) AS b(room_type_id uuid, night date, allotment integer, stop_sell boolean)
       WHERE i.room_type_id = b.room_type_id AND i.night = b.night`, [JSON.stringify(before)]);
  };
}

async function makeReservation(s: Services, x: Extract<Setup, { kind: 'reservation' }>, travellerId: string, facts: SetupFacts): Promise<Undo> {
  const hit = await firstOfTier(s, x.city, x.tier, x.checkIn, x.checkOut, x.rooms, x.guests);
  const actor: Actor = { kind: 'traveller', travellerId, channel: 'app', tenantId: null };
  const { reservation } = await s.booking.book(
    { hotelId: hit.hotelId, roomTypeId: hit.roomTypeId, checkIn: x.checkIn, checkOut: x.checkOut, rooms: x.rooms, guests: x.guests, guest: { name: x.guestName, phone: '13800000000' } },
    actor,
  );
  const { rows } = await s.db.query<{ id: string }>('SELECT id FROM reservations WHERE code = $1', [reservation.code]);
  facts.reservation = { id: rows[0]!.id, code: reservation.code };
  return async () => {
    const { rows: now } = await s.db.query<{ status: string }>('SELECT status FROM reservations WHERE code = $1', [reservation.code]);
    if (now[0]?.status === 'held' || now[0]?.status === 'confirmed') await s.booking.cancel(reservation.code, evalAdmin);
  };
}

async function tenantOfCity(s: Services, city: string): Promise<string> {
  const { rows } = await s.db.query<{ tenant_id: string }>('SELECT tenant_id FROM hotels WHERE city_key = $1 LIMIT 1', [cityKey(city)]);
  if (!rows[0]) throw new Error(`setup: no hotel in ${city}`);
  return rows[0].tenant_id;
}

async function addKnowledge(s: Services, x: Extract<Setup, { kind: 'knowledge' }>): Promise<Undo> {
  const tenantId = await tenantOfCity(s, x.city);
  const { rows } = await s.db.query<{ id: string }>(
    `INSERT INTO knowledge_entries (tenant_id, question, answer, locale, source) VALUES ($1, $2, $3, $4, 'operator') RETURNING id`,
    [tenantId, x.question, x.answer, x.locale]);
  return async () => {
    await s.db.query('DELETE FROM knowledge_entries WHERE id = $1', [rows[0]!.id]);
  };
}

async function groupRule(s: Services, x: Extract<Setup, { kind: 'group_rule' }>): Promise<Undo> {
  const tenantId = await tenantOfCity(s, x.city);
  const { rows } = await s.db.query<{ group_rooms_over: number | null }>('SELECT group_rooms_over FROM handoff_settings WHERE tenant_id = $1', [tenantId]);
  await s.db.query(
    `INSERT INTO handoff_settings (tenant_id, group_rooms_over) VALUES ($1, $2)
     ON CONFLICT (tenant_id) DO UPDATE SET group_rooms_over = EXCLUDED.group_rooms_over`, [tenantId, x.roomsOver]);
  return async () => {
    if (rows[0]) await s.db.query('UPDATE handoff_settings SET group_rooms_over = $2 WHERE tenant_id = $1', [tenantId, rows[0].group_rooms_over]);
    else await s.db.query('DELETE FROM handoff_settings WHERE tenant_id = $1', [tenantId]);
  };
}

/**
 * Applies a scenario's setups for the traveller `travellerId`; `undo` puts every change back, newest first.
 * @example const applied = await applySetups(services, scenario.setup, 'app:eval-1'); try { … } finally { await applied.undo(); }
 */
export async function applySetups(s: Services, setups: readonly Setup[], travellerId: string): Promise<Applied> {
  const facts: SetupFacts = {};
  const undos: Undo[] = [];
  const undo = async () => {
    for (const u of undos.reverse()) await u();
    undos.length = 0;
  };
  try {
    for (const x of setups) {
      if (x.kind === 'sell_out' || x.kind === 'stop_sell') undos.push(await closeNights(s, x, facts));
      else if (x.kind === 'reservation') undos.push(await makeReservation(s, x, travellerId, facts));
      else if (x.kind === 'knowledge') undos.push(await addKnowledge(s, x));
      else undos.push(await groupRule(s, x));
    }
  } catch (err) {
    await undo();
    throw err;
  }
  return { facts, undo };
}

/** Cancels whatever the traveller still holds, giving the rooms back, so the next trial sees the stock as seeded. */
export async function releaseBookings(s: Services, travellerId: string): Promise<void> {
  const { rows } = await s.db.query<{ code: string }>(
    `SELECT code FROM reservations WHERE traveller_id = $1 AND status IN ('held', 'confirmed')`, [travellerId]);
  for (const r of rows) await s.booking.cancel(r.code, evalAdmin);
}
