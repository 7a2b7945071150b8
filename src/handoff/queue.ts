// The queue as agents read it: handoffs of the caller's tenants by status, with how long the traveller has waited.
import type { Queryable } from '../../db/index.ts';
import { detectLocale, type Locale } from '../bot/index.ts';
import { tenantScope, type Staff } from '../operators/scope.ts';
import type { HandoffStatus } from './states.ts';

/** A handoff as the desk shows it (CONTRACT.md's fields first). */
export interface HandoffItem {
  id: string;
  conversationId: string;
  channel: string;
  reason: string;
  confidence: number | null;
  createdAt: string;
  status: HandoffStatus;
  /** The trigger's particulars (a guard's hits, a model error, the group booking). */
  detail: string | null;
  tenantId: string | null;
  /** The agent (or admin) who holds it while active. */
  agentId: string | null;
  queuedAt: string;
  claimedAt: string | null;
  endedAt: string | null;
  /** Queued: how long the traveller has waited so far; otherwise how long they waited for a person. */
  waitingSeconds: number;
  travellerLocale: Locale;
  /** The conversation's latest message (phone numbers masked). */
  lastMessage: { author: 'traveller' | 'bot' | 'agent' | 'system'; text: string; createdAt: string } | null;
  /** The traveller's channel refuses to deliver until they write again (WeChat 45015/45047). */
  replyWindowClosed: boolean;
  waitNoticeSentAt: string | null;
  /** While queued: the online agent it is offered to (any agent may still claim it), and since when. */
  offeredTo: string | null;
  offeredAt: string | null;
}

/** Filter of {@link listHandoffs}. */
export interface HandoffQuery {
  status: HandoffStatus;
  /** Only the caller's own (active) handoffs. */
  mine?: boolean;
  limit?: number;
}

interface Row {
  id: string;
  conversation_id: string;
  channel: string;
  reason: string;
  detail: string | null;
  confidence: number | null;
  created_at: Date;
  status: HandoffStatus;
  tenant_id: string | null;
  agent_id: string | null;
  queued_at: Date;
  claimed_at: Date | null;
  ended_at: Date | null;
  wait_notice_at: Date | null;
  locale: string | null;
  reply_window_closed_at: Date | null;
  last_author: NonNullable<HandoffItem['lastMessage']>['author'] | null;
  last_text: string | null;
  last_at: Date | null;
  last_traveller_text: string | null;
  offered_to: string | null;
  offered_at: Date | null;
}

const SELECT = `
  SELECT h.id, h.conversation_id, h.channel, h.reason, h.detail, h.confidence, h.created_at, h.status, h.tenant_id,
         h.agent_id, h.queued_at, h.claimed_at, h.ended_at, h.wait_notice_at, h.offered_to, h.offered_at, c.locale, c.reply_window_closed_at,
         lm.author AS last_author, lm.text AS last_text, lm.created_at AS last_at, lt.text AS last_traveller_text
  FROM handoffs h
  JOIN conversations c ON c.id = h.conversation_id
  LEFT JOIN LATERAL (SELECT author, text, created_at FROM messages m WHERE m.conversation_id = h.conversation_id
                     ORDER BY m.seq DESC LIMIT 1) lm ON true
  LEFT JOIN LATERAL (SELECT text FROM messages m WHERE m.conversation_id = h.conversation_id AND m.author = 'traveller'
                       AND m.text <> '' ORDER BY m.seq DESC LIMIT 1) lt ON true`;

/** Queued oldest first (the order they are served in); active by claim; ended ones newest first. */
const ORDER: Record<HandoffStatus, string> = {
  queued: 'h.queued_at ASC, h.id',
  active: 'h.claimed_at ASC, h.id',
  resolved: 'h.ended_at DESC, h.id',
  closed: 'h.ended_at DESC, h.id',
};

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const seconds = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - new Date(from).getTime()) / 1000));

function toItem(r: Row, now: Date): HandoffItem {
  const fallback: Locale = r.locale === 'en' ? 'en' : 'zh-CN';
  const waitedUntil = r.status === 'queued' ? now : (r.claimed_at ?? r.ended_at ?? now);
  return {
    id: r.id, conversationId: r.conversation_id, channel: r.channel, reason: r.reason, confidence: r.confidence,
    createdAt: iso(r.created_at)!, status: r.status, detail: r.detail, tenantId: r.tenant_id, agentId: r.agent_id,
    queuedAt: iso(r.queued_at)!, claimedAt: iso(r.claimed_at), endedAt: iso(r.ended_at),
    waitingSeconds: seconds(r.queued_at, new Date(waitedUntil)),
    travellerLocale: r.last_traveller_text ? detectLocale(r.last_traveller_text, fallback) : fallback,
    lastMessage: r.last_author ? { author: r.last_author, text: r.last_text ?? '', createdAt: iso(r.last_at)! } : null,
    replyWindowClosed: r.reply_window_closed_at !== null,
    waitNoticeSentAt: iso(r.wait_notice_at),
    offeredTo: r.status === 'queued' ? r.offered_to : null,
    offeredAt: r.status === 'queued' ? iso(r.offered_at) : null,
  };
}

/**
 * The handoffs of `status` that `staff` sees: its tenant's, or every tenant's for admins and platform agents.
 * @example const queue = await listHandoffs(db, staff, { status: 'queued' }, clock.now());
 */
export async function listHandoffs(q: Queryable, staff: Staff, query: HandoffQuery, now: Date): Promise<HandoffItem[]> {
  const { rows } = await q.query<Row>(
    `${SELECT}
     WHERE h.status = $1 AND ($2::boolean OR h.tenant_id = $3) AND ($4::uuid IS NULL OR h.agent_id = $4)
     ORDER BY ${ORDER[query.status]} LIMIT $5`,
    [query.status, tenantScope(staff) === null, tenantScope(staff), query.mine ? staff.userId : null, query.limit ?? 100],
  );
  return rows.map((r) => toItem(r, now));
}

/** One handoff with the same fields, whoever may see it (the caller checks the tenant), or undefined. */
export async function handoffItem(q: Queryable, id: string, now: Date): Promise<HandoffItem | undefined> {
  const { rows } = await q.query<Row>(`${SELECT} WHERE h.id = $1`, [id]);
  return rows[0] && toItem(rows[0], now);
}

/** A conversation's handoffs, oldest first. */
export async function handoffsOfConversation(q: Queryable, conversationId: string, now: Date): Promise<HandoffItem[]> {
  const { rows } = await q.query<Row>(`${SELECT} WHERE h.conversation_id = $1 ORDER BY h.created_at, h.id`, [conversationId]);
  return rows.map((r) => toItem(r, now));
}
