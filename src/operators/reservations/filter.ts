// The one WHERE clause of the operator's reservation list and export, so both always agree.
import { AppError } from '../../errors.ts';
import { tenantScope, type Staff } from '../scope.ts';
import { likeLiteral } from '../like.ts';
import type { ReservationCsvQuery } from './schemas.ts';

/**
 * The conditions (over `r`, a reservation) and their parameters, numbered from `$1`.
 * `q` matches a code by its beginning, a guest name anywhere in it (any case), or four digits as the phone's last four.
 * @example const { where, params } = reservationFilter(staff, { q: '8000' });
 */
export function reservationFilter(s: Staff, f: ReservationCsvQuery): { where: string; params: unknown[] } {
  const scope = tenantScope(s);
  // Naming another tenant reads as an unknown one, like every other cross-tenant id.
  if (scope && f.tenantId && f.tenantId !== scope) throw new AppError('not_found', 'No such tenant.');
  const q = f.q?.trim();
  const params: unknown[] = [
    scope, f.tenantId ?? null, f.hotelId ?? null, f.from ?? null, f.to ?? null, f.status ?? null,
    q ?? null, q ? `${likeLiteral(q.toUpperCase())}%` : null, q ? `%${likeLiteral(q)}%` : null,
  ];
  const where = `($1::uuid IS NULL OR r.tenant_id = $1) AND ($2::uuid IS NULL OR r.tenant_id = $2)
    AND ($3::uuid IS NULL OR r.hotel_id = $3)
    AND ($4::date IS NULL OR r.check_out > $4) AND ($5::date IS NULL OR r.check_in < $5)
    AND ($6::text IS NULL OR r.status = $6)
    AND ($7::text IS NULL OR r.code LIKE $8 OR r.guest_name ILIKE $9 OR r.guest_phone_last4 = $7)`;
  return { where, params };
}
