// How a conversation ended, as review, the dashboard and the export read it.
import { conversationEndSql, duringConversationSql } from './scope.ts';

/** The outcomes of a conversation. */
export const OUTCOMES = ['booked', 'handed_off', 'abandoned', 'open'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * A turn below this confidence is a low-confidence turn: the bot's handoff threshold (its default in `Bot`, see
 * `BotDeps.threshold`; `turnConfidence` in src/bot/confidence.ts computes the score).
 */
export const LOW_CONFIDENCE = 0.5;

/** A conversation with neither a booking nor a handoff is abandoned once its last message is this old. */
export const ABANDONED_AFTER_MS = 30 * 60_000;

/**
 * The reservation codes of a conversation `alias` as a SQL `text[]` expression: reservations of its traveller made
 * during it (start to last message plus an hour), oldest first, only at hotels of the tenant `tenantParam`
 * (NULL: any).
 * @example `SELECT ${reservationCodesSql('c', '$1')} AS codes FROM conversations c`
 */
export function reservationCodesSql(alias: string, tenantParam: string): string {
  return `COALESCE((SELECT array_agg(r.code ORDER BY r.created_at, r.code) FROM reservations r
    WHERE r.traveller_id = ${alias}.traveller_id AND (${tenantParam}::uuid IS NULL OR r.tenant_id = ${tenantParam}::uuid)
      AND ${duringConversationSql(alias, 'r.created_at')}), '{}'::text[])`;
}

/**
 * The outcome of the conversation `alias` as a SQL text expression, `nowParam` being the current time:
 * - `booked`: its traveller made a reservation during it (at the tenant's hotels when `tenantParam` is set);
 * - `handed_off`: otherwise, it was handed to a person at any point;
 * - `abandoned`: otherwise, its last message is more than 30 minutes old;
 * - `open`: otherwise (still going).
 * @example `SELECT ${outcomeSql('c', '$1', '$2')} AS outcome FROM conversations c`
 */
export function outcomeSql(alias: string, tenantParam: string, nowParam: string): string {
  return `CASE
    WHEN cardinality(${reservationCodesSql(alias, tenantParam)}) > 0 THEN 'booked'
    WHEN EXISTS (SELECT 1 FROM handoffs oh WHERE oh.conversation_id = ${alias}.id) THEN 'handed_off'
    WHEN ${conversationEndSql(alias)} < ${nowParam}::timestamptz - interval '${ABANDONED_AFTER_MS / 60_000} minutes' THEN 'abandoned'
    ELSE 'open' END`;
}
