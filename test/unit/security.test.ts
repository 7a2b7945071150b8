// Personal data and tokens: phones sealed at rest and masked in logs; tokens that cannot be forged or outlive their time.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { decrypt, deriveKeys, encrypt, issueToken, maskPhone, maskPhonesInText, sealPhone, verifyToken } from '../../src/security/index.ts';

const keys = deriveKeys(randomBytes(32).toString('base64'));

describe('personal data', () => {
  it('seals and opens a phone number; another key cannot open it; tampering is detected', () => {
    const sealed = encrypt(keys, '+8613800138000');
    expect(sealed).not.toContain('13800138000');
    expect(decrypt(keys, sealed)).toBe('+8613800138000');
    expect(() => decrypt(deriveKeys(randomBytes(32).toString('base64')), sealed)).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => decrypt(keys, parts.join('.'))).toThrow();
  });

  it('hashes one number the same however it is written', () => {
    expect(sealPhone(keys, '138 0013 8000').hash).toBe(sealPhone(keys, '13800138000').hash);
    expect(sealPhone(keys, '138-0013-8000').last4).toBe('8000');
  });

  it('masks phone numbers for display and inside log lines', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhonesInText('guest 13800138000 booked')).toBe('guest 138****8000 booked');
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
    const log = createLogger('info', sink);
    log.info({ guest: { phone: '13800138000' }, password: 'pw' }, 'booked for 13912345678');
    expect(lines.join('')).not.toMatch(/13800138000|13912345678|"pw"/);
  });
});

describe('tokens', () => {
  it('round-trip a staff and a traveller principal', async () => {
    const staff = { kind: 'staff', userId: 'u1', role: 'operator', tenantId: 't1' } as const;
    expect(await verifyToken(keys, await issueToken(keys, staff))).toEqual(staff);
    const trav = { kind: 'traveller', travellerId: 'web:x', channel: 'web', conversationId: 'c1', tenantId: null } as const;
    expect(await verifyToken(keys, await issueToken(keys, trav))).toEqual(trav);
  });

  it('refuse a token signed with another key, or expired', async () => {
    const staff = { kind: 'staff', userId: 'u1', role: 'admin', tenantId: null } as const;
    const other = deriveKeys(randomBytes(32).toString('base64'));
    expect(await verifyToken(keys, await issueToken(other, staff))).toBeNull();
    const old = await issueToken(keys, staff, new Date('2026-01-01T00:00:00Z'));
    expect(await verifyToken(keys, old, new Date('2026-01-01T13:00:00Z'))).toBeNull();
    expect(await verifyToken(keys, 'not.a.token')).toBeNull();
  });
});

describe('kept secrets', () => {
  it('are generated once, kept with mode 0600, and read back the same on the next start', async () => {
    const { mkdtemp, stat, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { keptSecret } = await import('../../src/security/index.ts');
    const dir = await mkdtemp(join(tmpdir(), 'td-secret-'));
    try {
      let made = 0;
      const gen = () => `secret-${++made}`;
      const [a, b] = await Promise.all([keptSecret(dir, 'app-api-key', gen), keptSecret(dir, 'app-api-key', gen)]);
      expect(a).toBe(b);
      expect(await keptSecret(dir, 'app-api-key', gen)).toBe(a);
      expect((await stat(join(dir, 'app-api-key'))).mode & 0o777).toBe(0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
