// Knowledge: the operator's FAQ and policy passages, and the hotel's own policies, that search_knowledge answers from.
import type { Queryable } from '../../db/index.ts';
import { score, tokens } from './tokens.ts';

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

/** Answers questions from knowledge entries and hotel policies. */
export class KnowledgeService {
  constructor(private readonly db: Queryable) {}

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
        const answer = typeof value === 'string' ? value : JSON.stringify(value);
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
