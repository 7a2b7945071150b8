// Who may see and change what: admins (and platform-wide staff) see every tenant; everyone else only their own.
import { AppError } from '../errors.ts';
import type { StaffPrincipal } from '../security/index.ts';

/** The member of staff a call is made for (from a verified token). */
export type Staff = Pick<StaffPrincipal, 'userId' | 'role' | 'tenantId'>;

/**
 * The tenant a member of staff is confined to, or null when it sees every tenant.
 * Same rule as the booking service, so a reservation and its hotel are visible to the same people.
 * @example tenantScope({ userId, role: 'operator', tenantId: 't1' }) // 't1'
 */
export function tenantScope(s: Staff): string | null {
  return s.role === 'admin' || s.tenantId === null ? null : s.tenantId;
}

/** True when `s` may see things of `tenantId`. */
export function inScope(s: Staff, tenantId: string): boolean {
  const scope = tenantScope(s);
  return scope === null || scope === tenantId;
}

/**
 * Throws 404 unless `tenantId` is in scope. Another tenant's id answers exactly like an unknown one,
 * so an operator cannot even learn that it exists.
 */
export function assertInScope(s: Staff, tenantId: string | undefined, what: string): asserts tenantId is string {
  if (tenantId === undefined || !inScope(s, tenantId)) throw new AppError('not_found', `No such ${what}.`);
}

/** Throws 403 unless `s` is a platform admin. */
export function assertAdmin(s: Staff): void {
  if (s.role !== 'admin') throw new AppError('forbidden', 'Only a platform admin may do that.');
}

/** Throws 403 unless `s` may change hotels and inventory (admins and operators; agents only read). */
export function assertWriter(s: Staff): void {
  if (s.role !== 'admin' && s.role !== 'operator') throw new AppError('forbidden', 'Agents may read hotels but not change them.');
}
