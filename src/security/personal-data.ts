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

// Chinese mobiles (with or without +86 and separators), international numbers written with +, and landlines
// such as 010-51979888; never digits inside a longer number, a decimal or an id.
const PHONE_IN_TEXT = /(?<![\w.])(?:(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}|\+\d{1,3}[- ]?\d[\d -]{6,14}\d|0\d{2,3}-\d{7,8})(?![\w.])/g;

/** Masks anything that looks like a phone number inside free text (for logs and transcripts). */
export function maskPhonesInText(text: string): string {
  return text.replace(PHONE_IN_TEXT, (m) => maskPhone(m));
}

/** A copy of a JSON value with the phone numbers in its strings masked. */
export function maskPhonesDeep<T>(value: T): T {
  if (typeof value === 'string') return maskPhonesInText(value) as T;
  if (Array.isArray(value)) return value.map(maskPhonesDeep) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskPhonesDeep(v)])) as T;
  }
  return value;
}
