// The operator's dashboard: bookings and revenue per day, occupancy per hotel, conversations and handoffs.
import { withoutJit, type Db } from '../../../db/index.ts';
import { addDays, nightsBetween } from '../../dates.ts';
import { AppError } from '../../errors.ts';
import { cny } from '../../money.ts';
import { hotelTenant } from '../hotels.ts';
import { tenantScope, type Staff } from '../scope.ts';
import type { StatsQuery } from './schemas.ts';
import { BOOKINGS_BY_DAY, CONVERSATIONS_BY_DAY, HANDOFFS_BY_DAY, OCCUPANCY } from './sql.ts';
import type { DayStats, Stats } from './types.ts';

export { statsQuery, MAX_STATS_DAYS, type StatsQuery } from './schemas.ts';
export type { DayStats, HotelOccupancy, Stats } from './types.ts';

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : 0);

/**
 * The dashboard over [from, to) (days in `timeZone`) for the tenant in scope (an admin: every tenant, or
 * `tenantId`), optionally one hotel. Conversations belong to a tenant by the review's visibility rule
 * (src/review/scope.ts), and end as the review reads them (src/review/outcome.ts); with a hotel, only those whose
 * traveller had a quote or reservation there during the conversation count. Four grouped queries.
 * @example const s = await dashboardStats(db, 'Asia/Shanghai', staff, { from: '2026-12-01', to: '2027-01-01' }, new Date());
 */
export async function dashboardStats(db: Db, timeZone: string, s: Staff, q: StatsQuery, now: Date): Promise<Stats> {
  const scope = tenantScope(s);
  if (scope && q.tenantId && q.tenantId !== scope) throw new AppError('not_found', 'No such tenant.');
  const tenant = scope ?? q.tenantId ?? null;
  if (q.hotelId) await hotelTenant(db, s, q.hotelId);
  const params = [tenant, q.hotelId ?? null, q.from, q.to, timeZone, now];
  const [bookings, conversations, handoffs, occupancy] = await Promise.all([
    db.query<{ day: string; bookings: number; room_nights: number; revenue: number; cancellations: number }>(BOOKINGS_BY_DAY, params),
    withoutJit(db, (tx) => tx.query<{ day: string; total: number; booked: number; handed_off: number; abandoned: number; open: number; with_handoff: number }>(CONVERSATIONS_BY_DAY, params)),
    withoutJit(db, (tx) => tx.query<{ day: string; reason: string; count: number }>(HANDOFFS_BY_DAY, params)),
    db.query<{ hotel_id: string; name: string; sold: number; available: number }>(OCCUPANCY, params),
  ]);
  const days = new Map<string, DayStats>();
  for (let i = 0, n = nightsBetween(q.from, q.to); i < n; i++) {
    const day = addDays(q.from, i);
    days.set(day, { day, bookings: 0, roomNights: 0, revenue: cny(0), cancellations: 0, conversations: 0, handoffs: 0 });
  }
  for (const b of bookings.rows) {
    const d = days.get(b.day);
    if (d) Object.assign(d, { bookings: b.bookings, roomNights: b.room_nights, revenue: cny(b.revenue), cancellations: b.cancellations });
  }
  const convo = { total: 0, booked: 0, handedOff: 0, abandoned: 0, open: 0 };
  let withHandoff = 0;
  for (const c of conversations.rows) {
    const d = days.get(c.day);
    if (d) d.conversations = c.total;
    convo.total += c.total;
    convo.booked += c.booked;
    convo.handedOff += c.handed_off;
    convo.abandoned += c.abandoned;
    convo.open += c.open;
    withHandoff += c.with_handoff;
  }
  const reasons = new Map<string, number>();
  let handoffTotal = 0;
  for (const h of handoffs.rows) {
    const d = days.get(h.day);
    if (d) d.handoffs += h.count;
    reasons.set(h.reason, (reasons.get(h.reason) ?? 0) + h.count);
    handoffTotal += h.count;
  }
  return {
    from: q.from,
    to: q.to,
    days: [...days.values()],
    occupancy: occupancy.rows.map((o) => ({
      hotelId: o.hotel_id, name: o.name, soldNights: o.sold, availableNights: o.available, rate: ratio(o.sold, o.available),
    })),
    conversations: convo,
    conversion: ratio(convo.booked, convo.total),
    handoffs: {
      total: handoffTotal,
      rate: ratio(withHandoff, convo.total),
      reasons: [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    },
  };
}
