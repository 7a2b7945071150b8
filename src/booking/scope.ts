// Who may see and act on what in the booking domain: tenants, travellers' own reservations, bookable targets.
import type { Queryable } from '../../db/index.ts';
import { AppError } from '../errors.ts';
import type { StayTarget } from './inventory.ts';
import type { ReservationRow } from './reservation-view.ts';
import type { Actor } from './types.ts';

/** The tenant an actor is confined to, or null for one who may act on every tenant. */
export function tenantFilter(actor: Actor): string | null {
  return actor.kind === 'staff' && actor.role === 'admin' ? null : actor.tenantId;
}

/** True when `actor` may see and act on things of `tenantId`. */
export function inScope(actor: Actor, tenantId: string): boolean {
  if (actor.kind === 'staff') return actor.role === 'admin' || actor.tenantId === null || actor.tenantId === tenantId;
  return actor.tenantId === null || actor.tenantId === tenantId;
}

/** The idempotency scope of an actor: a key is one traveller's or one staff member's. */
export function actorKey(actor: Actor): string {
  return actor.kind === 'traveller' ? `t:${actor.travellerId}` : `s:${actor.userId}`;
}

/** True when `actor` may see and act on reservation `r`: a traveller their own, staff their tenants'. */
export function mayAccess(r: ReservationRow, actor: Actor): boolean {
  if (actor.kind === 'traveller') return r.traveller_id === actor.travellerId;
  return inScope(actor, r.tenant_id);
}

/**
 * The hotel and room type a stay is for, within the actor's tenants; not_found otherwise.
 * @example const target = await stayTarget(tx, hotelId, roomTypeId, actor);
 */
export async function stayTarget(tx: Queryable, hotelId: string, roomTypeId: string, actor: Actor): Promise<StayTarget> {
  const { rows } = await tx.query<StayTarget>(
    `SELECT h.tenant_id, h.name AS hotel_name, h.payment_mode, h.hold_minutes, h.cancel_hours,
            rt.name AS room_name, rt.capacity
     FROM room_types rt JOIN hotels h ON h.id = rt.hotel_id WHERE rt.id = $1 AND h.id = $2`,
    [roomTypeId, hotelId],
  );
  const t = rows[0];
  if (!t || !inScope(actor, t.tenant_id)) throw new AppError('not_found', 'No such hotel or room type.');
  return t;
}
