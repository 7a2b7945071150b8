// One conversation for review: its transcript, every bot turn with its tool calls, its handoffs and corrections.
import type { Queryable } from '../../db/index.ts';
import { conversationMessages, conversationTraces, type TranscriptMessage } from '../bot/index.ts';
import { AppError } from '../errors.ts';
import { maskPhonesDeep } from '../security/index.ts';
import { listCorrections, type CorrectionView } from './corrections-list.ts';
import { summaryColumnsSql, toSummary, TURN_STATS_SQL, type ConversationSummary } from './list.ts';
import { Params } from './params.ts';
import { conversationVisibleSql } from './scope.ts';

/** One tool call of a turn. `arguments` is the parsed JSON, or the raw text when the model sent invalid JSON. */
export interface ReviewStep {
  tool: string;
  arguments: unknown;
  result: unknown;
  error: string | null;
  ms: number;
}

/** One bot turn: the traveller's message it answered, the replies it sent, what the model did and how sure it was. */
export interface ReviewTurn {
  id: string;
  messageId: string | null;
  replyMessageIds: string[];
  model: string;
  steps: ReviewStep[];
  reply: string;
  confidence: number;
  signals: Record<string, unknown>;
  guardHits: unknown[];
  outcome: string;
  latencyMs: number;
  modelMs: number;
  tokens: { prompt: number; completion: number };
  createdAt: string;
}

/** A handoff of the conversation with every move of it. */
export interface ReviewHandoff {
  id: string;
  tenantId: string | null;
  channel: string;
  status: string;
  reason: string;
  detail: string | null;
  confidence: number | null;
  agentId: string | null;
  createdAt: string;
  claimedAt: string | null;
  endedAt: string | null;
  events: Array<{
    kind: string; fromStatus: string | null; toStatus: string; actor: string; actorId: string | null; reason: string | null;
    detail: unknown; messageId: string | null; createdAt: string;
  }>;
}

/** `GET /v1/operator/conversations/:id`. */
export interface ConversationReview {
  conversation: ConversationSummary & { travellerId: string; locale: string | null };
  messages: Array<TranscriptMessage & { replyTo: string | null }>;
  turns: ReviewTurn[];
  handoffs: ReviewHandoff[];
  corrections: CorrectionView[];
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

function parsedArguments(raw: string): unknown {
  try {
    return raw.trim() === '' ? {} : JSON.parse(raw);
  } catch {
    return raw;
  }
}

async function handoffsOf(db: Queryable, conversationId: string, tenantId: string | null): Promise<ReviewHandoff[]> {
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT id, tenant_id, channel, status, reason, detail, confidence, agent_id, created_at, claimed_at, ended_at FROM handoffs
     WHERE conversation_id = $1 AND ($2::uuid IS NULL OR tenant_id IS NULL OR tenant_id = $2::uuid) ORDER BY created_at, id`,
    [conversationId, tenantId],
  );
  if (rows.length === 0) return [];
  const events = await db.query<Record<string, unknown>>(
    `SELECT handoff_id, kind, from_status, to_status, actor, actor_id, reason, detail, message_id, created_at FROM handoff_events
     WHERE handoff_id = ANY($1::uuid[]) ORDER BY seq`,
    [rows.map((r) => r.id as string)],
  );
  return rows.map((h) => ({
    id: h.id as string, tenantId: h.tenant_id as string | null, channel: h.channel as string, status: h.status as string,
    reason: h.reason as string, detail: h.detail as string | null,
    confidence: h.confidence === null ? null : Number(h.confidence), agentId: h.agent_id as string | null,
    createdAt: iso(h.created_at as Date)!, claimedAt: iso(h.claimed_at as Date | null), endedAt: iso(h.ended_at as Date | null),
    events: events.rows.filter((e) => e.handoff_id === h.id).map((e) => ({
      kind: e.kind as string, fromStatus: e.from_status as string | null, toStatus: e.to_status as string, actor: e.actor as string,
      actorId: e.actor_id as string | null, reason: e.reason as string | null, detail: e.detail, messageId: e.message_id as string | null,
      createdAt: iso(e.created_at as Date)!,
    })),
  }));
}

/**
 * The conversation `id` as `tenantId` (null: every tenant) may review it, phone numbers masked; 404 when that tenant
 * does not see it.
 * @example const review = await conversationReview(db, { tenantId, now: clock.now() }, conversationId);
 */
export async function conversationReview(db: Queryable, ctx: { tenantId: string | null; now: Date }, id: string): Promise<ConversationReview> {
  const p = new Params();
  const t = p.add(ctx.tenantId);
  const now = p.add(ctx.now);
  const { rows } = await db.query<Parameters<typeof toSummary>[0] & { traveller_id: string; locale: string | null }>(
    `SELECT ${summaryColumnsSql(t, now)}, c.traveller_id, c.locale
     FROM conversations c ${TURN_STATS_SQL} WHERE c.id = ${p.add(id)} AND ${conversationVisibleSql('c', t)}`,
    p.values,
  );
  const row = rows[0];
  if (!row) throw new AppError('not_found', 'No such conversation.');
  const [messages, traces, handoffs, corrections, transcript] = await Promise.all([
    db.query<{ id: string; author: string; reply_to: string | null }>(
      'SELECT id, author, reply_to FROM messages WHERE conversation_id = $1 ORDER BY seq', [id]),
    conversationTraces(db, id),
    handoffsOf(db, id, ctx.tenantId),
    listCorrections(db, { tenantId: ctx.tenantId }, { conversationId: id, limit: 200, offset: 0 }),
    conversationMessages(db, id, 5000),
  ]);
  const replyTo = new Map(messages.rows.map((m) => [m.id, m.reply_to]));
  const replies = messages.rows.filter((m) => m.author === 'bot' && m.reply_to !== null);
  const turns: ReviewTurn[] = traces.map((tr) => ({
    id: tr.id, messageId: tr.messageId,
    replyMessageIds: tr.messageId ? replies.filter((r) => r.reply_to === tr.messageId).map((r) => r.id) : [],
    model: tr.model,
    steps: tr.steps.map((s) => ({ tool: s.tool, arguments: parsedArguments(s.arguments), result: s.result, error: s.error ?? null, ms: s.ms })),
    reply: tr.reply, confidence: tr.confidence, signals: tr.signals, guardHits: tr.guardHits, outcome: tr.outcome,
    latencyMs: tr.latencyMs, modelMs: tr.modelMs, tokens: { prompt: tr.promptTokens, completion: tr.completionTokens }, createdAt: tr.createdAt,
  }));
  return maskPhonesDeep({
    conversation: { ...toSummary(row), travellerId: row.traveller_id, locale: row.locale },
    messages: transcript.map((m) => ({ ...m, replyTo: replyTo.get(m.id) ?? null })),
    turns,
    handoffs,
    corrections: corrections.items,
  });
}
