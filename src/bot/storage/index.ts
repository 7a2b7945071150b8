// The conversation-state storage's face: the SDK's Storage over bot_state, and how to recognise an eTag conflict.
export { ETagConflictError, isETagConflict, PostgresStorage } from './postgres-storage.ts';
export type { Storage, StoreItem, StoreItems } from '@microsoft/agents-hosting';
