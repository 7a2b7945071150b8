// Seeded tenants, found or created by their seed key.
import type { Queryable } from '../types.ts';

/**
 * The id of the tenant with `seedKey`, creating it with `name` if missing; `created` tells which happened.
 * @example const { id } = await ensureTenant(db, 'bench', 'Bench Hotels');
 */
export async function ensureTenant(db: Queryable, seedKey: string, name: string): Promise<{ id: string; created: boolean }> {
  const inserted = await db.query<{ id: string }>(
    'INSERT INTO tenants (name, seed_key) VALUES ($1, $2) ON CONFLICT (seed_key) DO NOTHING RETURNING id',
    [name, seedKey],
  );
  const row = inserted.rows[0];
  if (row) return { id: row.id, created: true };
  const { rows } = await db.query<{ id: string }>('SELECT id FROM tenants WHERE seed_key = $1', [seedKey]);
  if (!rows[0]) throw new Error(`tenant ${seedKey} vanished while seeding`);
  return { id: rows[0].id, created: false };
}
