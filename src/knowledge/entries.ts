// Knowledge entries as operators keep them: list, add, change and remove, within their tenant.
import type { Db, Queryable } from '../../db/index.ts';
import { AppError } from '../errors.ts';
import { hotelTenant } from '../operators/hotels.ts';
import { likeLiteral } from '../operators/like.ts';
import { assertInScope, assertWriter, tenantScope, type Staff } from '../operators/scope.ts';
import type { KnowledgeInput, KnowledgeListQuery, KnowledgePatch } from './schemas.ts';

/** An entry as the console shows it. */
export interface KnowledgeEntry {
  id: string;
  tenantId: string;
  hotelId: string | null;
  question: string;
  answer: string;
  locale: string;
  /** `operator`, or where it came from (`correction`, `seed`). */
  source: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

interface EntryRow {
  id: string;
  tenant_id: string;
  hotel_id: string | null;
  question: string;
  answer: string;
  locale: string;
  source: string;
  created_by: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const COLUMNS = 'id, tenant_id, hotel_id, question, answer, locale, source, created_by, created_at, updated_at';

const toEntry = (r: EntryRow): KnowledgeEntry => ({
  id: r.id,
  tenantId: r.tenant_id,
  hotelId: r.hotel_id,
  question: r.question,
  answer: r.answer,
  locale: r.locale,
  source: r.source,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** The entry `id` in scope (locked for a change when `lock`), else 404. */
async function entryInScope(q: Queryable, s: Staff, id: string, lock = false): Promise<EntryRow> {
  const { rows } = await q.query<EntryRow>(`SELECT ${COLUMNS} FROM knowledge_entries WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
  assertInScope(s, rows[0]?.tenant_id, 'knowledge entry');
  return rows[0]!;
}

/**
 * The entries in scope, newest first: of one hotel (its own and its tenant's general ones) or all of them;
 * `q` finds text in the question or the answer. Agents may read them too.
 * @example await listEntries(db, staff, { hotelId, q: '发票', limit: 100, offset: 0 });
 */
export async function listEntries(db: Db, s: Staff, q: KnowledgeListQuery): Promise<KnowledgeEntry[]> {
  if (q.hotelId) await hotelTenant(db, s, q.hotelId);
  const scope = tenantScope(s);
  if (scope && q.tenantId && q.tenantId !== scope) throw new AppError('not_found', 'No such tenant.');
  const { rows } = await db.query<EntryRow>(
    `SELECT ${COLUMNS} FROM knowledge_entries k
     WHERE ($1::uuid IS NULL OR k.tenant_id = $1) AND ($2::uuid IS NULL OR k.tenant_id = $2)
       AND ($3::uuid IS NULL OR k.hotel_id = $3 OR (k.hotel_id IS NULL AND k.tenant_id = (SELECT tenant_id FROM hotels WHERE id = $3)))
       AND ($4::text IS NULL OR k.question ILIKE $4 OR k.answer ILIKE $4)
     ORDER BY k.created_at DESC, k.id DESC LIMIT $5 OFFSET $6`,
    [scope, q.tenantId ?? null, q.hotelId ?? null, q.q ? `%${likeLiteral(q.q)}%` : null, q.limit, q.offset],
  );
  return rows.map(toEntry);
}

/** One entry in scope, else 404. */
export async function getEntry(db: Db, s: Staff, id: string): Promise<KnowledgeEntry> {
  return toEntry(await entryInScope(db, s, id));
}

/**
 * Adds an entry; `search_knowledge` answers from it at once. Its tenant is the hotel's when a hotel is named, else
 * the operator's own (an admin names `tenantId`). Naming another tenant's hotel or tenant answers 404.
 * @example await createEntry(db, staff, { question: '可以开发票吗？', answer: '可以开具电子发票。' }, new Date());
 */
export async function createEntry(db: Db, s: Staff, input: KnowledgeInput, now: Date): Promise<{ id: string }> {
  assertWriter(s);
  const scope = tenantScope(s);
  if (input.tenantId) assertInScope(s, input.tenantId, 'tenant');
  let tenantId = input.tenantId ?? scope;
  if (input.hotelId) {
    const ofHotel = await hotelTenant(db, s, input.hotelId);
    if (tenantId && tenantId !== ofHotel) throw new AppError('not_found', 'No such hotel.');
    tenantId = ofHotel;
  }
  if (!tenantId) {
    throw new AppError('invalid_request', 'Invalid body.tenantId: an admin names the tenant or a hotel', [
      { code: 'custom', path: ['tenantId'], message: 'an admin names the tenant or a hotel' },
    ]);
  }
  try {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO knowledge_entries (tenant_id, hotel_id, question, answer, locale, source, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'operator', (SELECT id FROM users WHERE id = $6), $7, $7) RETURNING id`,
      [tenantId, input.hotelId ?? null, input.question, input.answer, input.locale ?? 'zh-CN', s.userId, now],
    );
    return { id: rows[0]!.id };
  } catch (err) {
    if ((err as { code?: string }).code === '23503') throw new AppError('not_found', 'No such tenant.');
    throw err;
  }
}

/**
 * Changes an entry in scope. Moving it to a hotel needs a hotel of the same tenant; `hotelId: null` makes it the
 * tenant's general entry.
 * @example await updateEntry(db, staff, id, { answer: '可以，退房时开具。' }, new Date());
 */
export async function updateEntry(db: Db, s: Staff, id: string, p: KnowledgePatch, now: Date): Promise<KnowledgeEntry> {
  assertWriter(s);
  return db.transaction(async (tx) => {
    const cur = await entryInScope(tx, s, id, true);
    if (p.hotelId) {
      const t = await hotelTenant(tx, s, p.hotelId);
      if (t !== cur.tenant_id) throw new AppError('not_found', 'No such hotel.');
    }
    const { rows } = await tx.query<EntryRow>(
      `UPDATE knowledge_entries SET
         question = COALESCE($2, question), answer = COALESCE($3, answer), locale = COALESCE($4, locale),
         hotel_id = CASE WHEN $5::boolean THEN $6::uuid ELSE hotel_id END, updated_at = $7
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, p.question ?? null, p.answer ?? null, p.locale ?? null, p.hotelId !== undefined, p.hotelId ?? null, now],
    );
    return toEntry(rows[0]!);
  });
}

/**
 * Removes an entry in scope; the bot stops using it at once. A correction that made it is kept, unlinked from it
 * (`corrections.knowledge_entry_id` is `ON DELETE SET NULL`).
 * @example await deleteEntry(db, staff, id);
 */
export async function deleteEntry(db: Db, s: Staff, id: string): Promise<void> {
  assertWriter(s);
  await entryInScope(db, s, id);
  await db.query('DELETE FROM knowledge_entries WHERE id = $1', [id]);
}
