// The demo: two hotel groups (Beijing from CrossWOZ, five more cities fictional), their staff logins and 180 nights of stock.
import { isIsoDate } from '../../src/dates.ts';
import type { Db } from '../types.ts';
import type { DemoLogin } from './credentials.ts';
import { beijingHotels } from './crosswoz.ts';
import { demoCityHotels } from './demo-cities.ts';
import { countTenantStock } from './stock-counts.ts';
import { ensureTenant } from './tenants.ts';
import type { OnProgress, SeedCounts } from './types.ts';
import { ensureDemoUsers, type DemoUserSpec } from './users.ts';
import { writeHotelsInBatches } from './write-hotels.ts';

/** Options of {@link seedDemo}. */
export interface DemoSeedOptions {
  /** The hotels' IANA time zone (TZ_HOTELS); `today` is a date in it. */
  timeZone: string;
  /** YYYY-MM-DD in the hotels' zone: the first night stocked. */
  today: string;
  /** Nights stocked from `today`; default 180. */
  nights?: number;
  /** Where the demo logins' passwords are kept (mode 0600) so they can be shown on every start. */
  credentialsFile?: string;
  /** Seed only this many of the 1,133 Beijing hotels, spread over the grades (for fast tests). */
  beijingLimit?: number;
  /** Hotels done so far and in all, after each batch. */
  onProgress?: OnProgress;
}

/** What the demo holds after {@link seedDemo}, and what this run added. */
export interface DemoSeedResult {
  /** True when this run created anything but inventory nights (a first run, or a larger `beijingLimit`). */
  created: boolean;
  /** Tenant ids. */
  tenants: { jinghua: string; yuetu: string };
  logins: DemoLogin[];
  /** Totals of the two demo tenants. */
  hotels: number;
  roomTypes: number;
  inventoryRows: number;
  /** Rows this run inserted (zeros on a repeat run with the same `today`). */
  added: SeedCounts;
}

/** Bump when the demo data changes, so existing installs seed what is new on their next start. */
const DEMO_SEED_VERSION = 1;

/** The demo tenants: names as shown, and the seed keys that make them unique. */
export const DEMO_TENANTS = {
  jinghua: { seedKey: 'demo-jinghua', name: '京华酒店集团 (Jinghua Hotels)' },
  yuetu: { seedKey: 'demo-yuetu', name: '悦途酒店 (Yuetu Hotels)' },
} as const;

function usersFor(jinghua: string, yuetu: string): DemoUserSpec[] {
  const { jinghua: j, yuetu: y } = DEMO_TENANTS;
  return [
    { role: 'admin', email: 'admin@tourdesk.demo', displayName: '平台管理员 (Platform admin)', tenantId: null },
    { role: 'operator', email: 'operator@jinghua.demo', displayName: '京华运营 (Jinghua operator)', tenantId: jinghua, tenantName: j.name },
    { role: 'agent', email: 'agent@jinghua.demo', displayName: '京华客服 (Jinghua agent)', tenantId: jinghua, tenantName: j.name },
    { role: 'operator', email: 'operator@yuetu.demo', displayName: '悦途运营 (Yuetu operator)', tenantId: yuetu, tenantName: y.name },
    { role: 'agent', email: 'agent@yuetu.demo', displayName: '悦途客服 (Yuetu agent)', tenantId: yuetu, tenantName: y.name },
  ];
}

function check(opts: DemoSeedOptions): number {
  const nights = opts.nights ?? 180;
  if (!isIsoDate(opts.today)) throw new RangeError(`today must be a date as YYYY-MM-DD, got "${opts.today}"`);
  if (!Number.isInteger(nights) || nights < 1 || nights > 1096) throw new RangeError(`nights must be 1…1096, got ${nights}`);
  if (opts.beijingLimit !== undefined && (!Number.isInteger(opts.beijingLimit) || opts.beijingLimit < 0)) {
    throw new RangeError(`beijingLimit must be a whole number ≥ 0, got ${opts.beijingLimit}`);
  }
  new Intl.DateTimeFormat('en', { timeZone: opts.timeZone }); // throws RangeError on an unknown zone
  return nights;
}

/**
 * Seeds the demo; idempotent. Beijing belongs to Jinghua (CrossWOZ's real hotels), 上海/杭州/成都/西安/三亚 to Yuetu
 * (fictional hotels). Re-running changes nothing, never resets `booked`, and with a later `today` only adds the
 * nights up to `today + nights - 1`. Hotels are written in batches, each batch in one transaction.
 * @example const r = await seedDemo(db, { timeZone: 'Asia/Shanghai', today: '2025-06-01' }); r.logins
 */
export async function seedDemo(db: Db, opts: DemoSeedOptions): Promise<DemoSeedResult> {
  const nights = check(opts);
  const [jinghua, yuetu] = await db.transaction(async (tx) => [
    await ensureTenant(tx, DEMO_TENANTS.jinghua.seedKey, DEMO_TENANTS.jinghua.name),
    await ensureTenant(tx, DEMO_TENANTS.yuetu.seedKey, DEMO_TENANTS.yuetu.name),
  ]);
  const users = await ensureDemoUsers(db, usersFor(jinghua.id, yuetu.id), opts.credentialsFile);

  // Nothing new since the last complete run (same data, same window): skip the hotel writes, which dominate a
  // restart. The mark is written only after every batch committed, so a crashed run is simply run again.
  const fingerprint = `${DEMO_SEED_VERSION}:${opts.today}:${nights}:${opts.beijingLimit ?? 'all'}`;
  const mark = await db.query<{ fingerprint: string; result: Omit<DemoSeedResult, 'logins' | 'created'> }>(
    `SELECT fingerprint, result FROM seed_marks WHERE name = 'demo'`,
  );
  if (mark.rows[0]?.fingerprint === fingerprint && users.created === 0 && !jinghua.created && !yuetu.created) {
    const zero = { hotels: 0, roomTypes: 0, inventoryRows: 0 };
    return { ...mark.rows[0].result, created: false, logins: users.logins, added: zero };
  }

  const beijing = await beijingHotels(opts.beijingLimit);
  const others = demoCityHotels();
  const total = beijing.length + others.length;
  const window = { from: opts.today, nights };
  const a = await writeHotelsInBatches(db, jinghua.id, beijing, window, {
    onBatch: (done) => opts.onProgress?.(done, total),
  });
  const b = await writeHotelsInBatches(db, yuetu.id, others, window, {
    onBatch: (done) => opts.onProgress?.(beijing.length + done, total),
  });
  const added = { hotels: a.hotels + b.hotels, roomTypes: a.roomTypes + b.roomTypes, inventoryRows: a.inventoryRows + b.inventoryRows };
  const totals = await countTenantStock(db, [jinghua.id, yuetu.id]);
  const tenants = { jinghua: jinghua.id, yuetu: yuetu.id };
  await db.query(
    `INSERT INTO seed_marks (name, fingerprint, result) VALUES ('demo', $1, $2)
     ON CONFLICT (name) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, result = EXCLUDED.result, done_at = now()`,
    [fingerprint, JSON.stringify({ tenants, ...totals })],
  );
  return {
    created: jinghua.created || yuetu.created || users.created > 0 || added.hotels > 0 || added.roomTypes > 0,
    tenants,
    logins: users.logins,
    ...totals,
    added,
  };
}
