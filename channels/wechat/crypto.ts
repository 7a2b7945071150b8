// WeChat's message cipher (WXBizMsgCrypt): AES-256-CBC, IV = key[0..16), PKCS#7 padded to 32-byte blocks.
import { createCipheriv, createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto';

/** WeChat pads to 32-byte blocks, not AES's 16: Node's own padding must stay off (WECHAT.md §1.5). */
export const WECHAT_PAD_BLOCK = 32;

/** Why a cipher operation failed, with the official WXBizMsgCrypt code beside each. */
export const cryptoErrors = {
  illegal_aes_key: { wxCode: -40004, message: 'The EncodingAESKey must be 43 letters or digits (32 bytes once decoded).' },
  invalid_base64: { wxCode: -40010, message: 'Encrypt is not valid base64.' },
  decrypt_failed: { wxCode: -40007, message: 'Encrypt does not decrypt with this EncodingAESKey.' },
  illegal_buffer: { wxCode: -40008, message: 'The decrypted message is malformed (padding, length or UTF-8).' },
  appid_mismatch: { wxCode: -40005, message: 'The message was encrypted for another AppID.' },
} as const;

/** One of {@link cryptoErrors}. */
export type CryptoErrorCode = keyof typeof cryptoErrors;

/**
 * A message that cannot be opened (or a key that cannot be used); never a crash.
 * @example try { decryptMessage(enc, key) } catch (e) { if (e instanceof WechatCryptoError) res.status(400) }
 */
export class WechatCryptoError extends Error {
  /** The official WXBizMsgCrypt error code (-40004 …). */
  readonly wxCode: number;
  constructor(readonly code: CryptoErrorCode) {
    super(cryptoErrors[code].message);
    this.name = 'WechatCryptoError';
    this.wxCode = cryptoErrors[code].wxCode;
  }
}

/** The key and the AppID a message is sealed for. */
export interface CipherKey {
  /** The 32-byte AES key ({@link aesKeyOf}). */
  aesKey: Buffer;
  appId: string;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The AES key of an EncodingAESKey: base64 of the 43 characters plus "=", exactly 32 bytes. Node's decoder is
 * lenient, so the shape is checked first; 42 or 44 characters are refused.
 * @example aesKeyOf('A'.repeat(43)) // 32 zero bytes
 */
export function aesKeyOf(encodingAesKey: string): Buffer {
  if (!/^[A-Za-z0-9]{43}$/.test(encodingAesKey)) throw new WechatCryptoError('illegal_aes_key');
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new WechatCryptoError('illegal_aes_key');
  return key;
}

/**
 * PKCS#7 to a multiple of 32: 1..32 bytes each holding the count (a whole block of 0x20 when already aligned).
 * @example pad32(Buffer.alloc(63)).length // 64, last byte 0x01
 */
export function pad32(data: Buffer): Buffer {
  const n = WECHAT_PAD_BLOCK - (data.length % WECHAT_PAD_BLOCK);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

/** Strips {@link pad32}'s padding; a pad byte outside 1..32, or pad bytes that differ, is an illegal buffer. */
export function unpad32(data: Buffer): Buffer {
  const n = data.at(-1);
  if (n === undefined || n < 1 || n > WECHAT_PAD_BLOCK || n > data.length) throw new WechatCryptoError('illegal_buffer');
  for (let i = data.length - n; i < data.length; i++) if (data[i] !== n) throw new WechatCryptoError('illegal_buffer');
  return data.subarray(0, data.length - n);
}

/**
 * Seals `msg` for WeChat: base64(AES(pad32(random16 ‖ uint32BE(len) ‖ msg ‖ appid))).
 * @param random the 16-byte prefix; random by default, fixed in tests to reproduce a vector.
 * @example const enc = encryptMessage('{"demo_resp":"good luck"}', { aesKey, appId }, '707722b803182950');
 */
export function encryptMessage(msg: string, key: CipherKey, random: Buffer | string = randomBytes(16)): string {
  const prefix = typeof random === 'string' ? Buffer.from(random, 'utf8') : random;
  if (prefix.length !== 16) throw new RangeError('the random prefix must be 16 bytes');
  if (key.aesKey.length !== 32) throw new WechatCryptoError('illegal_aes_key');
  const body = Buffer.from(msg, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const plain = pad32(Buffer.concat([prefix, length, body, Buffer.from(key.appId, 'utf8')]));
  const cipher = createCipheriv('aes-256-cbc', key.aesKey, key.aesKey.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Opens an `Encrypt` value and checks that it was sealed for `key.appId` (a constant-time compare).
 * @throws WechatCryptoError (invalid_base64, decrypt_failed, illegal_buffer, appid_mismatch)
 * @example const json = decryptMessage(body.Encrypt, { aesKey, appId: 'wxba5fad812f8e6fb9' });
 */
export function decryptMessage(encrypt: string, key: CipherKey): string {
  if (key.aesKey.length !== 32) throw new WechatCryptoError('illegal_aes_key');
  if (!encrypt || !BASE64.test(encrypt)) throw new WechatCryptoError('invalid_base64');
  const sealed = Buffer.from(encrypt, 'base64');
  if (sealed.length === 0 || sealed.length % 16 !== 0) throw new WechatCryptoError('decrypt_failed');
  let padded: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key.aesKey, key.aesKey.subarray(0, 16));
    decipher.setAutoPadding(false);
    padded = Buffer.concat([decipher.update(sealed), decipher.final()]);
  } catch {
    throw new WechatCryptoError('decrypt_failed');
  }
  const plain = unpad32(padded);
  if (plain.length < 20) throw new WechatCryptoError('illegal_buffer');
  const length = plain.readUInt32BE(16);
  if (20 + length > plain.length) throw new WechatCryptoError('illegal_buffer');
  const appId = plain.subarray(20 + length);
  const expected = Buffer.from(key.appId, 'utf8');
  if (appId.length !== expected.length || !timingSafeEqual(appId, expected)) throw new WechatCryptoError('appid_mismatch');
  try {
    return utf8.decode(plain.subarray(20, 20 + length));
  } catch {
    throw new WechatCryptoError('illegal_buffer');
  }
}
