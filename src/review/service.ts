// Review for staff: the conversation list and detail, corrections, all scoped to the caller's tenant.
import type { Db } from '../../db/index.ts';
import type { Clock } from '../clock.ts';
import { AppError } from '../errors.ts';
import { tenantScope, type Staff } from '../operators/scope.ts';
import { createCorrection, type CorrectionCreated } from './corrections.ts';
import { listCorrections, type CorrectionView } from './corrections-list.ts';
import { conversationReview, type ConversationReview } from './detail.ts';
import { listConversations, type ConversationPage } from './list.ts';
import type { ConversationListQuery, CorrectionInput, CorrectionListQuery } from './schemas.ts';
import { conversationVisibleSql } from './scope.ts';

/** What the review service stands on. */
export interface ReviewDeps {
  db: Db;
  clock: Clock;
  /** TZ_HOTELS: the zone that `from`/`to` days are read in. */
  timeZone: string;
}

/**
 * Conversation review and corrections for operators, agents and admins. A tenant's staff see the conversations of
 * {@link conversationVisibleSql}; another tenant's conversation, message or hotel answers 404.
 * @example const page = await new ReviewService({ db, clock, timeZone }).list(staff, { limit: 20 });
 */
export class ReviewService {
  constructor(private readonly deps: ReviewDeps) {}

  /** A page of conversations, newest first. */
  async list(staff: Staff, q: ConversationListQuery): Promise<ConversationPage> {
    const tenantId = tenantScope(staff);
    if (q.hotelId) {
      const { rowCount } = await this.deps.db.query('SELECT 1 FROM hotels WHERE id = $1 AND ($2::uuid IS NULL OR tenant_id = $2::uuid)', [q.hotelId, tenantId]);
      if (!rowCount) throw new AppError('not_found', 'No such hotel.');
    }
    return listConversations(this.deps.db, { tenantId, now: this.deps.clock.now(), timeZone: this.deps.timeZone }, q);
  }

  /** One conversation with its messages, turns, handoffs and corrections. */
  get(staff: Staff, id: string): Promise<ConversationReview> {
    return conversationReview(this.deps.db, { tenantId: tenantScope(staff), now: this.deps.clock.now() }, id);
  }

  /** Records a correction (and its knowledge entry). */
  correct(staff: Staff, input: CorrectionInput, opts: { idempotencyKey?: string } = {}): Promise<CorrectionCreated> {
    return createCorrection(this.deps.db, staff, input, this.deps.clock.now(), opts);
  }

  /** Corrections, newest first. */
  async corrections(staff: Staff, q: CorrectionListQuery): Promise<{ items: CorrectionView[]; next: number | null }> {
    const tenantId = tenantScope(staff);
    if (q.conversationId) {
      const { rowCount } = await this.deps.db.query(
        `SELECT 1 FROM conversations c WHERE c.id = $2 AND ${conversationVisibleSql('c', '$1')}`, [tenantId, q.conversationId]);
      if (!rowCount) throw new AppError('not_found', 'No such conversation.');
    }
    return listCorrections(this.deps.db, { tenantId }, q);
  }
}
