// The demo and bench seeds: what a fresh install holds, and that seeding again changes nothing.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAmenityCode } from '../../src/booking/amenities.ts';
import { knownCities } from '../../src/booking/cities.ts';
import { addDays } from '../../src/dates.ts';
import { verifyPassword } from '../../src/security/passwords.ts';
import { seedBulk, seedDemo, type DemoSeedResult } from '../../db/seed/index.ts';
import { nightlyPrice } from '../../db/seed/pricing.ts';
import type { Queryable } from '../../db/index.ts';
import { createTestDb, engine, type TestDb } from '../support/db.ts';

/** A Monday; 2–8 June 2025 is an ordinary week (no holiday, one month). */
const TODAY = '2025-06-02';
const NIGHTS = 30;
const SIX_CITIES = ['beijing', 'shanghai', 'hangzhou', 'chengdu', 'xian', 'sanya'];
const GRADE_STARS: Record<string, number> = { 经济型: 2, 舒适型: 3, 高档型: 4, 豪华型: 5 };

async function counts(db: Queryable) {
  const { rows } = await db.query<{ tenants: number; users: number; hotels: number; room_types: number; inventory: number }>(
    `SELECT (SELECT count(*) FROM tenants)::int AS tenants, (SELECT count(*) FROM users)::int AS users,
            (SELECT count(*) FROM hotels)::int AS hotels, (SELECT count(*) FROM room_types)::int AS room_types,
            (SELECT count(*) FROM inventory)::int AS inventory`,
  );
  return rows[0];
}

/** Every seeded row that should come out the same on any install (ids and timestamps aside). */
async function fingerprint(db: Queryable): Promise<string> {
  const { rows } = await db.query(
    `SELECT h.seed_key, h.name_en, h.tier, h.stars, h.amenities, h.policies, h.cancel_hours, h.payment_mode,
            rt.name, rt.base_price, i.night, i.allotment, i.price
     FROM hotels h JOIN room_types rt ON rt.hotel_id = h.id JOIN inventory i ON i.room_type_id = rt.id
     ORDER BY h.seed_key, rt.name, i.night`,
  );
  return JSON.stringify(rows);
}

