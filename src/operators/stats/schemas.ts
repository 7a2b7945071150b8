// zod schema of the dashboard's query: a range of days (to exclusive, at most a year) and an optional hotel.
import { z } from 'zod';
import { isoDate } from '../../booking/index.ts';
import { nightsBetween } from '../../dates.ts';

/** The longest range the dashboard reads at once. */
export const MAX_STATS_DAYS = 366;

/** `GET /stats?from&to&hotelId&tenantId`: days in TZ_HOTELS, `to` exclusive. */
export const statsQuery = z
  .object({ from: isoDate, to: isoDate, hotelId: z.uuid().optional(), tenantId: z.uuid().optional() })
  .strict()
  .superRefine((v, ctx) => {
    const n = nightsBetween(v.from, v.to);
    if (n < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from (to is exclusive)' });
    if (n > MAX_STATS_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${MAX_STATS_DAYS} days at once` });
  });
export type StatsQuery = z.output<typeof statsQuery>;
