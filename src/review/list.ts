// The conversation review list: newest first, filtered by outcome, channel, hotel, confidence and corrections.
import { withoutJit, type Db } from '../../db/index.ts';
import { startOfDayIn, addDays, isIsoDate } from '../dates.ts';
import { AppError } from '../errors.ts';
import { maskPhonesDeep } from '../security/index.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { LOW_CONFIDENCE, outcomeSql, reservationCodesSql, type Outcome } from './outcome.ts';
import { Params } from './params.ts';
import type { ConversationListQuery } from './schemas.ts';
import { conversationEndSql, conversationVisibleSql, duringConversationSql } from './scope.ts';

/** One conversation of the review list. */
export interface ConversationSummary {
  id: string;
  channel: string;
  tenantId: string | null;
  startedAt: string;
  lastMessageAt: string;
  /** Bot turns (one per traveller message the bot answered). */
  turns: number;
  outcome: Outcome;
  /** The lowest confidence of its turns; null when the bot never answered. */
  minConfidence: number | null;
  /** Guard hits over all its turns. */
  guardHits: number;
  /** The reason of its first handoff, if any. */
  handoffReason: string | null;
  reservationCodes: string[];
  /** Corrections of its answers. */
  corrections: number;
}

/** A page of the list; `next` is the cursor of the following page, null at the end. */
export interface ConversationPage {
  items: ConversationSummary[];
  next: string | null;
}

interface Row {
  id: string;
  channel: string;
  tenant_id: string | null;
  started_at: Date;
  started_key: string;
  last_at: Date;
  turns: number;
  min_confidence: number | null;
  guard_hits: number;
  handoff_reason: string | null;
  codes: string[];
  corrections: number;
  outcome: Outcome;
}

/**
 * The columns of a conversation `c` for review, with `t` the tenant placeholder and `now` the current time's: its
 * numbers, outcome and codes, counting only the handoffs and corrections the tenant sees.
 * @example `SELECT ${summaryColumnsSql('$1', '$2')} FROM conversations c ${TURN_STATS_SQL} WHERE c.id = $3`
 */
export function summaryColumnsSql(t: string, now: string): string {
  return `c.id, c.channel, c.tenant_id, c.created_at AS started_at, c.created_at::text AS started_key,
    ${conversationEndSql('c')} AS last_at,
    tt.turns, tt.min_confidence, tt.guard_hits,
    (SELECT h.reason FROM handoffs h WHERE h.conversation_id = c.id AND (${t}::uuid IS NULL OR h.tenant_id IS NULL OR h.tenant_id = ${t}::uuid)
      ORDER BY h.created_at, h.id LIMIT 1) AS handoff_reason,
    ${reservationCodesSql('c', t)} AS codes,
    (SELECT count(*)::int FROM corrections k WHERE k.conversation_id = c.id AND (${t}::uuid IS NULL OR k.tenant_id = ${t}::uuid)) AS corrections,
    ${outcomeSql('c', t, now)} AS outcome`;
}

/**
 * The turn numbers of conversation `c` (turns, lowest confidence, guard hits), joined laterally as `tt`.
 * @example `SELECT c.id, tt.turns FROM conversations c ${TURN_STATS_SQL}`
 */
export const TURN_STATS_SQL = `CROSS JOIN LATERAL (SELECT count(*)::int AS turns, min(tr.confidence)::float8 AS min_confidence,
    COALESCE(sum(jsonb_array_length(tr.guard_hits)), 0)::int AS guard_hits FROM turn_traces tr WHERE tr.conversation_id = c.id) tt`;

/**
 * A row of {@link summaryColumnsSql} as the API shows it, phone numbers masked.
 * @example const items = rows.map(toSummary);
 */
export function toSummary(r: Row): ConversationSummary {
  return maskPhonesDeep({
    id: r.id, channel: r.channel, tenantId: r.tenant_id, startedAt: new Date(r.started_at).toISOString(),
    lastMessageAt: new Date(r.last_at).toISOString(), turns: r.turns, outcome: r.outcome,
    minConfidence: r.min_confidence === null ? null : Math.round(Number(r.min_confidence) * 1000) / 1000,
    guardHits: r.guard_hits, handoffReason: r.handoff_reason, reservationCodes: r.codes ?? [], corrections: r.corrections,
  });
}

