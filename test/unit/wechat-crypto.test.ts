// Every message-push vector of WECHAT.md §1.10 (and §1.2, §1.4), and the negative cases it lists.
import { createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aesKeyOf, decryptMessage, encryptMessage, pad32, unpad32, WechatCryptoError } from '../../channels/wechat/crypto.ts';
import { EnvelopeSignatureError, openEnvelope, sealReply } from '../../channels/wechat/envelope.ts';
import { parseDocument, pushKey, quoteJsonNumbers, toPush } from '../../channels/wechat/parse.ts';
import { checkMsgSignature, checkSignature, wechatSignature } from '../../channels/wechat/signature.ts';

/** V1: the official mini-program doc (JSON, safe mode). */
const V1 = {
  token: 'AAAAA',
  encodingAesKey: 'A'.repeat(43),
  appId: 'wxba5fad812f8e6fb9',
  timestamp: '1714112445',
  nonce: '415670741',
  signature: '6c5c811b55cc85e0e1b54100749188c20beb3f5d',
  msgSignature: '046e02f8204d34f8ba5fa3b1db94908f3df2e9b3',
  encrypt:
    '+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=',
  msg: '{"ToUserName":"gh_97417a04a28d","FromUserName":"o9AgO5Kd5ggOC-bXrbNODIiE3bGY","CreateTime":1714112445,"MsgType":"event","Event":"debug_demo","debug_str":"hello world"}',
  reply: {
    random: '707722b803182950',
    msg: '{"demo_resp":"good luck"}',
    encrypt: 'ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==',
    timestamp: '1713424427',
    nonce: '415670741',
    msgSignature: '1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1',
    final:
      '{"Encrypt":"ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==","MsgSignature":"1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1","TimeStamp":1713424427,"Nonce":"415670741"}',
  },
};
const v1Key = () => ({ aesKey: aesKeyOf(V1.encodingAesKey), appId: V1.appId });

/** V2: the official WXBizMsgCrypt sample (XML, compatible-mode body). */
const V2 = {
  token: 'spamtest',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  aesKeyHex: '69b71d79f8218a39259a7a29aabb2dbafc31cb3d35db7e39ebbf3d0010831051',
  appId: 'wx2c2769f8efd9abc2',
  timestamp: '1409735669',
  nonce: '1320562132',
  msgSignature: '5d197aaffba7e9b25a30732f161a50dee96bd5fa',
  signature: '16120ec1b8dbb870f510d87ce6bc2463eae6ca1a',
  encrypt:
    'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=',
  msg: '<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>\n<CreateTime>1409735668</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[abcdteT]]></Content>\n<MsgId>6054768590064713728</MsgId>\n</xml>',
};
const v2FromXml = () =>
  `<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName><CreateTime>1409735668</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[abcdteT]]></Content><MsgId>6054768590064713728</MsgId><Encrypt><![CDATA[${V2.encrypt}]]></Encrypt></xml>`;
const v2Key = () => ({ aesKey: aesKeyOf(V2.encodingAesKey), appId: V2.appId });

/** V3: wechatpy's tests (WeCom flavour: the corp id sits in the appid slot). */
const V3 = {
  token: '123456',
  encodingAesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR',
  id: 'wx49f0ab532d5d035a',
  echo: {
    timestamp: '1411443780',
    nonce: '437374425',
    signature: 'dd6b9c95b495b3f7e2901bfbc76c664930ffdb96',
    echoStr: '4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==',
    plain: '5927782489442352469',
  },
  decrypt: {
    timestamp: '1411525903',
    nonce: '461056294',
    msgSignature: '74d92dfeb87ba7c714f89d98870ae5eb62dff26d',
    encrypt:
      'RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=',
  },
  encrypt: {
    random: '1234567890123456',
    plain:
      '<xml>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[test]]></Content>\n<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>\n<ToUserName><![CDATA[messense]]></ToUserName>\n<AgentID>1</AgentID>\n<CreateTime>1411525903</CreateTime>\n</xml>',
    encrypt:
      '9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3',
    msgSignature: '407518b7649e86ef23978113f92d27afa9296533',
  },
};
const v3Key = () => ({ aesKey: aesKeyOf(V3.encodingAesKey), appId: V3.id });

const cryptoCode = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    if (err instanceof WechatCryptoError) return err.code;
    throw err;
  }
  return undefined;
};

