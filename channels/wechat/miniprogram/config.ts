// Where the mini-program finds its server and which subscribe-message template it asks for: the one file to edit per deployment.

/** The mini-program's environment, as `wx.getAccountInfoSync().miniProgram.envVersion` names it. */
export type EnvVersion = 'develop' | 'trial' | 'release';

/** Settings of one deployment. */
export interface MiniConfig {
  /** Base URL of the TourDesk server (its PUBLIC_URL); must be a domain listed under 服务器域名 for trial and release. */
  apiBase: string;
  /** Subscribe-message template id of the booking confirmation notice; '' asks for none. */
  confirmationTemplateId: string;
  /** Per-request timeout, milliseconds. */
  requestTimeoutMs: number;
  /** UTC offset of the hotels' time zone (TZ_HOTELS; Asia/Shanghai has no daylight saving), minutes. */
  hotelUtcOffsetMinutes: number;
}

const shared = { confirmationTemplateId: '', requestTimeoutMs: 10_000, hotelUtcOffsetMinutes: 480 };

/** One setting per environment: DevTools talks to a local server (with 不校验合法域名 ticked). */
export const CONFIGS: Record<EnvVersion, MiniConfig> = {
  develop: { ...shared, apiBase: 'http://localhost:3000' },
  trial: { ...shared, apiBase: 'https://tourdesk.example.com' },
  release: { ...shared, apiBase: 'https://tourdesk.example.com' },
};

/**
 * The settings for `env` (release when unknown), without a trailing slash on the base.
 * @example configFor('develop').apiBase // 'http://localhost:3000'
 */
export function configFor(env: string | undefined): MiniConfig {
  const c = env === 'develop' || env === 'trial' ? CONFIGS[env] : CONFIGS.release;
  return { ...c, apiBase: c.apiBase.replace(/\/+$/, '') };
}
