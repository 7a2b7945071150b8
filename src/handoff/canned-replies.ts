// Canned replies: a tenant's ready answers for the reply box. An agent uses and keeps its own tenant's; admins any.
import type { Db, Queryable } from '../../db/index.ts';
import { AppError } from '../errors.ts';
import { tenantScope, type Staff } from '../operators/scope.ts';
import { CANNED_DEFAULTS } from './canned-defaults.ts';
import { seesTenant } from './scope.ts';

/** One canned reply. */
export interface CannedReply {
  id: string;
  tenantId: string;
  locale: 'zh-CN' | 'en';
  title: string;
  text: string;
  createdBy: string | null;
  createdAt: string;
}

interface Row {
  id: string;
  tenant_id: string;
  locale: 'zh-CN' | 'en';
  title: string;
  text: string;
  created_by: string | null;
  created_at: Date;
}

const toReply = (r: Row): CannedReply => ({
  id: r.id, tenantId: r.tenant_id, locale: r.locale, title: r.title, text: r.text, createdBy: r.created_by,
  createdAt: new Date(r.created_at).toISOString(),
});

/** The tenant a call is about: the caller's own, or the one named (admins and platform agents must name one to write). */
function tenantOf(staff: Staff, named: string | undefined): string | null {
  const scope = tenantScope(staff);
  if (scope !== null) {
    if (named !== undefined && named !== scope) throw new AppError('not_found', 'No such tenant.');
    return scope;
  }
  return named ?? null;
}

/** Gives a tenant the starter set, once in its life (deleting them all does not bring them back). */
async function seedOnce(q: Queryable, tenantId: string, at: Date): Promise<void> {
  const exists = await q.query('SELECT 1 FROM tenants WHERE id = $1', [tenantId]);
  if (exists.rowCount === 0) throw new AppError('not_found', 'No such tenant.');
  const { rowCount } = await q.query(
    `INSERT INTO handoff_settings (tenant_id, canned_replies_seeded_at) VALUES ($1, $2)
     ON CONFLICT (tenant_id) DO UPDATE SET canned_replies_seeded_at = $2 WHERE handoff_settings.canned_replies_seeded_at IS NULL`,
    [tenantId, at]);
  if (rowCount === 0) return;
  for (const c of CANNED_DEFAULTS) {
    await q.query('INSERT INTO canned_replies (tenant_id, locale, title, text, created_at) VALUES ($1, $2, $3, $4, $5)', [tenantId, c.locale, c.title, c.text, at]);
  }
}

/**
 * The canned replies of the caller's tenant (admins and platform agents: of `tenantId`, or of every tenant), oldest
 * first; a tenant's first look gives it the starter set in Chinese and English.
 * @example const replies = await listCannedReplies(db, staff, { locale: 'zh-CN' }, clock.now());
 */
export async function listCannedReplies(
  q: Db, staff: Staff, query: { tenantId?: string; locale?: 'zh-CN' | 'en' }, at: Date,
): Promise<CannedReply[]> {
  const tenantId = tenantOf(staff, query.tenantId);
  if (tenantId) {
    // Seeded tenants (all but a tenant's first look) are read without a write transaction.
    const { rows: t } = await q.query<{ seeded: boolean }>(
      `SELECT s.canned_replies_seeded_at IS NOT NULL AS seeded FROM tenants t LEFT JOIN handoff_settings s ON s.tenant_id = t.id
       WHERE t.id = $1`, [tenantId]);
    if (!t[0]) throw new AppError('not_found', 'No such tenant.');
    // The mark and the set in one transaction: a crash between them cannot leave a tenant marked but empty.
    if (!t[0].seeded) await q.transaction((tx) => seedOnce(tx, tenantId, at));
  }
  const { rows } = await q.query<Row>(
    `SELECT id, tenant_id, locale, title, text, created_by, created_at FROM canned_replies
     WHERE ($1::uuid IS NULL OR tenant_id = $1) AND ($2::text IS NULL OR locale = $2)
     ORDER BY tenant_id, locale, created_at, id LIMIT 500`,
    [tenantId, query.locale ?? null]);
  return rows.map(toReply);
}

/**
 * Adds a canned reply to the caller's tenant (admins and platform agents name the tenant: 400 without one).
 * @example await createCannedReply(db, staff, { title: '问候', text: '您好…', locale: 'zh-CN' }, clock.now());
 */
export async function createCannedReply(
  q: Queryable, staff: Staff, input: { title: string; text: string; locale: 'zh-CN' | 'en'; tenantId?: string }, at: Date,
): Promise<CannedReply> {
  const tenantId = tenantOf(staff, input.tenantId);
  if (!tenantId) throw new AppError('invalid_request', 'Name the tenant (tenantId) the canned reply belongs to.');
  const exists = await q.query('SELECT 1 FROM tenants WHERE id = $1', [tenantId]);
  if (exists.rowCount === 0) throw new AppError('not_found', 'No such tenant.');
  const { rows } = await q.query<Row>(
    `INSERT INTO canned_replies (tenant_id, locale, title, text, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING id, tenant_id, locale, title, text, created_by, created_at`,
    [tenantId, input.locale, input.title, input.text, staff.userId, at]);
  return toReply(rows[0]!);
}

/**
 * Deletes a canned reply of a tenant the caller sees; another tenant's answers 404 like an unknown one.
 * @example await deleteCannedReply(db, staff, id);
 */
export async function deleteCannedReply(q: Queryable, staff: Staff, id: string): Promise<void> {
  const { rows } = await q.query<{ tenant_id: string }>('SELECT tenant_id FROM canned_replies WHERE id = $1', [id]);
  if (!rows[0] || !seesTenant(staff, rows[0].tenant_id)) throw new AppError('not_found', 'No such canned reply.');
  await q.query('DELETE FROM canned_replies WHERE id = $1', [id]);
}
