// Who works the agents' desk and what they see: agents and admins; a tenant's agents only its own handoffs.
import type { Actor } from '../booking/index.ts';
import { AppError } from '../errors.ts';
import { tenantScope, type Staff } from '../operators/scope.ts';
import type { HandoffActor } from './history.ts';

/**
 * True when `staff` sees handoffs and conversations of `tenantId`. Admins and platform agents (no tenant) see
 * every tenant's, and the tenant-less conversations; a tenant's agent only its tenant's.
 * @example seesTenant({ userId, role: 'agent', tenantId: 'a' }, 'b') // false
 */
export function seesTenant(staff: Staff, tenantId: string | null): boolean {
  const scope = tenantScope(staff);
  return scope === null || scope === tenantId;
}

/** Throws 403 unless `staff` may work the desk (agents and admins; operators manage hotels, not chats). */
export function assertDeskStaff(staff: Staff): void {
  if (staff.role !== 'agent' && staff.role !== 'admin') throw new AppError('forbidden', 'Only agents and admins work the agents\' desk.');
}

/** Throws 404 unless `staff` sees `tenantId`: another tenant's handoff answers exactly like an unknown one. */
export function assertSees(staff: Staff, tenantId: string | null | undefined, what: string): asserts tenantId is string | null {
  if (tenantId === undefined || !seesTenant(staff, tenantId)) throw new AppError('not_found', `No such ${what}.`);
}

/**
 * `staff` as the booking domain knows actors.
 * @example await booking.get(code, staffActor(staff));
 */
export function staffActor(staff: Staff): Extract<Actor, { kind: 'staff' }> {
  return { kind: 'staff', userId: staff.userId, role: staff.role, tenantId: staff.tenantId };
}

/** How the history names a member of staff. */
export function actorOf(staff: Staff): HandoffActor {
  return staff.role === 'admin' ? 'admin' : 'agent';
}
