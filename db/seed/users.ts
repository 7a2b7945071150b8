// The demo's platform admin and each demo tenant's operator and agent, with random passwords.
import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from '../../src/security/passwords.ts';
import type { Db } from '../types.ts';
import { readCredentials, writeCredentials, type DemoLogin } from './credentials.ts';

/** A demo user to make sure of. */
export interface DemoUserSpec {
  role: DemoLogin['role'];
  email: string;
  displayName: string;
  tenantId: string | null;
  tenantName?: string;
}

/** 12 URL-safe characters (72 random bits). */
function newPassword(): string {
  return randomBytes(9).toString('base64url');
}

async function passwordHashOf(db: Db, email: string): Promise<string | undefined> {
  const { rows } = await db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE lower(email) = lower($1)', [email]);
  return rows[0]?.password_hash;
}

/**
 * Creates the users that do not exist yet (matched by e-mail, case-insensitively) with fresh random passwords,
 * and returns every login with the password when it is known: just created, or read back from `credentialsFile`
 * and still valid. Newly created passwords are added to that file.
 */
export async function ensureDemoUsers(
  db: Db,
  specs: DemoUserSpec[],
  credentialsFile?: string,
): Promise<{ logins: DemoLogin[]; created: number }> {
  const known = credentialsFile ? await readCredentials(credentialsFile) : new Map<string, string>();
  const logins: DemoLogin[] = [];
  let created = 0;
  for (const spec of specs) {
    const login: DemoLogin = { role: spec.role, email: spec.email, ...(spec.tenantName ? { tenant: spec.tenantName } : {}) };
    const existing = await passwordHashOf(db, spec.email);
    if (existing === undefined) {
      const password = newPassword();
      const inserted = await db.query(
        `INSERT INTO users (tenant_id, email, password_hash, role, display_name) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ((lower(email))) DO NOTHING`,
        [spec.tenantId, spec.email, await hashPassword(password), spec.role, spec.displayName],
      );
      if (inserted.rowCount > 0) {
        created++;
        logins.push({ ...login, password });
        continue;
      }
    }
    // Show a remembered password only if it still opens the account (the file may belong to an older database).
    const remembered = known.get(spec.email.toLowerCase());
    const hash = existing ?? (await passwordHashOf(db, spec.email));
    const valid = remembered !== undefined && hash !== undefined && (await verifyPassword(hash, remembered));
    logins.push(valid ? { ...login, password: remembered } : login);
  }
  if (credentialsFile && created > 0) await writeCredentials(credentialsFile, logins);
  return { logins, created };
}