describe('signatures (WECHAT.md §1.2, §1.4, V4)', () => {
  it('GET handshake: sha1 of the sorted [Token, timestamp, nonce] is the official signature', () => {
    expect(wechatSignature('AAAAA', '1714036504', '1514711492')).toBe('f464b24fc39322e44b38aa78f5edd27bd1441696');
    expect(checkSignature('AAAAA', { timestamp: '1714036504', nonce: '1514711492', signature: 'f464b24fc39322e44b38aa78f5edd27bd1441696' })).toBe(true);
  });

  it('plaintext POST: the debug_demo push has the official signature', () => {
    expect(checkSignature('AAAAA', { timestamp: '1714037059', nonce: '486452656', signature: '899cf89e464efb63f54ddac96b0a0a235f53aa78' })).toBe(true);
  });

  it('V4: four parts sort as plain strings', () => {
    expect(wechatSignature('RMNlACHlV5ThzfRlVS4D4', 'timestamp', 'nonce', 'encrypt')).toBe('8edac0945683c119ee71c9f6256d76c48aa08a96');
  });

  it('a missing part, a wrong token or a changed timestamp never passes', () => {
    expect(checkSignature('AAAAA', { timestamp: '1714036504', nonce: '1514711492' })).toBe(false);
    expect(checkSignature('AAAAA', { nonce: '1514711492', signature: 'f464b24fc39322e44b38aa78f5edd27bd1441696' })).toBe(false);
    expect(checkSignature('AAAAB', { timestamp: '1714036504', nonce: '1514711492', signature: 'f464b24fc39322e44b38aa78f5edd27bd1441696' })).toBe(false);
    expect(checkSignature('AAAAA', { timestamp: '1714036505', nonce: '1514711492', signature: 'f464b24fc39322e44b38aa78f5edd27bd1441696' })).toBe(false);
    expect(checkSignature('AAAAA', { timestamp: '1714036504', nonce: '1514711492', signature: 'F464B24FC39322E44B38AA78F5EDD27BD1441696' })).toBe(false);
  });
});

describe('V1: the official safe-mode vector (JSON)', () => {
  const q = { timestamp: V1.timestamp, nonce: V1.nonce, signature: V1.signature };

  it('has the official signature and msg_signature', () => {
    expect(checkSignature(V1.token, q)).toBe(true);
    expect(wechatSignature(V1.token, V1.timestamp, V1.nonce, V1.encrypt)).toBe(V1.msgSignature);
    expect(checkMsgSignature(V1.token, q, V1.msgSignature, V1.encrypt)).toBe(true);
  });

  it('the 43 "A"s are 32 zero bytes', () => {
    expect(aesKeyOf(V1.encodingAesKey)).toEqual(Buffer.alloc(32));
  });

  it('decrypts to the 167-byte event with 32-byte padding (pad 19), where 16-byte auto-padding fails', () => {
    const sealed = Buffer.from(V1.encrypt, 'base64');
    expect(sealed.length).toBe(224);
    // The most common Node bug, kept as a regression: Node's default (16-byte) PKCS#7 refuses a pad of 19.
    const node = createDecipheriv('aes-256-cbc', Buffer.alloc(32), Buffer.alloc(16));
    expect(() => Buffer.concat([node.update(sealed), node.final()])).toThrow();
    const raw = createDecipheriv('aes-256-cbc', Buffer.alloc(32), Buffer.alloc(16)).setAutoPadding(false);
    const padded = Buffer.concat([raw.update(sealed), raw.final()]);
    expect(padded.at(-1)).toBe(19);
    const full = unpad32(padded);
    expect(full.length).toBe(205);
    expect(full.subarray(0, 16).toString()).toBe('a8eedb185eb2fecf');
    expect(full.readUInt32BE(16)).toBe(167);

    const msg = decryptMessage(V1.encrypt, v1Key());
    expect(msg).toBe(V1.msg);
    expect(Buffer.byteLength(msg)).toBe(167);
  });

  it('opens as an envelope: msg_signature checked, the inner JSON read as strings', () => {
    const doc = openEnvelope({ token: V1.token, ...v1Key() }, q, V1.msgSignature, V1.encrypt);
    expect(doc).toEqual({
      format: 'json',
      fields: {
        ToUserName: 'gh_97417a04a28d', FromUserName: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY', CreateTime: '1714112445', MsgType: 'event',
        Event: 'debug_demo', debug_str: 'hello world',
      },
    });
    expect(toPush(doc.fields)).toMatchObject({ kind: 'other', msgType: 'event', event: 'debug_demo' });
  });

  it('seals the reply byte for byte with the fixed random (63 bytes → 64, pad 1)', () => {
    const r = V1.reply;
    expect(encryptMessage(r.msg, v1Key(), r.random)).toBe(r.encrypt);
    expect(Buffer.from(r.encrypt, 'base64').length).toBe(64);
    expect(wechatSignature(V1.token, r.timestamp, r.nonce, r.encrypt)).toBe(r.msgSignature);
    expect(sealReply({ token: V1.token, ...v1Key() }, r.msg, { timestamp: r.timestamp, nonce: r.nonce, format: 'json', random: r.random })).toBe(r.final);
    expect(decryptMessage(r.encrypt, v1Key())).toBe(r.msg);
  });

  it('seals the XML form of the reply with the same values', () => {
    const r = V1.reply;
    const xml = sealReply({ token: V1.token, ...v1Key() }, r.msg, { timestamp: r.timestamp, nonce: r.nonce, format: 'xml', random: r.random });
    expect(parseDocument(xml).fields).toEqual({ Encrypt: r.encrypt, MsgSignature: r.msgSignature, TimeStamp: r.timestamp, Nonce: r.nonce });
  });
});

