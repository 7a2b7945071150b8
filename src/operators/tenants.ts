// Tenants: the hotel companies on the platform; only a platform admin creates them.
import type { Db } from '../../db/index.ts';
import type { TenantInput } from './schemas.ts';
import { assertAdmin, tenantScope, type Staff } from './scope.ts';

/** A tenant as staff see it. */
export interface TenantView {
  id: string;
  name: string;
  createdAt: string;
}

/** Creates a tenant (admin only). */
export async function createTenant(db: Db, s: Staff, input: TenantInput, now: Date): Promise<{ id: string }> {
  assertAdmin(s);
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO tenants (name, created_at) VALUES ($1, $2) RETURNING id',
    [input.name, now],
  );
  return { id: rows[0]!.id };
}

/** Every tenant for an admin; a tenant's own staff see only their tenant. */
export async function listTenants(db: Db, s: Staff): Promise<TenantView[]> {
  const { rows } = await db.query<{ id: string; name: string; created_at: Date | string }>(
    'SELECT id, name, created_at FROM tenants WHERE ($1::uuid IS NULL OR id = $1) ORDER BY created_at, id',
    [tenantScope(s)],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: new Date(r.created_at).toISOString() }));
}
