// The judge: a trial's end state read from the database (reservations, handoffs, turn traces) against the scenario's.
import type { Queryable } from '../../db/index.ts';
import { resolveCity } from '../../src/booking/cities.ts';
import type { Expected } from './scenarios/schema.ts';
import type { SetupFacts } from './setup.ts';

/** What the judge looks at besides the database. */
export interface JudgeInput {
  expected: Expected;
  travellerId: string;
  conversationId: string | undefined;
  facts: SetupFacts;
  /** Every text the concierge sent, for the grounding checks (a price or a code it must have stated). */
  botTexts: readonly string[];
}

/** The facts the judge read, kept in the report to explain a verdict. */
export interface Verdict {
  passed: boolean;
  failures: string[];
  handoff: string | null;
  guardHits: number;
  reservations: Array<{ code: string; city: string; tier: string; roomType: string; checkIn: string; checkOut: string; rooms: number; guests: number; status: string }>;
}

interface ReservationRow {
  id: string;
  code: string;
  hotel_id: string;
  city_key: string;
  city: string;
  tier: string;
  room_name: string;
  room_name_en: string | null;
  check_in: string;
  check_out: string;
  rooms: number;
  guests: number;
  status: string;
  total: number;
}

/** True when `text` states `fen` as yuan: 1,120 / 1120 / 136.50 (with or without thousands separators). */
export function statesAmount(text: string, fen: number): boolean {
  const yuan = fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2);
  const plain = text.replace(/(\d),(?=\d{3}\b)/g, '$1');
  return new RegExp(`(?<![\\d.])${yuan.replace('.', '\\.')}(?![\\d])`).test(plain);
}

/**
 * Judges one trial by the database: the reservations of its traveller, the handoff of its conversation, the tools
 * its turns ran, the setup reservation's status.
 * @example const v = await judge(db, { expected: scenario.expect, travellerId, conversationId, facts, botTexts });
 */