describe('V1b: 32-byte padding on the encrypt side', () => {
  it('a 40-byte Chinese reply pads 18 bytes to a 96-byte ciphertext, with its MsgSignature', () => {
    const msg = '{"demo_resp":"您好，欢迎咨询！"}';
    expect(Buffer.byteLength(msg)).toBe(40);
    const enc = encryptMessage(msg, v1Key(), '707722b803182950');
    expect(enc).toBe(
      'ELGduP2YcVatjqIS+eZbp+LtT80xLpmhhjKJshBBH5Va+LPJ/8WYjSnSacjBtm7IWZPHtOxeEopyN4brQfJVZ7IO4OFtX+cofz6gWB2oZA72jbU/gOT8suwUOt4ySlD9',
    );
    expect(Buffer.from(enc, 'base64').length).toBe(96);
    expect(wechatSignature('AAAAA', '1713424427', '415670741', enc)).toBe('7d8724972f0a7102e159e7d64b2ad4591a78c863');
    expect(decryptMessage(enc, v1Key())).toBe(msg);
  });

  it('an aligned message gets a whole block of 0x20 (the bug of esap/wechat#43)', () => {
    const padded = pad32(Buffer.alloc(64, 1));
    expect(padded.length).toBe(96);
    expect([...padded.subarray(64)].every((b) => b === 32)).toBe(true);
    expect(unpad32(padded)).toEqual(Buffer.alloc(64, 1));
  });
});

describe('V2: the official WXBizMsgCrypt sample (XML, compatible mode)', () => {
  const q = { timestamp: V2.timestamp, nonce: V2.nonce, signature: V2.signature };

  it('derives the AES key and has both signatures', () => {
    expect(aesKeyOf(V2.encodingAesKey).toString('hex')).toBe(V2.aesKeyHex);
    expect(checkSignature(V2.token, q)).toBe(true);
    expect(checkMsgSignature(V2.token, q, V2.msgSignature, V2.encrypt)).toBe(true);
  });

  it('decrypts to the 280-byte XML with its "\\n" separators (320 bytes sealed, pad 2)', () => {
    expect(Buffer.from(V2.encrypt, 'base64').length).toBe(320);
    const msg = decryptMessage(V2.encrypt, v2Key());
    expect(msg).toBe(V2.msg);
    expect(Buffer.byteLength(msg)).toBe(280);
  });

  it('the compatible-mode body opens from its Encrypt, and the 64-bit MsgId keeps every digit', () => {
    const outer = parseDocument(v2FromXml());
    expect(outer.format).toBe('xml');
    expect(outer.fields.MsgId).toBe('6054768590064713728');
    const inner = openEnvelope({ token: V2.token, ...v2Key() }, q, V2.msgSignature, outer.fields.Encrypt!);
    const push = toPush(inner.fields);
    expect(push).toEqual({
      kind: 'text', openid: 'oyORnuP8q7ou2gfYjqLzSIWZf0rs', toUserName: 'gh_10f6c3c3ac5a', createTime: '1409735668',
      msgId: '6054768590064713728', content: 'abcdteT',
    });
    expect(pushKey(push)).toBe('msg:oyORnuP8q7ou2gfYjqLzSIWZf0rs:6054768590064713728');
  });
});

