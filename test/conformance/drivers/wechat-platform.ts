// What the WeChat drivers share: a fake WeChat API for one suite run, the channel's environment pointing at it, cleanup.
import { randomBytes, randomInt } from 'node:crypto';
import { Redis } from 'ioredis';
import { startFakeWechat, type FakeWechat } from '../../support/fake-wechat.ts';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** The fake platform and the credentials the channel is configured with. */
export interface WechatPlatform {
  wx: FakeWechat;
  appId: string;
  /** The push Token of the mini-program admin (signatures). */
  token: string;
  /** The 43-character EncodingAESKey (safe mode). */
  encodingAesKey: string;
  /** WECHAT_* for the app, and REDIS_URL when set: the token cache, its lock and sent marks then live in Redis. */
  env: Record<string, string>;
  /** Throws when the fake saw a call a real WeChat would reject since the last check. */
  assertWellFormed(): void;
  close(): Promise<void>;
}

/**
 * A fake WeChat API server with a fresh AppID, secret, Token and EncodingAESKey.
 * @example const p = await startWechatPlatform(); … p.assertWellFormed(); … await p.close();
 */
export async function startWechatPlatform(): Promise<WechatPlatform> {
  const appId = `wx${randomBytes(8).toString('hex')}`;
  const secret = randomBytes(16).toString('hex');
  const token = `conformance${randomBytes(4).toString('hex')}`;
  const encodingAesKey = Array.from({ length: 43 }, () => ALNUM[randomInt(ALNUM.length)]).join('');
  const wx = await startFakeWechat({ appId, secret });
  const redisUrl = process.env.REDIS_URL;
  let seen = 0;
  return {
    wx, appId, token, encodingAesKey,
    env: {
      WECHAT_APPID: appId, WECHAT_SECRET: secret, WECHAT_TOKEN: token, WECHAT_AES_KEY: encodingAesKey, WECHAT_API_BASE: wx.url,
      ...(redisUrl && { REDIS_URL: redisUrl }),
    },
    assertWellFormed() {
      const fresh = wx.problems.slice(seen);
      seen = wx.problems.length;
      if (fresh.length) throw new Error(`the fake WeChat API refused what we sent:\n  ${fresh.join('\n  ')}`);
    },
    async close() {
      await wx.close();
      if (redisUrl) {
        // This run's token cache and sent-message marks: every key names its random AppID.
        const redis = new Redis(redisUrl);
        const keys = await redis.keys(`*:wechat:*${appId}*`);
        if (keys.length) await redis.del(...keys);
        await redis.quit();
      }
    },
  };
}
