// Knowledge: the operator's FAQ and policy passages, and the hotel's own policies, that search_knowledge answers from.
import type { Db } from '../../db/index.ts';
import type { Clock } from '../clock.ts';
import type { Staff } from '../operators/scope.ts';
import { createEntry, deleteEntry, getEntry, listEntries, updateEntry, type KnowledgeEntry } from './entries.ts';
import type { KnowledgeInput, KnowledgeListQuery, KnowledgePatch } from './schemas.ts';
import { score, tokens } from './tokens.ts';

export { knowledgeBody, knowledgeListQuery, knowledgePatch, type KnowledgeInput, type KnowledgeListQuery, type KnowledgePatch } from './schemas.ts';
export type { KnowledgeEntry } from './entries.ts';
export { score, tokens } from './tokens.ts';

/** A passage that may answer a question. */
export interface KnowledgePassage {
  question: string;
  answer: string;
  hotelId: string | null;
  source: 'faq' | 'policy';
  score: number;
}

const POLICY_QUESTIONS: Record<string, string> = {
  checkInTime: '几点可以入住 入住时间 check-in time',
  checkOutTime: '几点退房 退房时间 check-out time',
  breakfast: '早餐 含早 breakfast',
  parking: '停车 停车场 parking car',
  pets: '宠物 带狗 带猫 pets dog cat',
  cancellation: '取消 退订 cancellation cancel refund',
  wifi: 'wifi 上网 internet',
  children: '儿童 小孩 加床 children kids extra bed',
};

/** A policy as text: itself, or its Chinese and English wording (`{zh, en, …}`), else its JSON. */
function policyAnswer(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as { zh?: unknown; en?: unknown } | null;
  const texts = [v?.zh, v?.en].filter((x): x is string => typeof x === 'string' && x.length > 0);
  return texts.length ? texts.join(' ') : JSON.stringify(value);
}

/**
 * Answers questions from knowledge entries and hotel policies, and keeps the entries operators write. An entry
 * written is searched from the next question on: there is no index to rebuild.
 * @example
 * await knowledge.create(staff, { question: '可以开发票吗？', answer: '可以开具电子发票。' });
 * await knowledge.search({ question: '能开发票吗', tenantId }); // that entry first
 */
export class KnowledgeService {
  constructor(
    private readonly db: Db,
    private readonly clock: Pick<Clock, 'now'> = { now: () => new Date() },
  ) {}

  /** The entries in scope, newest first; `q` finds text in questions and answers. */
  list(s: Staff, q: KnowledgeListQuery): Promise<KnowledgeEntry[]> {
    return listEntries(this.db, s, q);
  }

  /** One entry in scope. */
  get(s: Staff, id: string): Promise<KnowledgeEntry> {
    return getEntry(this.db, s, id);
  }

  /** Adds an entry (operators and admins). */
  create(s: Staff, input: KnowledgeInput): Promise<{ id: string }> {
    return createEntry(this.db, s, input, this.clock.now());
  }

  /** Changes an entry in scope. */
  update(s: Staff, id: string, patch: KnowledgePatch): Promise<KnowledgeEntry> {
    return updateEntry(this.db, s, id, patch, this.clock.now());
  }

  /** Removes an entry in scope. */
  remove(s: Staff, id: string): Promise<void> {
    return deleteEntry(this.db, s, id);
  }

  /**
   * The best passages for `question`, within one hotel (its entries, its tenant's general entries and its policies)
   * or, without a hotel, within `tenantId` (null: every tenant).
   */
  async search(q: { question: string; hotelId?: string; tenantId: string | null; limit?: number }): Promise<KnowledgePassage[]> {
    const { rows } = await this.db.query<{ question: string; answer: string; hotel_id: string | null }>(
      `SELECT k.question, k.answer, k.hotel_id FROM knowledge_entries k
       WHERE ($1::uuid IS NULL OR k.tenant_id = $1::uuid)
         AND ($2::uuid IS NULL OR k.hotel_id IS NULL OR k.hotel_id = $2::uuid)
         AND ($2::uuid IS NULL OR k.tenant_id = (SELECT tenant_id FROM hotels WHERE id = $2::uuid))
       ORDER BY k.created_at DESC LIMIT 2000`,
      [q.tenantId, q.hotelId ?? null],
    );
    const passages: Array<Omit<KnowledgePassage, 'score'>> = rows.map((r) => ({ question: r.question, answer: r.answer, hotelId: r.hotel_id, source: 'faq' }));
    if (q.hotelId) {
      const h = await this.db.query<{ policies: Record<string, unknown> }>(
        'SELECT policies FROM hotels WHERE id = $1 AND ($2::uuid IS NULL OR tenant_id = $2::uuid)', [q.hotelId, q.tenantId]);
      for (const [key, value] of Object.entries(h.rows[0]?.policies ?? {})) {
        const answer = policyAnswer(value);
        passages.push({ question: POLICY_QUESTIONS[key] ?? key, answer, hotelId: q.hotelId, source: 'policy' });
      }
    }
    const query = tokens(q.question);
    return passages
      .map((p) => ({ ...p, score: Math.round(score(query, tokens(`${p.question} ${p.question} ${p.answer}`)) * 1000) / 1000 }))
      .filter((p) => p.score > 0.05)
      .sort((a, b) => b.score - a.score || (a.hotelId ? -1 : 1))
      .slice(0, q.limit ?? 3);
  }
}