describe('V3: wechatpy (WeCom flavour, same cipher)', () => {
  it('(a) the WeCom echostr: signed over four parts, decrypts to the number', () => {
    const e = V3.echo;
    expect(wechatSignature(V3.token, e.timestamp, e.nonce, e.echoStr)).toBe(e.signature);
    expect(decryptMessage(e.echoStr, v3Key())).toBe(e.plain);
  });

  it('(b) decrypts the message: FromUserName messense, Content test, the MsgId as a string', () => {
    const d = V3.decrypt;
    expect(checkMsgSignature(V3.token, { timestamp: d.timestamp, nonce: d.nonce }, d.msgSignature, d.encrypt)).toBe(true);
    const fields = parseDocument(decryptMessage(d.encrypt, v3Key())).fields;
    expect(fields).toMatchObject({ FromUserName: 'messense', Content: 'test', MsgId: '4363689963896700987' });
  });

  it('(c) encrypts deterministically with a fixed random, and signs it', () => {
    const e = V3.encrypt;
    const enc = encryptMessage(e.plain, v3Key(), e.random);
    expect(enc).toBe(e.encrypt);
    expect(wechatSignature(V3.token, V3.decrypt.timestamp, V3.decrypt.nonce, enc)).toBe(e.msgSignature);
  });
});

describe('negative cases (WECHAT.md §1.10)', () => {
  const q = { timestamp: V1.timestamp, nonce: V1.nonce, signature: V1.signature };
  const keys = () => ({ token: V1.token, ...v1Key() });

  it('a tampered msg_signature is rejected', () => {
    const tampered = `${V1.msgSignature.slice(0, -1)}${V1.msgSignature.endsWith('3') ? '4' : '3'}`;
    expect(checkMsgSignature(V1.token, q, tampered, V1.encrypt)).toBe(false);
    expect(() => openEnvelope(keys(), q, tampered, V1.encrypt)).toThrow(EnvelopeSignatureError);
  });

  it('a tampered Encrypt no longer matches its msg_signature', () => {
    const other = `${V1.encrypt.slice(0, 10)}${V1.encrypt[10] === 'A' ? 'B' : 'A'}${V1.encrypt.slice(11)}`;
    expect(() => openEnvelope(keys(), q, V1.msgSignature, other)).toThrow(EnvelopeSignatureError);
  });

  it('the plain signature given in place of msg_signature is rejected', () => {
    expect(checkMsgSignature(V1.token, q, V1.signature, V1.encrypt)).toBe(false);
    expect(() => openEnvelope(keys(), q, V1.signature, V1.encrypt)).toThrow(EnvelopeSignatureError);
  });

  it('a missing msg_signature is rejected', () => {
    expect(() => openEnvelope(keys(), q, undefined, V1.encrypt)).toThrow(EnvelopeSignatureError);
  });

  it('a wrong appid is rejected, by its official code -40005', () => {
    expect(cryptoCode(() => decryptMessage(V1.encrypt, { aesKey: aesKeyOf(V1.encodingAesKey), appId: 'wx0000000000000000' }))).toBe('appid_mismatch');
    expect(cryptoCode(() => decryptMessage(V1.encrypt, { aesKey: aesKeyOf(V1.encodingAesKey), appId: 'wxba5fad812f8e6fb' }))).toBe('appid_mismatch');
    const sealed = encryptMessage('{"x":1}', { aesKey: aesKeyOf(V1.encodingAesKey), appId: 'wx_someone_else' });
    const err = (() => {
      try {
        decryptMessage(sealed, v1Key());
      } catch (e) {
        return e as WechatCryptoError;
      }
    })();
    expect(err?.wxCode).toBe(-40005);
  });

  it('an EncodingAESKey of 42 or 44 characters (or with other characters) is rejected', () => {
    expect(cryptoCode(() => aesKeyOf('A'.repeat(42)))).toBe('illegal_aes_key');
    expect(cryptoCode(() => aesKeyOf('A'.repeat(44)))).toBe('illegal_aes_key');
    expect(cryptoCode(() => aesKeyOf(`${'A'.repeat(42)}+`))).toBe('illegal_aes_key');
    expect(cryptoCode(() => aesKeyOf(''))).toBe('illegal_aes_key');
  });

  it('the wrong key, broken base64, a truncated ciphertext or bad padding fail cleanly, never with a crash', () => {
    expect(cryptoCode(() => decryptMessage(V1.encrypt, v2Key()))).toMatch(/illegal_buffer|appid_mismatch/);
    expect(cryptoCode(() => decryptMessage('not base64!', v1Key()))).toBe('invalid_base64');
    expect(cryptoCode(() => decryptMessage('', v1Key()))).toBe('invalid_base64');
    expect(cryptoCode(() => decryptMessage(Buffer.alloc(20).toString('base64'), v1Key()))).toBe('decrypt_failed');
    expect(cryptoCode(() => decryptMessage(V1.encrypt.slice(0, 64), v1Key()))).toMatch(/illegal_buffer|appid_mismatch/);
    expect(cryptoCode(() => unpad32(Buffer.from([1, 2, 3, 0])))).toBe('illegal_buffer');
    expect(cryptoCode(() => unpad32(Buffer.from([1, 2, 3, 33])))).toBe('illegal_buffer');
    expect(cryptoCode(() => unpad32(Buffer.from([1, 3, 2, 2, 3])))).toBe('illegal_buffer');
  });
});

