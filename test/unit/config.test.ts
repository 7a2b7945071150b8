// Configuration: defaults that run on a fresh machine, and one clear line per bad value.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('configuration', () => {
  it('needs nothing set: embedded database, port 3000, demo data, Shanghai time', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, databaseUrl: undefined, dataDir: './.data', seedDemo: true, hotelTimeZone: 'Asia/Shanghai', wechatApiBase: 'https://api.weixin.qq.com' });
    expect(c.llm).toBeUndefined();
  });

  it('does not seed demo data on a real database unless asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db', DATA_KEY: KEY }).seedDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db', DATA_KEY: KEY, SEED_DEMO: '1' }).seedDemo).toBe(true);
  });

  it('names every bad variable on its own line', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', TZ_HOTELS: 'Mars/Olympus', WECHAT_AES_KEY: 'short', DATA_KEY: 'bm9wZQ==' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const names = (err as ConfigError).problems.map((p) => p.split(' ')[0]);
      expect(names.sort()).toEqual(['DATABASE_URL', 'DATA_KEY', 'PORT', 'TZ_HOTELS', 'WECHAT_AES_KEY']);
      expect((err as ConfigError).message).toContain('TZ_HOTELS must be an IANA time zone');
    }
  });

  it('requires DATA_KEY with DATABASE_URL, and never prints secret values', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x@h/db' })).toThrow(/DATA_KEY is required with DATABASE_URL/);
    try {
      loadConfig({ DATA_KEY: 'super-secret-value' });
    } catch (err) {
      expect((err as Error).message).not.toContain('super-secret-value');
    }
  });

  it('wants the three WeChat credentials together', () => {
    expect(() => loadConfig({ WECHAT_APPID: 'wx123' })).toThrow(/WECHAT_SECRET is required/);
    const c = loadConfig({ WECHAT_APPID: 'wx1', WECHAT_SECRET: 's', WECHAT_TOKEN: 'AAAAA', WECHAT_API_BASE: 'http://127.0.0.1:9/' });
    expect(c.wechat).toMatchObject({ appId: 'wx1', apiBase: 'http://127.0.0.1:9' });
  });

  it('reads PORT=0 as "any free port"', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
  });
});
