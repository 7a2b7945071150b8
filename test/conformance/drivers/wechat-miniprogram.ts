// The mini-program's own API under the conformance suite: `wx.login`'s code → POST /v1/wechat/login → POST /v1/wechat/messages.
import { randomBytes } from 'node:crypto';
import type { Reply } from '../../../src/bot/index.ts';
import { postJson } from '../../support/server.ts';
import type { ChannelDriver } from '../channel.case.ts';
import { startWechatPlatform, type WechatPlatform } from './wechat-platform.ts';

let platform: WechatPlatform | undefined;

/**
 * A traveller in the mini-program's chat page: signs in with a login code the fake jscode2session knows, then sends
 * what they type (or a tapped quick reply's value) with the Bearer token, as `utils/api.ts` does, and gets the
 * bot's rich Replies back (tiered hotel cards, quick replies).
 */
export const driver: ChannelDriver = {
  name: 'wechat mini-program (login + messages API)',
  channel: 'wechat',
  richCards: true,
  async env() {
    platform = await startWechatPlatform();
    return platform.env;
  },
  async start(h) {
    const p = platform!;
    const openid = `o${randomBytes(12).toString('base64url')}`;
    const code = `conformance-${randomBytes(6).toString('hex')}`;
    p.wx.registerCode(code, openid);
    const login = await postJson(`${h.url}/v1/wechat/login`, { code });
    if (login.status !== 200) throw new Error(`POST /v1/wechat/login answered ${login.status}: ${login.text}`);
    if (login.text.includes(p.wx.sessionKey)) throw new Error('the session_key reached the mini-program');
    p.assertWellFormed();
    const authorization = `Bearer ${String(login.body!.token)}`;
    return {
      async say(text, payload) {
        // The body the mini-program sends: its text, and a tapped quick reply's value as payload.
        const res = await postJson(`${h.url}/v1/wechat/messages`, payload === undefined ? { text } : { text, payload }, { authorization });
        if (res.status !== 200) throw new Error(`POST /v1/wechat/messages answered ${res.status}: ${res.text}`);
        p.assertWellFormed();
        return (res.body as { replies: Reply[] }).replies;
      },
    };
  },
  async stop() {
    await platform?.close();
    platform = undefined;
  },
};
