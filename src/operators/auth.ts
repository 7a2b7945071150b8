// Staff sign-in: email and password in, a signed token out; and the platform admin ensured at start.
import type { Db, Queryable } from '../../db/index.ts';
import { AppError } from '../errors.ts';
import { hashPassword, issueToken, verifyPassword, type Keys, type StaffPrincipal } from '../security/index.ts';
import type { LoginInput } from './schemas.ts';
import type { Staff } from './scope.ts';

/** What a successful login returns: the token, and who it speaks for (so a console can show the right pages). */
export interface LoginResult {
  token: string;
  userId: string;
  role: StaffPrincipal['role'];
  tenantId: string | null;
}

/** The signed-in member of staff as `GET /me` shows them. */
export interface MeView {
  userId: string;
  email: string;
  role: StaffPrincipal['role'];
  tenantId: string | null;
  tenantName: string | null;
  displayName: string | null;
}

interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  role: StaffPrincipal['role'];
  tenant_id: string | null;
}

// Verified against when the email is unknown, so both failures take an argon2 verify and look alike from outside.
let decoy: Promise<string> | undefined;

async function userByEmail(q: Queryable, email: string): Promise<UserRow | undefined> {
  const { rows } = await q.query<UserRow>(
    'SELECT id, email, password_hash, role, tenant_id FROM users WHERE lower(email) = lower($1)',
    [email.trim()],
  );
  return rows[0];
}

/**
 * Checks email and password and issues a staff token. An unknown email and a wrong password give the same 401.
 * @example const { token } = await login(db, keys, { email, password }, clock.now());
 */
export async function login(db: Db, keys: Keys, input: LoginInput, now: Date): Promise<LoginResult> {
  const user = await userByEmail(db, input.email);
  const ok = await verifyPassword(user?.password_hash ?? (await (decoy ??= hashPassword('decoy password'))), input.password);
  if (!user || !ok) throw new AppError('invalid_credentials');
  const principal: StaffPrincipal = { kind: 'staff', userId: user.id, role: user.role, tenantId: user.tenant_id };
  return { token: await issueToken(keys, principal, now), userId: user.id, role: user.role, tenantId: user.tenant_id };
}

/** The account behind a token; 401 when it no longer exists. */
export async function me(db: Db, s: Staff): Promise<MeView> {
  const { rows } = await db.query<{
    id: string; email: string; role: StaffPrincipal['role']; tenant_id: string | null;
    tenant_name: string | null; display_name: string | null;
  }>(
    `SELECT u.id, u.email, u.role, u.tenant_id, t.name AS tenant_name, u.display_name
     FROM users u LEFT JOIN tenants t ON t.id = u.tenant_id WHERE u.id = $1`,
    [s.userId],
  );
  const u = rows[0];
  if (!u) throw new AppError('unauthorized', 'This account no longer exists.');
  return { userId: u.id, email: u.email, role: u.role, tenantId: u.tenant_id, tenantName: u.tenant_name, displayName: u.display_name };
}

/**
 * Creates the platform admin, or sets its password when it exists (ADMIN_EMAIL / ADMIN_PASSWORD at start).
 * Refuses when the email belongs to an operator or agent: promoting one silently would widen its reach.
 * @example await ensureAdmin(db, { email: 'admin@example.com', password: process.env.ADMIN_PASSWORD! });
 */
export async function ensureAdmin(db: Db, admin: { email: string; password: string }): Promise<{ id: string; created: boolean }> {
  const existing = await userByEmail(db, admin.email);
  if (existing && existing.role !== 'admin') {
    throw new Error(`ADMIN_EMAIL ${admin.email} belongs to a ${existing.role}, not an admin`);
  }
  // Re-hash only when the password changed, so a restart leaves the row alone.
  if (existing && (await verifyPassword(existing.password_hash, admin.password))) return { id: existing.id, created: false };
  const hash = await hashPassword(admin.password);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO users (tenant_id, email, password_hash, role) VALUES (NULL, $1, $2, 'admin')
     ON CONFLICT ((lower(email))) DO UPDATE SET password_hash = EXCLUDED.password_hash WHERE users.role = 'admin'
     RETURNING id`,
    [admin.email.trim(), hash],
  );
  if (!rows[0]) throw new Error(`ADMIN_EMAIL ${admin.email} belongs to a user who is not an admin`);
  return { id: rows[0].id, created: !existing };
}
