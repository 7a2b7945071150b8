// The fine-tuning export: conversations as OpenAI chat fine-tuning JSONL, one line a conversation, with a count of
// what was left out and why.
import { withoutJit, type Db, type Queryable } from '../../../db/index.ts';
import { conversationTraces } from '../../bot/index.ts';
import { addDays, startOfDayIn } from '../../dates.ts';
import type { ToolSpec } from '../../model/types.ts';
import { reservationCodesSql } from '../outcome.ts';
import { Params } from '../params.ts';
import { conversationVisibleSql, duringConversationSql } from '../scope.ts';
import { finetuneTools, type FinetuneLine } from './format.ts';
import { guestNames, Masker } from './mask.ts';
import { rebuildTurns, systemPromptOf, type ConversationMaterial } from './rebuild.ts';

/**
 * Which conversations to write: `booked` (ended in a booking by the bot alone), `corrected` (any answer corrected),
 * `all` (every conversation the bot answered), or by default booked plus corrected.
 */
export type ExportSelection = 'default' | 'booked' | 'corrected' | 'all';

/** Why a conversation was not written. */
export const LEAVE_OUT_REASONS = {
  empty: 'empty (the traveller wrote nothing)',
  no_traces: 'no traces (the bot never answered)',
  no_booking: 'no booking',
  handed_off: 'handed off to a person',
  not_corrected: 'not corrected',
  no_usable_turns: 'no usable turns (every turn failed)',
} as const;
export type LeaveOutReason = keyof typeof LEAVE_OUT_REASONS;

/** What to export. */
export interface FinetuneExportOptions {
  /** First and last day of the conversations' start (`YYYY-MM-DD` in `timeZone`, both included). */
  from?: string;
  to?: string;
  only?: ExportSelection;
  /** One tenant's conversations (as review sees them); every tenant when absent. */
  tenantId?: string | null;
  /** The tools the model is given (their specs), listed on every line. */
  tools: readonly ToolSpec[];
  timeZone: string;
  /** Called after every conversation considered. */
  onProgress?: (done: number, total: number) => void;
  /** Conversations read per query. */
  batchSize?: number;
}

/** What an export wrote and what it left out. */
export interface FinetuneExportReport {
  considered: number;
  written: number;
  leftOut: Record<LeaveOutReason, number>;
}

interface Candidate {
  id: string;
  traveller_id: string;
  key: string;
  traveller_messages: number;
  turns: number;
  booked: boolean;
  handed_off: boolean;
  corrections: number;
}

/**
 * The reason to leave a conversation out under `only`, or null to write it.
 * @example leaveOutReason({ traveller_messages: 3, turns: 3, booked: false, handed_off: true, corrections: 0 }, 'default') // 'handed_off'
 */
export function leaveOutReason(c: Pick<Candidate, 'traveller_messages' | 'turns' | 'booked' | 'handed_off' | 'corrections'>, only: ExportSelection): LeaveOutReason | null {
  if (c.traveller_messages === 0) return 'empty';
  if (c.turns === 0) return 'no_traces';
  const bookedByBot = c.booked && !c.handed_off;
  switch (only) {
    case 'all':
      return null;
    case 'corrected':
      return c.corrections > 0 ? null : 'not_corrected';
    case 'booked':
      return bookedByBot ? null : c.handed_off ? 'handed_off' : 'no_booking';
    default:
      return c.corrections > 0 || bookedByBot ? null : c.handed_off ? 'handed_off' : 'no_booking';
  }
}

async function materialOf(db: Queryable, c: Candidate, tenant: string | null): Promise<{ material: ConversationMaterial; names: string[] }> {
  const [traces, messages, corrections, guests] = await Promise.all([
    conversationTraces(db, c.id),
    db.query<{ id: string; direction: string; author: string; text: string; reply_to: string | null }>(
      'SELECT id, direction, author, text, reply_to FROM messages WHERE conversation_id = $1 ORDER BY seq', [c.id]),
    db.query<{ message_id: string; corrected_text: string }>(
      `SELECT message_id, corrected_text FROM corrections WHERE conversation_id = $1 AND ($2::uuid IS NULL OR tenant_id = $2::uuid)
       ORDER BY created_at, id`, [c.id, tenant]),
    db.query<{ guest_name: string }>(
      `SELECT r.guest_name FROM conversations c JOIN reservations r ON r.traveller_id = c.traveller_id
       WHERE c.id = $1 AND ${duringConversationSql('c', 'r.created_at')}`, [c.id]),
  ]);
  const inbound = new Map<string, string>();
  const replyMap = new Map<string, string[]>();
  for (const m of messages.rows) {
    if (m.direction === 'in') inbound.set(m.id, m.text);
    if (m.author === 'bot' && m.reply_to !== null) replyMap.set(m.reply_to, [...(replyMap.get(m.reply_to) ?? []), m.id]);
  }
  return {
    material: {
      traces,
      inbound,
      replies: replyMap,
      corrections: new Map(corrections.rows.map((k) => [k.message_id, k.corrected_text])),
    },
    names: [...guestNames(traces.flatMap((t) => t.steps)), ...guests.rows.map((g) => g.guest_name)],
  };
}