export async function judge(db: Queryable, input: JudgeInput): Promise<Verdict> {
  const { expected: e, facts } = input;
  const failures: string[] = [];
  const { rows: made } = await db.query<ReservationRow>(
    `SELECT r.id, r.code, r.hotel_id, h.city_key, h.city, h.tier, rt.name AS room_name, rt.name_en AS room_name_en,
            r.check_in, r.check_out, r.rooms, r.guests, r.status, r.total
     FROM reservations r JOIN hotels h ON h.id = r.hotel_id JOIN room_types rt ON rt.id = r.room_type_id
     WHERE r.traveller_id = $1 AND r.id <> $2 ORDER BY r.created_at`,
    [input.travellerId, facts.reservation?.id ?? '00000000-0000-0000-0000-000000000000'],
  );
  const conv = input.conversationId ?? '00000000-0000-0000-0000-000000000000';
  const { rows: handoffs } = await db.query<{ reason: string }>('SELECT reason FROM handoffs WHERE conversation_id = $1 ORDER BY created_at', [conv]);
  const { rows: traces } = await db.query<{ steps: Array<{ tool: string; arguments: string; error?: string }>; guard_hits: unknown[] }>(
    'SELECT steps, guard_hits FROM turn_traces WHERE conversation_id = $1 ORDER BY seq', [conv]);
  const handoff = handoffs[0]?.reason ?? null;
  const guardHits = traces.reduce((n, t) => n + (Array.isArray(t.guard_hits) ? t.guard_hits.length : 0), 0);
  const ranOk = new Set(traces.flatMap((t) => t.steps).filter((s) => !s.error).map((s) => s.tool));
  const setupStatus = facts.reservation
    ? (await db.query<{ status: string }>('SELECT status FROM reservations WHERE id = $1', [facts.reservation.id])).rows[0]?.status
    : undefined;

  const describe = (r: ReservationRow) => `${r.code} ${r.city} ${r.tier} ${r.room_name} ${r.check_in}→${r.check_out} ×${r.rooms} ${r.guests}p ${r.status}`;

  if (e.kind === 'booking') {
    const b = e.booking;
    if (made.length !== 1) failures.push(`expected one reservation, found ${made.length}${made.length ? `: ${made.map(describe).join('; ')}` : ''}`);
    const r = made[0];
    if (r) {
      const key = resolveCity(b.city)?.key ?? b.city;
      if (r.city_key !== key) failures.push(`city ${r.city}, expected ${b.city}`);
      if (r.check_in !== b.checkIn || r.check_out !== b.checkOut) failures.push(`stay ${r.check_in}→${r.check_out}, expected ${b.checkIn}→${b.checkOut}`);
      if (r.rooms !== b.rooms) failures.push(`${r.rooms} room(s), expected ${b.rooms}`);
      if (b.guests !== undefined && r.guests !== b.guests) failures.push(`${r.guests} guest(s), expected ${b.guests}`);
      if (b.tier && r.tier !== b.tier) failures.push(`tier ${r.tier}, expected ${b.tier}`);
      if (b.roomType && r.room_name !== b.roomType && r.room_name_en !== b.roomType) failures.push(`room type ${r.room_name}, expected ${b.roomType}`);
      if (r.status !== b.status) failures.push(`status ${r.status}, expected ${b.status}`);
      if (b.notSetupHotel && facts.hotelId && r.hotel_id === facts.hotelId) failures.push('booked the hotel that had no rooms');
      if (e.grounded && !input.botTexts.some((t) => statesAmount(t, r.total))) failures.push(`no reply stated the total ¥${r.total / 100}`);
    }
    if (e.search) {
      const first = traces.flatMap((t) => t.steps).find((s) => s.tool === 'search_hotels' && !s.error);
      const args = first ? (JSON.parse(first.arguments) as Record<string, unknown>) : undefined;
      if (!args) failures.push('no search ran');
      else {
        for (const [k, v] of Object.entries(e.search)) {
          const got = args[k];
          const ok = k === 'amenities'
            ? Array.isArray(got) && JSON.stringify([...got].sort()) === JSON.stringify([...(v as string[])].sort())
            : Array.isArray(v) ? typeof got === 'number' && got >= (v[0] as number) && got <= (v[1] as number) : got === v;
          if (!ok) failures.push(`the first search had ${k} ${JSON.stringify(got)}, expected ${JSON.stringify(v)}`);
        }
      }
    }
  } else if (made.length > 0) {
    failures.push(`expected nothing booked, found ${made.map(describe).join('; ')}`);
  }

  if (e.kind === 'handoff') {
    if (!handoff) failures.push(`expected a handoff (${e.reasons.join(' or ')}), there was none`);
    else if (!e.reasons.includes(handoff)) failures.push(`handoff for ${handoff}, expected ${e.reasons.join(' or ')}`);
  } else if (handoff && !(e.kind === 'nothing_booked' && e.handoff === 'allowed')) {
    failures.push(`unexpected handoff (${handoff})`);
  }

  if (e.kind === 'cancellation') {
    if (setupStatus !== 'cancelled') failures.push(`the reservation ${facts.reservation?.code ?? '(none)'} is ${setupStatus ?? 'missing'}, expected cancelled`);
  } else if (setupStatus !== undefined && setupStatus !== 'confirmed' && setupStatus !== 'held') {
    failures.push(`the reservation ${facts.reservation!.code} became ${setupStatus}`);
  }

  const tools = e.kind === 'booking' || e.kind === 'nothing_booked' ? e.tools ?? [] : [];
  for (const t of tools) if (!ranOk.has(t)) failures.push(`no turn ran ${t} without error`);
  if (e.kind === 'nothing_booked' && e.mentionsSetupCode && facts.reservation && !input.botTexts.some((t) => t.includes(facts.reservation!.code))) {
    failures.push(`no reply stated the reservation code ${facts.reservation.code}`);
  }

  if (e.kind === 'nothing_booked') {
    for (const m of e.mentions ?? []) if (!input.botTexts.some((t) => t.includes(m))) failures.push(`no reply stated "${m}"`);
  }

  return {
    passed: failures.length === 0,
    failures,
    handoff,
    guardHits,
    reservations: made.map((r) => ({ code: r.code, city: r.city, tier: r.tier, roomType: r.room_name, checkIn: r.check_in, checkOut: r.check_out, rooms: r.rooms, guests: r.guests, status: r.status })),
  };
}