describe('push documents keep every value as text', () => {
  it('quotes JSON numbers outside strings, so a MsgId beyond 2^53 keeps its digits', () => {
    const body = '{"ToUserName":"gh_1","FromUserName":"o1","CreateTime":1409735668,"MsgType":"text","Content":"MsgId 1 \\"2\\"","MsgId":6054768590064713728}';
    expect(JSON.parse(body).MsgId).toBe(6054768590064714000); // what a plain JSON.parse makes of it
    expect(parseDocument(body).fields).toEqual({
      ToUserName: 'gh_1', FromUserName: 'o1', CreateTime: '1409735668', MsgType: 'text', Content: 'MsgId 1 "2"', MsgId: '6054768590064713728',
    });
    expect(quoteJsonNumbers('{"a":12,"b":12345678901234567,"c":"9"}', 16)).toBe('{"a":12,"b":"12345678901234567","c":"9"}');
  });

  it('reads the four push types of the receive doc, and keys events by sender, time and event', () => {
    const push = (json: string) => toPush(parseDocument(json).fields);
    const base = '"ToUserName":"toUser","FromUserName":"fromUser","CreateTime":1482048670';
    expect(push(`{${base},"MsgType":"text","Content":"this is a test","MsgId":1234567890123456}`)).toMatchObject({ kind: 'text', content: 'this is a test', msgId: '1234567890123456' });
    expect(push(`{${base},"MsgType":"image","PicUrl":"this is a url","MediaId":"media_id","MsgId":1234567890123456}`)).toMatchObject({ kind: 'image', mediaId: 'media_id' });
    expect(push(`{${base},"MsgType":"miniprogrampage","MsgId":1234567890123456,"Title":"title","AppId":"appid","PagePath":"path","ThumbUrl":"","ThumbMediaId":""}`))
      .toMatchObject({ kind: 'miniprogrampage', title: 'title', pagePath: 'path', appId: 'appid' });
    const enter = push(`{${base},"MsgType":"event","Event":"user_enter_tempsession","SessionFrom":"sessionFrom"}`);
    expect(enter).toMatchObject({ kind: 'enter_session', sessionFrom: 'sessionFrom' });
    expect(pushKey(enter)).toBe('evt:fromUser:1482048670:user_enter_tempsession');
  });

  it('refuses what is not a push: broken JSON or XML, entities, missing sender', () => {
    expect(() => parseDocument('{"a":')).toThrow(/JSON/);
    expect(() => parseDocument('<xml><a></xml>')).toThrow(/XML/);
    expect(() => parseDocument('<!DOCTYPE x [<!ENTITY e "e">]><xml><a>&e;</a></xml>')).toThrow(/DOCTYPE/);
    expect(() => parseDocument('hello')).toThrow(/neither/);
    expect(() => toPush({ ToUserName: 'gh', CreateTime: '1', MsgType: 'text' })).toThrow(/FromUserName/);
  });
});