/**
 * Writes the conversations chosen by `opts` through `write`, one JSONL line each (a string ending in a newline),
 * oldest first: the system prompt, then per bot turn the traveller's message, the tool calls with their results and
 * the answer (a correction replacing the bot's words), guest names and phone numbers masked by placeholders.
 * Agents' stretches of a handed-off conversation are left out. Returns the counts.
 * @example
 * const out = createWriteStream('train.jsonl');
 * const report = await exportFinetune(db, (line) => { out.write(line); }, { tools: specs, timeZone: 'Asia/Shanghai' });
 */
export async function exportFinetune(
  db: Db,
  write: (line: string) => void | Promise<void>,
  opts: FinetuneExportOptions,
): Promise<FinetuneExportReport> {
  const only = opts.only ?? 'default';
  const tenant = opts.tenantId ?? null;
  const tools = finetuneTools(opts.tools);
  const p = new Params();
  const t = p.add(tenant);
  const where = [conversationVisibleSql('c', t)];
  if (opts.from) where.push(`c.created_at >= ${p.add(startOfDayIn(opts.timeZone, opts.from))}`);
  if (opts.to) where.push(`c.created_at < ${p.add(startOfDayIn(opts.timeZone, addDays(opts.to, 1)))}`);
  const { rows: count } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM conversations c WHERE ${where.join(' AND ')}`, p.values);
  const total = count[0]?.n ?? 0;
  const report: FinetuneExportReport = {
    considered: 0, written: 0, leftOut: Object.fromEntries(Object.keys(LEAVE_OUT_REASONS).map((k) => [k, 0])) as FinetuneExportReport['leftOut'],
  };
  const batch = opts.batchSize ?? 200;
  let after: { key: string; id: string } | null = null;
  for (;;) {
    const q = new Params();
    q.values.push(...p.values);
    const page: string[] = after ? [`(c.created_at, c.id) > (${q.add(after.key)}::timestamptz, ${q.add(after.id)}::uuid)`] : [];
    const rows: Candidate[] = (await withoutJit(db, (tx) => tx.query<Candidate>(
      `SELECT c.id, c.traveller_id, c.created_at::text AS key,
         (SELECT count(*)::int FROM messages m WHERE m.conversation_id = c.id AND m.author = 'traveller') AS traveller_messages,
         (SELECT count(*)::int FROM turn_traces tr WHERE tr.conversation_id = c.id) AS turns,
         cardinality(${reservationCodesSql('c', t)}) > 0 AS booked,
         EXISTS (SELECT 1 FROM handoffs h WHERE h.conversation_id = c.id) AS handed_off,
         (SELECT count(*)::int FROM corrections k WHERE k.conversation_id = c.id AND (${t}::uuid IS NULL OR k.tenant_id = ${t}::uuid)) AS corrections
       FROM conversations c WHERE ${[...where, ...page].join(' AND ')}
       ORDER BY c.created_at, c.id LIMIT ${q.add(batch)}`,
      q.values,
    ))).rows;
    for (const c of rows) {
      report.considered++;
      let reason = leaveOutReason(c, only);
      if (!reason) {
        const { material, names } = await materialOf(db, c, tenant);
        const mask = new Masker(names);
        const turns = rebuildTurns(material, mask);
        if (turns.length === 0) reason = 'no_usable_turns';
        else {
          const system = mask.text(systemPromptOf(material.traces) ?? '');
          const line: FinetuneLine = { messages: [...(system ? [{ role: 'system' as const, content: system }] : []), ...turns], tools };
          await write(`${JSON.stringify(line)}\n`);
          report.written++;
        }
      }
      if (reason) report.leftOut[reason]++;
      opts.onProgress?.(report.considered, total);
    }
    if (rows.length < batch) break;
    const last: Candidate = rows.at(-1)!;
    after = { key: last.key, id: last.id };
  }
  return report;
}
