// Encryption at rest (AES-256-GCM) and masking of guest phone numbers.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { lookupHash, type Keys } from './keys.ts';

/** Encrypts `plain` as `v1.<iv>.<tag>.<ciphertext>` (base64url parts). */
export function encrypt(keys: Keys, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.encryption, iv);
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

/** Reverses {@link encrypt}; throws when the text was tampered with or another key made it. */
export function decrypt(keys: Keys, sealed: string): string {
  const [v, iv, tag, ct] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', keys.encryption, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
}

/** Digits (and a leading +) only, so "138 0013 8000" and "13800138000" are one number. */
export function normalizePhone(phone: string): string {
  const trimmed = phone.trim();
  return (trimmed.startsWith('+') ? '+' : '') + trimmed.replace(/\D/g, '');
}

/** "138****8000": enough to recognise, not enough to call. */
export function maskPhone(phone: string): string {
  const p = normalizePhone(phone);
  if (p.length <= 4) return '*'.repeat(p.length);
  const head = p.length >= 11 ? p.slice(0, 3) : '';
  return `${head}${'*'.repeat(p.length - head.length - 4)}${p.slice(-4)}`;
}

/** What a reservation stores of a phone number: sealed, a look-up hash, and the last four digits. */
export function sealPhone(keys: Keys, phone: string): { enc: string; hash: string; last4: string } {
  const p = normalizePhone(phone);
  return { enc: encrypt(keys, p), hash: lookupHash(keys, p), last4: p.slice(-4) };
}

/** Masks anything that looks like a phone number inside free text (for logs). */
export function maskPhonesInText(text: string): string {
  return text.replace(/(\+?\d[\d -]{6,}\d)/g, (m) => maskPhone(m));
}
