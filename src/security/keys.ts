// Keys derived from DATA_KEY: one for encrypting guest data, one for look-up hashes, one for signing tokens.
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The application's keys; never logged. */
export interface Keys {
  /** AES-256-GCM key for phone numbers and other personal data at rest. */
  encryption: Buffer;
  /** HMAC key for searchable hashes of personal data. */
  lookup: Buffer;
  /** HS256 secret for the tokens we issue. */
  signing: Uint8Array;
}

/** Derives the three keys from a 32-byte base64 DATA_KEY. */
export function deriveKeys(dataKey: string): Keys {
  const ikm = Buffer.from(dataKey, 'base64');
  if (ikm.length !== 32) throw new Error('DATA_KEY must be 32 bytes in base64');
  const derive = (label: string) => Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), `tourdesk/${label}`, 32));
  return { encryption: derive('encryption'), lookup: derive('lookup'), signing: new Uint8Array(derive('signing')) };
}

/**
 * A secret kept in `dataDir/name`: read when it is there, else generated once (mode 0600; a concurrent starter that
 * loses the race reads the winner's).
 */
export async function keptSecret(dataDir: string, name: string, generate: () => string): Promise<string> {
  const file = join(dataDir, name);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${generate()}\n`, { mode: 0o600, flag: 'wx' }).catch(async (err) => {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  });
  return (await readFile(file, 'utf8')).trim();
}

/**
 * The DATA_KEY to use: the configured one, or (embedded mode) one generated once and kept in `dataDir/data-key`.
 */
export async function resolveDataKey(configured: string | undefined, dataDir: string): Promise<string> {
  return configured ?? keptSecret(dataDir, 'data-key', () => randomBytes(32).toString('base64'));
}

/** A keyed hash for looking personal data up without storing it in clear. */
export function lookupHash(keys: Keys, value: string): string {
  return createHmac('sha256', keys.lookup).update(value).digest('base64url');
}
