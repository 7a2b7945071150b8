// Conversation review, corrections and the fine-tuning export.
export { conversationVisibleSql, conversationStartSql, conversationEndSql, duringConversationSql } from './scope.ts';
export { ABANDONED_AFTER_MS, LOW_CONFIDENCE, OUTCOMES, outcomeSql, reservationCodesSql, type Outcome } from './outcome.ts';
export { ReviewService, type ReviewDeps } from './service.ts';
export { conversationListQuery, correctionBody, correctionListQuery, MAX_CORRECTION_LENGTH } from './schemas.ts';
export type { ConversationListQuery, CorrectionInput, CorrectionListQuery } from './schemas.ts';
export type { ConversationPage, ConversationSummary } from './list.ts';
export type { ConversationReview, ReviewTurn, ReviewStep, ReviewHandoff } from './detail.ts';
export type { CorrectionCreated } from './corrections.ts';
export type { CorrectionView } from './corrections-list.ts';
export * from './export/index.ts';
