// WeChat's SHA-1 signatures: `signature` over [token, timestamp, nonce], `msg_signature` adding Encrypt.
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * sha1 of the parts sorted as plain strings and joined without a separator, in lower-case hex.
 * @example wechatSignature('AAAAA', '1714036504', '1514711492') // 'f464b24fc39322e44b38aa78f5edd27bd1441696'
 */
export function wechatSignature(...parts: string[]): string {
  return createHash('sha1').update([...parts].sort().join('')).digest('hex');
}

/**
 * Constant-time equality of two strings, whatever their lengths (both are hashed first, so the time says
 * nothing about where they differ or how long the expected one is).
 */
export function sameString(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The query parameters every push and the handshake carry. */
export interface SignedQuery {
  timestamp?: string;
  nonce?: string;
  signature?: string;
}

/**
 * True when `signature` = sha1(sort([token, timestamp, nonce])): the handshake and plaintext pushes.
 * A missing part is never valid.
 * @example checkSignature('AAAAA', { timestamp: '1714036504', nonce: '1514711492', signature: 'f464…' })
 */
export function checkSignature(token: string, q: SignedQuery): boolean {
  if (!q.timestamp || !q.nonce || !q.signature) return false;
  return sameString(q.signature, wechatSignature(token, q.timestamp, q.nonce));
}

/**
 * True when `msgSignature` = sha1(sort([token, timestamp, nonce, encrypt])): safe and compatible mode. The plain
 * `signature` never passes here, since it leaves Encrypt out (WECHAT.md §1.3: "不要使用signature验证").
 * @example checkMsgSignature('AAAAA', { timestamp, nonce }, req.query.msg_signature, body.Encrypt)
 */
export function checkMsgSignature(token: string, q: SignedQuery, msgSignature: string | undefined, encrypt: string): boolean {
  if (!q.timestamp || !q.nonce || !msgSignature || !encrypt) return false;
  return sameString(msgSignature, wechatSignature(token, q.timestamp, q.nonce, encrypt));
}
