// Kill -9 of the server in a burst of bookings: afterwards every night's `booked` equals its live reservations, and a
// retried Idempotency-Key gives the reservation its first attempt made (or the same refusal), never a second one.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/dates.ts';
import { aHotel, aRoomType, aTenant } from '../support/builders.ts';
import { killAll, processEnv, spawnApp, type AppProcess, type ProcessEnv } from '../support/processes.ts';

const ready = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
if (!ready) console.log('faults-booking-kill: skipped, it needs DATABASE_URL and REDIS_URL (app processes share PostgreSQL and Redis).');

/** The first night of inventory, five days from today: the processes run on the real clock. */
const firstNight = addDays(new Date().toISOString().slice(0, 10), 5);

interface Attempt {
  key: string;
  token: string;
  body: Record<string, unknown>;
  first?: { status: number; code?: string; error?: string } | 'cut off';
}

describe.skipIf(!ready)('the server killed in a burst of bookings', () => {
  let pe: ProcessEnv;
  let app: AppProcess;
  let hotelId: string;
  let roomTypes: string[];

  beforeAll(async () => {
    pe = await processEnv();
    const tenantId = await aTenant(pe.db);
    // One hotel that confirms at once, one that holds until payment: both kinds of live reservation.
    const atHotel = await aHotel(pe.db, { tenantId, paymentMode: 'at_hotel' });
    const prepay = await aHotel(pe.db, { tenantId, paymentMode: 'prepay', holdMinutes: 60 });
    hotelId = atHotel;
    roomTypes = [
      await aRoomType(pe.db, { hotelId: atHotel, allotment: 6, capacity: 2, from: firstNight, nights: 8 }),
      await aRoomType(pe.db, { hotelId: prepay, allotment: 6, capacity: 2, from: firstNight, nights: 8 }),
    ];
    app = await spawnApp({ name: 'server', env: pe.env });
  }, 90_000);

  afterAll(async () => {
    await killAll();
    await pe?.drop();
  });

  async function book(a: Attempt): Promise<Attempt['first']> {
    try {
      const res = await fetch(`${app.url}/v1/reservations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${a.token}`, 'idempotency-key': a.key, 'content-type': 'application/json' },
        body: JSON.stringify(a.body),
      });
      const json = (await res.json()) as { code?: string; error?: string };
      return { status: res.status, code: json.code, error: json.error };
    } catch {
      return 'cut off';
    }
  }

  it('keeps booked equal to the live reservations of every night, and replays each key as it was first answered', async () => {
    const hotelOf = async (roomTypeId: string) =>
      (await pe.db.query<{ hotel_id: string }>('SELECT hotel_id FROM room_types WHERE id = $1', [roomTypeId])).rows[0]!.hotel_id;
    const tokens = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const res = await fetch(`${app.url}/v1/web/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        return ((await res.json()) as { token: string }).token;
      }),
    );
    const attempts: Attempt[] = [];
    for (let i = 0; i < 120; i++) {
      const roomTypeId = roomTypes[i % 2]!;
      const checkIn = addDays(firstNight, i % 6);
      attempts.push({
        key: `burst-${i}-${randomBytes(4).toString('hex')}`,
        token: tokens[i % tokens.length]!,
        body: {
          hotelId: i % 2 === 0 ? hotelId : await hotelOf(roomTypeId), roomTypeId, checkIn, checkOut: addDays(checkIn, 1 + (i % 3)),
          rooms: 1 + (i % 2), guests: 2, guest: { name: `旅客${i}`, phone: `1380013${String(8000 + i).padStart(4, '0')}` },
        },
      });
    }

    // The burst: 24 at a time; the server dies once some have been answered and others are on the way.
    let answered = 0;
    let killed: Promise<unknown> | undefined;
    await Promise.all(
      Array.from({ length: 24 }, async (_, lane) => {
        for (let i = lane; i < attempts.length; i += 24) {
          const a = attempts[i]!;
          a.first = await book(a);
          if (a.first !== 'cut off' && ++answered === 30) killed = app.kill9();
        }
      }),
    );
    await killed;
    const cut = attempts.filter((a) => a.first === 'cut off').length;
    const created = attempts.filter((a) => a.first !== 'cut off' && a.first?.status === 201).length;
    expect(created).toBeGreaterThan(0);
    expect(cut).toBeGreaterThan(0);

    app = await spawnApp({ name: 'server-2', env: pe.env });
    // Every key again, as a client retries after a lost answer.
    const again = await Promise.all(attempts.map((a) => book(a)));
    for (const [i, a] of attempts.entries()) {
      const second = again[i]!;
      expect(second).not.toBe('cut off');
      if (second === 'cut off') continue;
      expect([201, 409], JSON.stringify(second)).toContain(second.status);
      if (a.first !== 'cut off') {
        expect(second.status).toBe(a.first!.status);
        if (a.first!.status === 201) expect(second.code).toBe(a.first!.code);
      }
    }

    // One reservation per key that was answered 201, none for a refusal.
    const { rows: reservations } = await pe.db.query<{ n: number }>('SELECT count(*)::int AS n FROM reservations');
    expect(reservations[0]!.n).toBe(again.filter((r) => r !== 'cut off' && r?.status === 201).length);

    // The invariant: booked = rooms of held and confirmed reservations covering the night, for every night.
    const { rows: nights } = await pe.db.query<{ room_type_id: string; night: string; booked: number; allotment: number; live: number }>(
      `SELECT i.room_type_id, i.night, i.booked, i.allotment,
              COALESCE((SELECT sum(r.rooms) FROM reservations r
                         WHERE r.room_type_id = i.room_type_id AND r.status IN ('held', 'confirmed')
                           AND r.check_in <= i.night AND r.check_out > i.night), 0)::int AS live
       FROM inventory i WHERE i.room_type_id = ANY($1) ORDER BY i.room_type_id, i.night`,
      [roomTypes],
    );
    expect(nights.length).toBe(16);
    for (const n of nights) {
      expect(n.booked, `${n.room_type_id} ${n.night}`).toBe(n.live);
      expect(n.booked).toBeLessThanOrEqual(n.allotment);
    }
    // The burst asked for more than there was: the hot nights are full.
    expect(nights.some((n) => n.booked === n.allotment)).toBe(true);
  }, 180_000);
});
