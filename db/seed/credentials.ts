// The demo logins' plaintext passwords, kept in a file readable only by its owner so they can be shown on every start.
import { mkdir, readFile, rename, writeFile, chmod } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** One demo login as shown to the person who installed the demo. */
export interface DemoLogin {
  role: 'admin' | 'operator' | 'agent';
  email: string;
  /** Known only when this install created the user (now or in a run that wrote the credentials file). */
  password?: string;
  /** The tenant's name; absent for the platform admin. */
  tenant?: string;
}

/** Where the demo logins are kept under a data directory, by default. */
export function demoCredentialsPath(dataDir: string): string {
  return join(dataDir, 'demo-logins.json');
}

/** email (lower case) → password, from the file; empty when it is missing or unreadable. */
export async function readCredentials(file: string): Promise<Map<string, string>> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { logins?: unknown };
    const logins = Array.isArray(parsed.logins) ? parsed.logins : [];
    return new Map(
      logins.flatMap((l: { email?: unknown; password?: unknown }) =>
        typeof l.email === 'string' && typeof l.password === 'string' ? [[l.email.toLowerCase(), l.password]] : [],
      ),
    );
  } catch {
    return new Map();
  }
}

/** Writes the logins that have passwords to `file` with mode 0600 (replacing it atomically). */
export async function writeCredentials(file: string, logins: DemoLogin[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const body = {
    note: 'TourDesk demo logins, created by the demo seed. Change these passwords before any real use.',
    logins: logins.filter((l) => l.password),
  };
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
}
