// Hotels: an operator creates, lists, reads and patches its tenant's hotels; an admin those of any tenant.
import type { Db, Queryable } from '../../db/index.ts';
import { cityForHotel, type Tier } from '../booking/index.ts';
import { AppError, isDbError } from '../errors.ts';
import type { HotelInput, HotelListQuery, HotelPatch } from './hotel-schemas.ts';
import { HOTEL_COLUMNS, PLAIN_COLUMNS, toHotelView, type HotelRow, type HotelView } from './hotel-view.ts';
import { assertInScope, assertWriter, tenantScope, type Staff } from './scope.ts';
import { DEFAULT_STARS, gradeForStars, starsFitTier, TIER_STARS } from './stars.ts';

/** One page of hotels, and whether another follows. */
export interface HotelPage {
  hotels: HotelView[];
  hasMore: boolean;
}

/** The tenant a new hotel belongs to: the admin names it; an operator's is its own. */
function tenantFor(s: Staff, given: string | undefined): string {
  if (s.role === 'admin') {
    if (given) return given;
    throw new AppError('invalid_request', 'Invalid body.tenantId: an admin names the tenant', [
      { code: 'custom', path: ['tenantId'], message: 'an admin names the tenant' },
    ]);
  }
  // Naming another tenant reads as an unknown one, like every other cross-tenant id.
  if (!s.tenantId || (given && given !== s.tenantId)) throw new AppError('not_found', 'No such tenant.');
  return s.tenantId;
}

/** The plain columns an input sets, as [column, value] pairs. */
function plainValues(input: HotelInput | HotelPatch): Array<[string, unknown]> {
  return Object.entries(PLAIN_COLUMNS)
    .filter(([field]) => (input as Record<string, unknown>)[field] !== undefined)
    .map(([field, col]) => [col, (input as Record<string, unknown>)[field]]);
}

/** Throws 404 unless hotel `id` exists and is in scope; returns its tenant. */
export async function hotelTenant(q: Queryable, s: Staff, id: string, lock = false): Promise<string> {
  const { rows } = await q.query<{ tenant_id: string }>(
    `SELECT tenant_id FROM hotels WHERE id = $1 ${lock ? 'FOR SHARE' : ''}`,
    [id],
  );
  assertInScope(s, rows[0]?.tenant_id, 'hotel');
  return rows[0]!.tenant_id;
}

/** Creates a hotel; stars default from the tier, the grade follows the stars, the city is made canonical. */
export async function createHotel(db: Db, s: Staff, input: HotelInput, now: Date): Promise<{ id: string }> {
  assertWriter(s);
  const tenantId = tenantFor(s, input.tenantId);
  const stars = input.stars ?? DEFAULT_STARS[input.tier];
  const city = cityForHotel(input.city, input.cityEn);
  const values: Array<[string, unknown]> = [
    ...plainValues(input).filter(([col]) => col !== 'stars'),
    ['tenant_id', tenantId], ['stars', stars], ['grade', gradeForStars(stars)],
    ['city', city.zh], ['city_en', city.en], ['city_key', city.key],
    ['policies', JSON.stringify(input.policies ?? {})], ['source', 'operator'],
    ['created_at', now], ['updated_at', now],
  ];
  try {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO hotels (${values.map(([c]) => c).join(', ')})
       VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      values.map(([, v]) => v),
    );
    return { id: rows[0]!.id };
  } catch (err) {
    // The only foreign key is the tenant: an admin named one that does not exist.
    if (isDbError(err, '23503')) throw new AppError('not_found', 'No such tenant.');
    throw err;
  }
}

/** A page of the hotels in scope, oldest first (a stable order, so pages neither skip nor repeat). */
export async function listHotels(db: Db, s: Staff, q: HotelListQuery): Promise<HotelPage> {
  const { rows } = await db.query<HotelRow>(
    `SELECT ${HOTEL_COLUMNS} FROM hotels
     WHERE ($1::uuid IS NULL OR tenant_id = $1) AND ($2::uuid IS NULL OR tenant_id = $2)
     ORDER BY created_at, id LIMIT $3 OFFSET $4`,
    [tenantScope(s), q.tenantId ?? null, q.limit + 1, q.offset],
  );
  return { hotels: rows.slice(0, q.limit).map(toHotelView), hasMore: rows.length > q.limit };
}

/** One hotel in scope, or 404. */
export async function getHotel(db: Db, s: Staff, id: string): Promise<HotelView> {
  const { rows } = await db.query<HotelRow>(`SELECT ${HOTEL_COLUMNS} FROM hotels WHERE id = $1`, [id]);
  assertInScope(s, rows[0]?.tenant_id, 'hotel');
  return toHotelView(rows[0]!);
}

/** Stars after a patch: as given; else kept when they still fit the tier; else the new tier's default. */
function patchedStars(cur: { tier: Tier; stars: number }, p: HotelPatch): { tier: Tier; stars: number } {
  const tier = p.tier ?? cur.tier;
  const stars = p.stars ?? (starsFitTier(tier, cur.stars) ? cur.stars : DEFAULT_STARS[tier]);
  if (!starsFitTier(tier, stars)) {
    const message = `a ${tier} hotel has ${TIER_STARS[tier]} stars`;
    throw new AppError('invalid_request', `Invalid body.stars: ${message}`, [{ code: 'custom', path: ['stars'], message }]);
  }
  return { tier, stars };
}

/**
 * Applies a partial update under the hotel's row lock, so two patches of tier and stars cannot cross.
 * Policies merge key by key (null removes one); every other field given replaces the stored one.
 */
export async function updateHotel(db: Db, s: Staff, id: string, p: HotelPatch, now: Date): Promise<HotelView> {
  assertWriter(s);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<HotelRow>(`SELECT ${HOTEL_COLUMNS} FROM hotels WHERE id = $1 FOR UPDATE`, [id]);
    const cur = rows[0];
    assertInScope(s, cur?.tenant_id, 'hotel');
    const { tier, stars } = patchedStars(cur!, p);
    const values: Array<[string, unknown]> = [
      ...plainValues(p).filter(([col]) => col !== 'tier' && col !== 'stars'),
      ['tier', tier], ['stars', stars], ['grade', stars === cur!.stars ? cur!.grade : gradeForStars(stars)],
      ['updated_at', now],
    ];
    if (p.city !== undefined || p.cityEn !== undefined) {
      const en = p.cityEn === undefined ? (cur!.city_en ?? undefined) : (p.cityEn ?? undefined);
      const city = cityForHotel(p.city ?? cur!.city, en);
      values.push(['city', city.zh], ['city_en', city.en], ['city_key', city.key]);
    }
    const sets = values.map(([c], i) => `${c} = $${i + 2}`);
    const params: unknown[] = [id, ...values.map(([, v]) => v)];
    if (p.policies) {
      const set = Object.fromEntries(Object.entries(p.policies).filter(([, v]) => v !== null));
      const removed = Object.keys(p.policies).filter((k) => p.policies![k] === null);
      sets.push(`policies = (policies || $${params.length + 1}::jsonb) - $${params.length + 2}::text[]`);
      params.push(JSON.stringify(set), removed);
    }
    const updated = await tx.query<HotelRow>(
      `UPDATE hotels SET ${sets.join(', ')} WHERE id = $1 RETURNING ${HOTEL_COLUMNS}`,
      params,
    );
    return toHotelView(updated.rows[0]!);
  });
}
