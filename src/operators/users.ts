// Staff accounts: an admin creates a tenant's operators and agents; emails are unique regardless of case.
import type { Db } from '../../db/index.ts';
import { AppError, isDbError } from '../errors.ts';
import { hashPassword } from '../security/index.ts';
import type { UserInput } from './schemas.ts';
import { assertAdmin, type Staff } from './scope.ts';

/**
 * Creates an operator or agent (admin only). Throws 404 for an unknown tenant and 409 `email_taken` when the
 * email is in use in any letter case; the unique index on lower(email) decides, so two racing requests make one user.
 */
export async function createUser(db: Db, s: Staff, input: UserInput, now: Date): Promise<{ id: string }> {
  assertAdmin(s);
  const passwordHash = await hashPassword(input.password);
  try {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO users (tenant_id, email, password_hash, role, display_name, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [input.tenantId, input.email, passwordHash, input.role, input.displayName ?? null, now],
    );
    return { id: rows[0]!.id };
  } catch (err) {
    if (isDbError(err, '23505')) throw new AppError('email_taken');
    if (isDbError(err, '23503')) throw new AppError('not_found', 'No such tenant.');
    throw err;
  }
}
