// WeChat message pushes as WeChat sends them (plaintext JSON, signed, a 64-bit MsgId) to a running instance over HTTP.
import { randomBytes, randomInt } from 'node:crypto';
import { wechatSignature } from '../../channels/wechat/signature.ts';

/** One text push. */
export interface TextPush {
  openid: string;
  content: string;
  /** Default: the next id of this pusher. */
  msgId?: string;
}

/** What the instance answered. */
export interface PushAnswer {
  status: number;
  text: string;
  msgId: string;
}

/**
 * Signs and sends text pushes with the mini-program's `WECHAT_TOKEN`, as WeChat's servers do (retries of a push
 * reuse its MsgId).
 * @example
 * const wx = wechatPusher('tourdesk-push-token');
 * const a = await wx.push(instance.url, { openid: 'oAbc', content: '你好' }); // a.text === 'success'
 */
export function wechatPusher(token: string) {
  let last = 6054768590064713728n + BigInt(randomInt(1e9)) * 1000n; // beyond 2^53, as real MsgIds are
  return {
    nextMsgId: () => String(++last),
    async push(baseUrl: string, p: TextPush): Promise<PushAnswer> {
      const msgId = p.msgId ?? String(++last);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = String(randomInt(1e9));
      const query = new URLSearchParams({ signature: wechatSignature(token, timestamp, nonce), timestamp, nonce });
      const body = `{"ToUserName":"gh_97417a04a28d","FromUserName":${JSON.stringify(p.openid)},"CreateTime":${timestamp},"MsgType":"text","Content":${JSON.stringify(p.content)},"MsgId":${msgId}}`;
      const res = await fetch(`${baseUrl}/v1/wechat/callback?${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      return { status: res.status, text: await res.text(), msgId };
    },
  };
}

/** A random openid. */
export const anOpenid = (): string => `o${randomBytes(12).toString('base64url')}`;
