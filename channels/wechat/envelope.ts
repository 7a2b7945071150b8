// Safe-mode envelopes: check and open an inbound `Encrypt`, and seal an encrypted passive reply (WECHAT.md §1.6).
import { decryptMessage, encryptMessage, type CipherKey } from './crypto.ts';
import { parseDocument, type PushDocument, type WireFormat } from './parse.ts';
import { checkMsgSignature, wechatSignature, type SignedQuery } from './signature.ts';

/** What sealing and opening need: the push token, the AES key and the AppID. */
export interface EnvelopeKeys extends CipherKey {
  token: string;
}

/** The msg_signature did not hold (or was missing): the callback answers 401. */
export class EnvelopeSignatureError extends Error {
  constructor() {
    super('msg_signature does not match [Token, timestamp, nonce, Encrypt].');
    this.name = 'EnvelopeSignatureError';
  }
}

/**
 * Checks `msg_signature` over the `Encrypt` exactly as received, then decrypts it (appid checked) and parses the
 * inner document.
 * @throws EnvelopeSignatureError, WechatCryptoError, PushParseError
 * @example const inner = openEnvelope(keys, req.query, req.query.msg_signature, outer.fields.Encrypt);
 */
export function openEnvelope(keys: EnvelopeKeys, q: SignedQuery, msgSignature: string | undefined, encrypt: string): PushDocument {
  if (!checkMsgSignature(keys.token, q, msgSignature, encrypt)) throw new EnvelopeSignatureError();
  return parseDocument(decryptMessage(encrypt, keys));
}

/** Options of {@link sealReply}. */
export interface SealOptions {
  /** Unix seconds of the reply (ours, not the push's). */
  timestamp: string;
  /** The push's `nonce`, echoed. */
  nonce: string;
  format: WireFormat;
  /** Fixed 16-byte prefix, to reproduce a vector; random by default. */
  random?: string;
}

/**
 * An encrypted passive reply in the push's format: `{"Encrypt","MsgSignature","TimeStamp","Nonce"}` or its XML
 * form. Only needed for a reply other than `success` (e.g. transfer_customer_service).
 * @example sealReply(keys, '{"demo_resp":"good luck"}', { timestamp: '1713424427', nonce: '415670741', format: 'json' })
 */
export function sealReply(keys: EnvelopeKeys, msg: string, o: SealOptions): string {
  const encrypt = encryptMessage(msg, keys, o.random);
  const signature = wechatSignature(keys.token, o.timestamp, o.nonce, encrypt);
  if (o.format === 'json') {
    return JSON.stringify({ Encrypt: encrypt, MsgSignature: signature, TimeStamp: Number(o.timestamp), Nonce: o.nonce });
  }
  return `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt><MsgSignature><![CDATA[${signature}]]></MsgSignature><TimeStamp>${o.timestamp}</TimeStamp><Nonce><![CDATA[${o.nonce}]]></Nonce></xml>`;
}
