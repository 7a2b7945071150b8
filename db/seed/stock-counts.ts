// How many hotels, room types and inventory rows some tenants have: the seeders' summaries.
import type { Queryable } from '../types.ts';
import type { SeedCounts } from './types.ts';

/** Totals of hotels, room types and nightly inventory rows owned by `tenantIds`. */
export async function countTenantStock(db: Queryable, tenantIds: string[]): Promise<SeedCounts> {
  const { rows } = await db.query<{ hotels: number; room_types: number; inventory_rows: number }>(
    `SELECT (SELECT count(*) FROM hotels WHERE tenant_id = ANY($1::uuid[]))::int AS hotels,
            (SELECT count(*) FROM room_types WHERE tenant_id = ANY($1::uuid[]))::int AS room_types,
            (SELECT count(*) FROM inventory i JOIN room_types rt ON rt.id = i.room_type_id
              WHERE rt.tenant_id = ANY($1::uuid[]))::int AS inventory_rows`,
    [tenantIds],
  );
  const r = rows[0];
  return { hotels: r?.hotels ?? 0, roomTypes: r?.room_types ?? 0, inventoryRows: r?.inventory_rows ?? 0 };
}
