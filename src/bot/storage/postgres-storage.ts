// The Agents SDK's Storage over our Db (PostgreSQL or PGlite): bot_state rows with eTag optimistic concurrency.
import { randomUUID } from 'node:crypto';
import type { Storage, StoreItem, StoreItems } from '@microsoft/agents-hosting';
import type { Db, Queryable } from '../../../db/index.ts';
import { AppError } from '../../errors.ts';

/** The SDK's own code for an eTag conflict (`HostingErrors.StorageETagConflict`), thrown by its MemoryStorage. */
const SDK_ETAG_CONFLICT = -120700;

/**
 * A write carried an eTag that is no longer the stored one: someone else wrote (or deleted) the item since it was
 * read. Read again, reapply the change, write again.
 * @example throw new ETagConflictError('web/conversations/c1');
 */
export class ETagConflictError extends AppError {
  constructor(readonly key: string) {
    super('conflict', `Storage: "${key}" changed since it was read (eTag conflict).`, { key });
    this.name = 'ETagConflictError';
  }
}

/**
 * True for an eTag conflict from {@link PostgresStorage}, and from the SDK's MemoryStorage, so a caller's retry
 * works whichever storage a test or deployment plugs in.
 * @example
 * try { await storage.write(changes); } catch (err) { if (!isETagConflict(err)) throw err; // read again, retry }
 */
export function isETagConflict(err: unknown): boolean {
  if (err instanceof ETagConflictError) return true;
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === SDK_ETAG_CONFLICT;
}

const SELECT = 'SELECT key, value, etag FROM bot_state WHERE key = ANY($1::text[])';
// No eTag, or '*': last writer wins.
const UPSERT = `INSERT INTO bot_state (key, value, etag, updated_at) VALUES ($1, $2::text::jsonb, $3, now())
  ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, etag = EXCLUDED.etag, updated_at = now()`;
// An eTag: one conditional statement, so two writers holding the same eTag cannot both win (the second one's
// WHERE is re-checked against the first one's committed row and matches nothing). A missing row matches nothing
// too: the item was deleted since it was read.
const UPDATE_IF_MATCH = `UPDATE bot_state SET value = $2::text::jsonb, etag = $3, updated_at = now()
  WHERE key = $1 AND etag = $4`;
const DELETE = 'DELETE FROM bot_state WHERE key = ANY($1::text[])';

function encode(key: string, item: StoreItem): string {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new TypeError(`Storage: the item of "${key}" must be an object.`);
  }
  // The eTag lives in its own column; the value is what the caller stored, as JSON (like MemoryStorage does, so
  // Dates come back as strings and undefined properties disappear on either storage).
  const { eTag: _eTag, ...value } = item;
  return JSON.stringify(value);
}

async function writeOne(q: Queryable, key: string, item: StoreItem): Promise<void> {
  const json = encode(key, item);
  const eTag = randomUUID();
  if (item.eTag === undefined || item.eTag === '' || item.eTag === '*') {
    await q.query(UPSERT, [key, json, eTag]);
    return;
  }
  const { rowCount } = await q.query(UPDATE_IF_MATCH, [key, json, eTag, String(item.eTag)]);
  if (rowCount !== 1) throw new ETagConflictError(key);
}

/**
 * Conversation and user state of the Agents SDK in the `bot_state` table, shared by every instance.
 *
 * eTags follow the SDK's MemoryStorage: `read` returns each item with its `eTag`; `write` of an item without one
 * (or with `'*'`) overwrites; an item with an eTag is written only while it is still the stored one, else the
 * write throws an error that {@link isETagConflict} recognises; every write makes a new eTag. One difference, on
 * purpose: an item with an eTag whose key is gone (deleted since it was read) is a conflict, not a new item.
 * A write of several items is one transaction: all of them or none.
 * @example
 * const storage = new PostgresStorage(db);
 * const app = new AgentApplication({ storage });
 * const { [key]: state } = await storage.read([key]);
 * await storage.write({ [key]: { ...state, step: 'quote' } }); // throws if another turn wrote it meanwhile
 */
export class PostgresStorage implements Storage {
  constructor(private readonly db: Db) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys || keys.length === 0) throw new ReferenceError('Storage: keys are required when reading.');
    const { rows } = await this.db.query<{ key: string; value: Record<string, unknown>; etag: string }>(SELECT, [keys]);
    const items: StoreItems = {};
    for (const row of rows) items[row.key] = { ...row.value, eTag: row.etag };
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Storage: changes are required when writing.');
    // Sorted, so two multi-item writes lock their rows in the same order and cannot deadlock.
    const entries = Object.entries(changes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.length === 0) return;
    if (entries.length === 1) {
      const [key, item] = entries[0]!;
      return writeOne(this.db, key, item as StoreItem);
    }
    await this.db.transaction(async (tx) => {
      for (const [key, item] of entries) await writeOne(tx, key, item as StoreItem);
    });
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys || keys.length === 0) return;
    await this.db.query(DELETE, [keys]);
  }
}