/** The instant a `from` bound starts at: a day from its start in `timeZone`. */
function fromInstant(v: string, timeZone: string): Date {
  return isIsoDate(v) ? startOfDayIn(timeZone, v) : new Date(v);
}

/** The instant a `to` bound ends before: a day includes the whole day. */
function toInstant(v: string, timeZone: string): Date {
  return isIsoDate(v) ? startOfDayIn(timeZone, addDays(v, 1)) : new Date(v);
}

/**
 * A page of the conversations `tenantId` sees (null: every tenant), newest start first, keyset-paged.
 * @example const page = await listConversations(db, { tenantId, now: clock.now(), timeZone }, { limit: 20, outcome: 'booked' });
 */
export async function listConversations(
  db: Db,
  ctx: { tenantId: string | null; now: Date; timeZone: string },
  q: ConversationListQuery,
): Promise<ConversationPage> {
  const p = new Params();
  const t = p.add(ctx.tenantId);
  const now = p.add(ctx.now);
  const inner: string[] = [conversationVisibleSql('c', t)];
  const outer: string[] = [];
  const from = q.from === undefined ? undefined : fromInstant(q.from, ctx.timeZone);
  const to = q.to === undefined ? undefined : toInstant(q.to, ctx.timeZone);
  if (from && to && from >= to) throw new AppError('invalid_request', 'Invalid query.to: must be after from.');
  if (from) inner.push(`c.created_at >= ${p.add(from)}`);
  if (to) inner.push(`c.created_at < ${p.add(to)}`);
  if (q.channel) inner.push(`c.channel = ${p.add(q.channel)}`);
  if (q.hotelId) {
    const h = p.add(q.hotelId);
    const text = p.add(q.hotelId);
    inner.push(`(EXISTS (SELECT 1 FROM turn_traces ht, jsonb_array_elements(ht.steps) st
                         WHERE ht.conversation_id = c.id AND position(${text}::text IN st->>'arguments') > 0)
      OR EXISTS (SELECT 1 FROM quotes hq WHERE hq.traveller_id = c.traveller_id AND hq.hotel_id = ${h}::uuid AND ${duringConversationSql('c', 'hq.created_at')})
      OR EXISTS (SELECT 1 FROM reservations hr WHERE hr.traveller_id = c.traveller_id AND hr.hotel_id = ${h}::uuid AND ${duringConversationSql('c', 'hr.created_at')}))`);
  }
  if (q.cursor) {
    const cur = decodeCursor(q.cursor);
    inner.push(`(c.created_at, c.id) < (${p.add(cur.startedAt)}::timestamptz, ${p.add(cur.id)}::uuid)`);
  }
  if (q.outcome) outer.push(`x.outcome = ${p.add(q.outcome)}`);
  if (q.lowConfidence !== undefined) {
    const low = `COALESCE(x.min_confidence < ${p.add(LOW_CONFIDENCE)}, false)`;
    outer.push(q.lowConfidence ? low : `NOT ${low}`);
  }
  if (q.corrected !== undefined) outer.push(q.corrected ? 'x.corrections > 0' : 'x.corrections = 0');
  const limit = p.add(q.limit + 1);
  const { rows } = await withoutJit(db, (tx) => tx.query<Row>(
    `SELECT x.* FROM (
       SELECT ${summaryColumnsSql(t, now)}
       FROM conversations c ${TURN_STATS_SQL}
       WHERE ${inner.join(' AND ')}
     ) x
     ${outer.length ? `WHERE ${outer.join(' AND ')}` : ''}
     ORDER BY x.started_at DESC, x.id DESC LIMIT ${limit}`,
    p.values,
  ));
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return { items: page.map(toSummary), next: more && last ? encodeCursor({ startedAt: last.started_key, id: last.id }) : null };
}
