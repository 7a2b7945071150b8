// The dashboard's SQL: a few grouped queries, each over one table's rows of the range, sharing one parameter list.
// $1 tenant (NULL: every tenant), $2 hotel (NULL: every hotel), $3 first day, $4 day after the last, $5 TZ_HOTELS,
// $6 now (for the outcome of conversations still going). Every query names all six, since PostgreSQL refuses a
// parameter it cannot type; hence a few `IS NOT NULL` conditions that are always true.
import { conversationVisibleSql, duringConversationSql, outcomeSql } from '../../review/index.ts';

/** The range's first and last instant: local midnights of $3 and $4 in $5. */
const LO = `($3::date::timestamp AT TIME ZONE $5::text)`;
const HI = `($4::date::timestamp AT TIME ZONE $5::text)`;
const localDay = (col: string) => `(${col} AT TIME ZONE $5::text)::date`;

/**
 * A conversation `c` is about hotel $2 when its traveller had a quote or a reservation there during it (the rule by
 * which a conversation belongs to a tenant, narrowed to one hotel).
 */
const ABOUT_HOTEL = `($2::uuid IS NULL
  OR EXISTS (SELECT 1 FROM quotes sq WHERE sq.traveller_id = c.traveller_id AND sq.hotel_id = $2::uuid AND ${duringConversationSql('c', 'sq.created_at')})
  OR EXISTS (SELECT 1 FROM reservations sr WHERE sr.traveller_id = c.traveller_id AND sr.hotel_id = $2::uuid AND ${duringConversationSql('c', 'sr.created_at')}))`;

/** Bookings (standing ones) and cancellations per local day. */
export const BOOKINGS_BY_DAY = `
  WITH made AS (
    SELECT ${localDay('r.created_at')} AS day, count(*)::int AS bookings,
           sum(r.rooms * (r.check_out - r.check_in))::int AS room_nights, sum(r.total)::bigint AS revenue
    FROM reservations r
    WHERE ($1::uuid IS NULL OR r.tenant_id = $1::uuid) AND ($2::uuid IS NULL OR r.hotel_id = $2::uuid)
      AND r.created_at >= ${LO} AND r.created_at < ${HI} AND r.status IN ('held', 'confirmed')
    GROUP BY 1),
  cancelled AS (
    SELECT ${localDay('r.cancelled_at')} AS day, count(*)::int AS cancellations
    FROM reservations r
    WHERE ($1::uuid IS NULL OR r.tenant_id = $1::uuid) AND ($2::uuid IS NULL OR r.hotel_id = $2::uuid)
      AND r.cancelled_at >= ${LO} AND r.cancelled_at < ${HI}
    GROUP BY 1)
  SELECT COALESCE(m.day, x.day)::text AS day, COALESCE(m.bookings, 0) AS bookings, COALESCE(m.room_nights, 0) AS room_nights,
         COALESCE(m.revenue, 0)::bigint AS revenue, COALESCE(x.cancellations, 0) AS cancellations
  FROM made m FULL JOIN cancelled x ON x.day = m.day
  WHERE $6::timestamptz IS NOT NULL`;

/** Conversations begun per local day, by outcome. */
export const CONVERSATIONS_BY_DAY = `
  SELECT day::text AS day, count(*)::int AS total,
         count(*) FILTER (WHERE outcome = 'booked')::int AS booked,
         count(*) FILTER (WHERE outcome = 'handed_off')::int AS handed_off,
         count(*) FILTER (WHERE outcome = 'abandoned')::int AS abandoned,
         count(*) FILTER (WHERE outcome = 'open')::int AS open,
         count(*) FILTER (WHERE with_handoff)::int AS with_handoff
  FROM (
    SELECT ${localDay('c.created_at')} AS day, ${outcomeSql('c', '$1', '$6')} AS outcome,
           EXISTS (SELECT 1 FROM handoffs ch WHERE ch.conversation_id = c.id) AS with_handoff
    FROM conversations c
    WHERE c.created_at >= ${LO} AND c.created_at < ${HI} AND ${conversationVisibleSql('c', '$1')} AND ${ABOUT_HOTEL}
  ) o
  WHERE $3::date IS NOT NULL AND $4::date IS NOT NULL
  GROUP BY day`;

/** Handoffs opened per local day and reason, of the conversations the tenant (and hotel) sees. */
export const HANDOFFS_BY_DAY = `
  SELECT ${localDay('h.created_at')}::text AS day, h.reason, count(*)::int AS count
  FROM handoffs h JOIN conversations c ON c.id = h.conversation_id
  WHERE h.created_at >= ${LO} AND h.created_at < ${HI}
    AND ($1::uuid IS NULL OR h.tenant_id = $1::uuid OR ${conversationVisibleSql('c', '$1')}) AND ${ABOUT_HOTEL}
    AND $6::timestamptz IS NOT NULL
  GROUP BY 1, 2`;

/** Rooms sold of rooms offered over the range's nights, the 50 fullest hotels. */
export const OCCUPANCY = `
  SELECT h.id AS hotel_id, h.name, COALESCE(sum(i.booked), 0)::int AS sold, COALESCE(sum(i.allotment), 0)::int AS available
  FROM hotels h
  JOIN room_types rt ON rt.hotel_id = h.id
  JOIN inventory i ON i.room_type_id = rt.id AND i.night >= $3::date AND i.night < $4::date
  WHERE ($1::uuid IS NULL OR h.tenant_id = $1::uuid) AND ($2::uuid IS NULL OR h.id = $2::uuid)
    AND $5::text IS NOT NULL AND $6::timestamptz IS NOT NULL
  GROUP BY h.id, h.name
  ORDER BY COALESCE(sum(i.booked)::float8 / NULLIF(sum(i.allotment), 0), 0) DESC, sum(i.booked) DESC, h.name, h.id
  LIMIT 50`;