describe(`the demo seed (${engine})`, () => {
  let t: TestDb;
  let dir: string;
  let credentialsFile: string;
  let first: DemoSeedResult;

  beforeAll(async () => {
    t = await createTestDb();
    dir = await mkdtemp(join(tmpdir(), 'tourdesk-seed-'));
    credentialsFile = join(dir, 'demo-logins.json');
    first = await seedDemo(t.db, { timeZone: 'Asia/Shanghai', today: TODAY, nights: NIGHTS, beijingLimit: 24, credentialsFile });
  });
  afterAll(async () => {
    await t?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('gives each of the six cities at least two hotels in every tier', async () => {
    const { rows } = await t.db.query<{ city_key: string; tier: string; n: number }>(
      'SELECT city_key, tier, count(*)::int AS n FROM hotels GROUP BY city_key, tier',
    );
    for (const city of SIX_CITIES) {
      for (const tier of ['budget', 'comfort', 'luxury']) {
        expect(rows.find((r) => r.city_key === city && r.tier === tier)?.n ?? 0, `${city} ${tier}`).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('gives Beijing to Jinghua and the other cities to Yuetu, with canonical city names', async () => {
    const { rows } = await t.db.query<{ city: string; city_en: string; city_key: string; tenant: string }>(
      `SELECT DISTINCT h.city, h.city_en, h.city_key, t.seed_key AS tenant FROM hotels h JOIN tenants t ON t.id = h.tenant_id`,
    );
    expect(rows.filter((r) => r.city_key === 'beijing')).toEqual([{ city: '北京', city_en: 'Beijing', city_key: 'beijing', tenant: 'demo-jinghua' }]);
    expect(rows.filter((r) => r.city_key !== 'beijing').map((r) => r.tenant)).toEqual(Array(5).fill('demo-yuetu'));
    expect(first.tenants.jinghua).not.toBe(first.tenants.yuetu);
  });

  it('gives every hotel two to four room types, for one to four guests, priced in whole yuan', async () => {
    const { rows } = await t.db.query<{ n: number; min_cap: number; max_cap: number; odd_fen: number }>(
      `SELECT count(*)::int AS n, min(capacity)::int AS min_cap, max(capacity)::int AS max_cap,
              count(*) FILTER (WHERE base_price % 100 <> 0 OR currency <> 'CNY')::int AS odd_fen
       FROM room_types GROUP BY hotel_id`,
    );
    expect(rows.length).toBe(first.hotels);
    for (const r of rows) {
      expect(r.n).toBeGreaterThanOrEqual(2);
      expect(r.n).toBeLessThanOrEqual(4);
      expect(r.min_cap).toBeGreaterThanOrEqual(1);
      expect(r.max_cap).toBeLessThanOrEqual(4);
      expect(r.odd_fen).toBe(0);
    }
  });

  it('prices the cheapest Beijing room type at the CrossWOZ price', async () => {
    const { rows } = await t.db.query<{ min: number }>(
      `SELECT min(rt.base_price) AS min FROM room_types rt JOIN hotels h ON h.id = rt.hotel_id
       WHERE h.seed_key = 'crosswoz:北京贵都大酒店'`,
    );
    expect(rows[0]?.min).toBe(135_400);
  });

  it('keeps stars, tier and grade consistent', async () => {
    const { rows } = await t.db.query<{ tier: string; stars: number; grade: string }>('SELECT tier, stars, grade FROM hotels');
    for (const r of rows) {
      expect(GRADE_STARS[r.grade]).toBe(r.stars);
      expect(r.tier).toBe(r.stars <= 2 ? 'budget' : r.stars === 3 ? 'comfort' : 'luxury');
    }
  });

  it('names and describes every hotel and room type in Chinese and English', async () => {
    const { rows } = await t.db.query<{ name_en: string | null; description: string | null; description_en: string | null }>(
      'SELECT name_en, description, description_en FROM hotels',
    );
    for (const r of rows) {
      expect(r.name_en).toMatch(/[A-Za-z]{3}/);
      expect(r.description).toMatch(/[\u4e00-\u9fff]/);
      expect(r.description_en).toMatch(/^[A-Z].*\.$/);
      expect(`${r.description} ${r.description_en}`).not.toMatch(/undefined|null|NaN/);
    }
    const rooms = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM room_types WHERE coalesce(name_en, '') !~ '[A-Za-z]'");
    expect(rooms.rows[0]?.n).toBe(0);
  });

  it('uses canonical amenity codes, and policies that agree with them and with cancel_hours', async () => {
    const { rows } = await t.db.query<{
      amenities: string[];
      facilities: string[];
      policies: {
        checkInTime: string;
        checkOutTime: string;
        breakfast: { offered: string; zh: string; en: string };
        parking: { offered: string };
        pets: { allowed: boolean; zh: string; en: string };
        cancellation: { freeUntilHoursBefore: number; zh: string; en: string };
        payment: { mode: string; holdMinutes?: number };
      };
      cancel_hours: number;
      payment_mode: string;
      hold_minutes: number;
      tier: string;
    }>('SELECT amenities, facilities, policies, cancel_hours, payment_mode, hold_minutes, tier FROM hotels');
    for (const h of rows) {
      expect(h.amenities.every(isAmenityCode), h.amenities.join()).toBe(true);
      expect(h.facilities.length).toBeGreaterThan(0);
      expect(h.policies.checkInTime).toBe('14:00');
      expect(h.policies.checkOutTime).toBe('12:00');
      expect(h.amenities.includes('breakfast')).toBe(h.policies.breakfast.offered !== 'none');
      expect(h.amenities.includes('parking')).toBe(h.policies.parking.offered !== 'none');
      expect(h.amenities.includes('pets')).toBe(h.policies.pets.allowed);
      expect([0, 24, 48]).toContain(h.cancel_hours);
      expect(h.policies.cancellation.freeUntilHoursBefore).toBe(h.cancel_hours);
      expect(h.policies.payment.mode).toBe(h.payment_mode);
      if (h.payment_mode === 'prepay') {
        expect(h.tier).toBe('luxury');
        expect(h.hold_minutes).toBe(30);
      }
    }
    expect(rows.some((h) => h.payment_mode === 'prepay')).toBe(true);
    expect(rows.filter((h) => h.amenities.includes('beach')).length).toBeGreaterThan(0);
  });

  it('stocks every room type for every night of the window, 3 to 20 rooms a night, none booked', async () => {
    const { rows } = await t.db.query<{ n: number; first: string; last: string; lo: number; hi: number; booked: number }>(
      `SELECT count(*)::int AS n, min(night) AS first, max(night) AS last, min(allotment) AS lo, max(allotment) AS hi,
              sum(booked)::int AS booked
       FROM room_types rt LEFT JOIN inventory i ON i.room_type_id = rt.id GROUP BY rt.id`,
    );
    expect(rows.length).toBe(first.roomTypes);
    for (const r of rows) {
      expect(r).toMatchObject({ n: NIGHTS, first: TODAY, last: addDays(TODAY, NIGHTS - 1), booked: 0 });
      expect(r.lo).toBeGreaterThanOrEqual(3);
      expect(r.hi).toBeLessThanOrEqual(20);
    }
    expect(first.inventoryRows).toBe(first.roomTypes * NIGHTS);
  });

  it('charges more on Friday and Saturday nights than on Thursday of the same week', async () => {
    const { rows } = await t.db.query<{ thu: number; fri: number; sat: number; sun: number }>(
      `SELECT max(price) FILTER (WHERE night = '2025-06-05') AS thu, max(price) FILTER (WHERE night = '2025-06-06') AS fri,
              max(price) FILTER (WHERE night = '2025-06-07') AS sat, max(price) FILTER (WHERE night = '2025-06-08') AS sun
       FROM inventory GROUP BY room_type_id`,
    );
    for (const r of rows) {
      expect(r.fri).toBeGreaterThan(r.thu);
      expect(r.sat).toBe(r.fri);
      expect(r.sun).toBe(r.thu);
    }
  });

  it('writes the nightly prices that nightlyPrice() gives for city and beach hotels', async () => {
    const { rows } = await t.db.query<{ base_price: number; night: string; price: number; city_key: string }>(
      `SELECT rt.base_price, i.night, i.price, h.city_key FROM inventory i
       JOIN room_types rt ON rt.id = i.room_type_id JOIN hotels h ON h.id = rt.hotel_id
       WHERE h.seed_key IN ('crosswoz:北京贵都大酒店', 'demo:sanya:yalong-bay-yunxi-resort')`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.price).toBe(nightlyPrice(r.base_price, r.night, r.city_key === 'sanya' ? 'beach' : 'city'));
    }
  });

  it('creates a platform admin and an operator and an agent per tenant whose passwords work', async () => {
    expect(first.created).toBe(true);
    expect(first.logins.map((l) => `${l.role} ${l.email}`)).toEqual([
      'admin admin@tourdesk.demo',
      'operator operator@jinghua.demo',
      'agent agent@jinghua.demo',
      'operator operator@yuetu.demo',
      'agent agent@yuetu.demo',
    ]);
    const { rows } = await t.db.query<{ email: string; password_hash: string; role: string; tenant_id: string | null }>(
      'SELECT email, password_hash, role, tenant_id FROM users',
    );
    for (const login of first.logins) {
      const user = rows.find((r) => r.email === login.email);
      expect(login.password).toMatch(/^[A-Za-z0-9_-]{12}$/);
      expect(await verifyPassword(user?.password_hash ?? '', login.password ?? '')).toBe(true);
      expect(user?.tenant_id ?? null).toBe(
        login.role === 'admin' ? null : login.email.endsWith('@jinghua.demo') ? first.tenants.jinghua : first.tenants.yuetu,
      );
    }
    expect(((await stat(credentialsFile)).mode & 0o777).toString(8)).toBe('600');
  });

  it('changes nothing when run again, keeps booked rooms, and still shows the passwords from the file', async () => {
    const before = await counts(t.db);
    const night = await t.db.query<{ room_type_id: string }>(
      `UPDATE inventory SET booked = 2 WHERE (room_type_id, night) IN (SELECT room_type_id, night FROM inventory LIMIT 1)
       RETURNING room_type_id`,
    );
    const again = await seedDemo(t.db, { timeZone: 'Asia/Shanghai', today: TODAY, nights: NIGHTS, beijingLimit: 24, credentialsFile });
    expect(await counts(t.db)).toEqual(before);
    expect(again).toMatchObject({ created: false, hotels: first.hotels, roomTypes: first.roomTypes, inventoryRows: first.inventoryRows });
    expect(again.added).toEqual({ hotels: 0, roomTypes: 0, inventoryRows: 0 });
    expect(again.tenants).toEqual(first.tenants);
    expect(again.logins).toEqual(first.logins);
    const booked = await t.db.query<{ n: number }>('SELECT sum(booked)::int AS n FROM inventory WHERE room_type_id = $1', [
      night.rows[0]?.room_type_id,
    ]);
    expect(booked.rows[0]?.n).toBe(2);
  });

  it('adds only the new nights when run with a later today', async () => {
    const later = await seedDemo(t.db, { timeZone: 'Asia/Shanghai', today: addDays(TODAY, 10), nights: NIGHTS, beijingLimit: 24 });
    expect(later.added).toEqual({ hotels: 0, roomTypes: 0, inventoryRows: first.roomTypes * 10 });
    const { rows } = await t.db.query<{ last: string; booked: number }>('SELECT max(night) AS last, sum(booked)::int AS booked FROM inventory');
    expect(rows[0]).toEqual({ last: addDays(TODAY, NIGHTS + 9), booked: 2 });
  });
});

describe(`the full demo (${engine})`, () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('holds all 1,133 CrossWOZ hotels of Beijing with 180 nights each, and seeds again in no time', { timeout: 120_000 }, async () => {
    const started = performance.now();
    const r = await seedDemo(t.db, { timeZone: 'Asia/Shanghai', today: TODAY });
    const seconds = (performance.now() - started) / 1000;
    const { rows } = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM hotels WHERE source = 'crosswoz' AND city_key = 'beijing'");
    expect(rows[0]?.n).toBe(1133);
    expect(r.hotels).toBe(1133 + 45);
    expect(r.inventoryRows).toBe(r.roomTypes * 180);
    const names = await t.db.query<{ n: number }>('SELECT count(DISTINCT name_en)::int AS n FROM hotels');
    expect(names.rows[0]?.n).toBe(r.hotels);
    console.log(`full demo seed on ${engine}: ${seconds.toFixed(1)} s for ${r.inventoryRows.toLocaleString('en-US')} nights`);
    const again = await seedDemo(t.db, { timeZone: 'Asia/Shanghai', today: TODAY });
    expect(again.added).toEqual({ hotels: 0, roomTypes: 0, inventoryRows: 0 });
  });
});

describe(`seeding is deterministic (${engine})`, () => {
  it('gives two installs the same hotels, room types, allotments and prices', async () => {
    const a = await createTestDb();
    const b = await createTestDb();
    try {
      const opts = { timeZone: 'Asia/Shanghai', today: TODAY, nights: 3, beijingLimit: 6 };
      await seedDemo(a.db, opts);
      await seedDemo(b.db, opts);
      expect(await fingerprint(a.db)).toBe(await fingerprint(b.db));
    } finally {
      await a.drop();
      await b.drop();
    }
  });
});

describe(`the bench seed (${engine})`, () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('spreads hotels over every known city and all three tiers, with the room types and nights asked for', async () => {
    const cities = knownCities().length;
    const progress: Array<[number, number]> = [];
    const r = await seedBulk(t.db, { hotels: cities * 3, nights: 5, today: TODAY, onProgress: (d, n) => progress.push([d, n]) });
    expect(r).toMatchObject({ hotels: cities * 3, roomTypes: cities * 12, inventoryRows: cities * 12 * 5 });
    expect(progress.at(-1)).toEqual([cities * 3, cities * 3]);
    const { rows } = await t.db.query<{ city_key: string; tiers: number }>(
      'SELECT city_key, count(DISTINCT tier)::int AS tiers FROM hotels WHERE tenant_id = $1 GROUP BY city_key',
      [r.tenantId],
    );
    expect(rows.length).toBe(cities);
    expect(rows.every((x) => x.tiers === 3)).toBe(true);
  });

  it('is idempotent, and a larger run adds only the new hotels', async () => {
    const cities = knownCities().length;
    const again = await seedBulk(t.db, { hotels: cities * 3, nights: 5, today: TODAY });
    expect(again.added).toEqual({ hotels: 0, roomTypes: 0, inventoryRows: 0 });
    const more = await seedBulk(t.db, { hotels: cities * 3 + 2, nights: 5, roomTypes: 2, today: TODAY });
    expect(more.added).toEqual({ hotels: 2, roomTypes: 4, inventoryRows: 20 });
  });

  it('refuses sizes out of range', async () => {
    await expect(seedBulk(t.db, { hotels: 0, nights: 5, today: TODAY })).rejects.toThrow(/hotels/);
    await expect(seedBulk(t.db, { hotels: 1, nights: 5, roomTypes: 11, today: TODAY })).rejects.toThrow(/roomTypes/);
    await expect(seedBulk(t.db, { hotels: 1, nights: 5, today: '2025-02-30' })).rejects.toThrow(/today/);
  });
});
