// Every environment variable of the outside contract, read once through one zod schema.
import { z } from 'zod';

const emptyAsUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const optionalUrl = (schemes: string[]) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine((s) => URL.canParse(s) && schemes.includes(new URL(s).protocol), {
        message: `must be a URL starting with ${schemes.map((s) => `${s}//`).join(' or ')}`,
      })
      .optional(),
  );
const flag = z.preprocess(emptyAsUndefined, z.enum(['0', '1', 'true', 'false']).optional());

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const schema = z
  .object({
    PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
    PUBLIC_URL: optionalUrl(['http:', 'https:']),
    DATABASE_URL: optionalUrl(['postgres:', 'postgresql:']),
    DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('./.data')),
    REDIS_URL: optionalUrl(['redis:', 'rediss:']),
    LLM_BASE_URL: optionalUrl(['http:', 'https:']),
    LLM_API_KEY: optionalString,
    LLM_MODEL: optionalString,
    APP_API_KEY: z.preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
    WECHAT_APPID: optionalString,
    WECHAT_SECRET: optionalString,
    WECHAT_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(3).max(32).optional()),
    WECHAT_AES_KEY: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9]{43}$/, 'must be the 43-character EncodingAESKey (letters and digits)')
        .optional(),
    ),
    WECHAT_API_BASE: z.preprocess(
      emptyAsUndefined,
      z.string().url('must be a URL').default('https://api.weixin.qq.com'),
    ),
    DATA_KEY: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .refine((s) => /^[A-Za-z0-9+/]+={0,2}$/.test(s) && Buffer.from(s, 'base64').length === 32, {
          message: 'must be 32 bytes in base64 (try: openssl rand -base64 32)',
        })
        .optional(),
    ),
    ADMIN_EMAIL: z.preprocess(emptyAsUndefined, z.string().email().optional()),
    ADMIN_PASSWORD: z.preprocess(emptyAsUndefined, z.string().min(8, 'must be at least 8 characters').optional()),
    SEED_DEMO: flag,
    TZ_HOTELS: z.preprocess(
      emptyAsUndefined,
      z.string().refine(isTimeZone, { message: 'must be an IANA time zone such as Asia/Shanghai' }).default('Asia/Shanghai'),
    ),
    LOG_LEVEL: z.preprocess(
      emptyAsUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    DATABASE_POOL_MAX: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(1000).default(20)),
    SHUTDOWN_GRACE_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(600_000).default(10_000)),
    TRUST_PROXY: z.preprocess(emptyAsUndefined, z.string().max(500).default('loopback')),
    REDIS_PREFIX: z.preprocess(emptyAsUndefined, z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, _ . -').default('tourdesk')),
    RATE_LIMIT_IP_PER_MINUTE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(10_000_000).default(1200)),
    RATE_LIMIT_TRAVELLER_PER_MINUTE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(1_000_000).default(30)),
    METRICS_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  })
  .superRefine((env, ctx) => {
    if (env.DATABASE_URL && !env.DATA_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATA_KEY'],
        message: 'is required with DATABASE_URL (32 bytes in base64; try: openssl rand -base64 32)',
      });
    }
    if (env.ADMIN_EMAIL && !env.ADMIN_PASSWORD) {
      ctx.addIssue({ code: 'custom', path: ['ADMIN_PASSWORD'], message: 'is required with ADMIN_EMAIL' });
    }
    const wechat = ['WECHAT_APPID', 'WECHAT_SECRET', 'WECHAT_TOKEN'] as const;
    const set = wechat.filter((k) => env[k]);
    if (set.length > 0 && set.length < wechat.length) {
      for (const k of wechat.filter((k) => !env[k])) {
        ctx.addIssue({ code: 'custom', path: [k], message: `is required when ${set.join(', ')} is set` });
      }
    }
  });

/** The application's configuration, derived from the environment. */
export interface Config {
  port: number;
  publicUrl: string | undefined;
  databaseUrl: string | undefined;
  dataDir: string;
  redisUrl: string | undefined;
  llm: { baseUrl: string; apiKey: string | undefined; model: string } | undefined;
  appApiKey: string | undefined;
  wechat:
    | { appId: string; secret: string; token: string; aesKey: string | undefined; apiBase: string }
    | undefined;
  wechatApiBase: string;
  /** Base64 key for data at rest; undefined means "generate and keep one under dataDir" (embedded only). */
  dataKey: string | undefined;
  admin: { email: string; password: string } | undefined;
  seedDemo: boolean;
  hotelTimeZone: string;
  logLevel: string;
  /** Connections of this process's PostgreSQL pool (DATABASE_POOL_MAX, default 20). */
  databasePoolMax: number;
  /** How long a stop waits for running requests, turns and jobs before handing them back (SHUTDOWN_GRACE_MS). */
  shutdownGraceMs: number;
  /**
   * Which proxies' X-Forwarded-For is believed for the client's address (TRUST_PROXY, express's `trust proxy`):
   * `loopback` (default), a list such as `loopback, uniquelocal` or `10.0.0.0/8`, or a number of hops.
   */
  trustProxy: string | number;
  /** Namespace of this deployment's Redis keys and channels (REDIS_PREFIX, default `tourdesk`). */
  redisPrefix: string;
  /** Requests per IP and messages per traveller a minute (RATE_LIMIT_*_PER_MINUTE; 0 = off). */
  rateLimits: { ipPerMinute: number; travellerPerMinute: number };
  /** When set, `GET /metrics` needs `Authorization: Bearer` it (METRICS_TOKEN). */
  metricsToken: string | undefined;
}

/** Thrown by {@link loadConfig}: one line per bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the environment.
 * @example const config = loadConfig(process.env);
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0] ?? 'environment');
        const value = env[name];
        const shown = value === undefined || /KEY|SECRET|PASSWORD|TOKEN/.test(name) ? '' : ` (got "${value}")`;
        return `${name} ${i.message}${shown}`;
      }),
    );
  }
  const e = parsed.data;
  const seedDefault = e.DATABASE_URL ? false : true;
  return {
    port: e.PORT,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    redisUrl: e.REDIS_URL,
    llm: e.LLM_BASE_URL ? { baseUrl: e.LLM_BASE_URL, apiKey: e.LLM_API_KEY, model: e.LLM_MODEL ?? 'gpt-4o-mini' } : undefined,
    appApiKey: e.APP_API_KEY,
    wechat:
      e.WECHAT_APPID && e.WECHAT_SECRET && e.WECHAT_TOKEN
        ? {
            appId: e.WECHAT_APPID,
            secret: e.WECHAT_SECRET,
            token: e.WECHAT_TOKEN,
            aesKey: e.WECHAT_AES_KEY,
            apiBase: e.WECHAT_API_BASE.replace(/\/+$/, ''),
          }
        : undefined,
    wechatApiBase: e.WECHAT_API_BASE.replace(/\/+$/, ''),
    dataKey: e.DATA_KEY,
    admin: e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD } : undefined,
    seedDemo: e.SEED_DEMO === undefined ? seedDefault : e.SEED_DEMO === '1' || e.SEED_DEMO === 'true',
    hotelTimeZone: e.TZ_HOTELS,
    logLevel: e.LOG_LEVEL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    redisPrefix: e.REDIS_PREFIX,
    trustProxy: /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY,
    rateLimits: { ipPerMinute: e.RATE_LIMIT_IP_PER_MINUTE, travellerPerMinute: e.RATE_LIMIT_TRAVELLER_PER_MINUTE },
    metricsToken: e.METRICS_TOKEN,
  };
}

/**
 * {@link loadConfig} for commands: a bad environment prints its problems and ends the process with `exitCode`.
 * @example const config = loadConfigOrExit(process.env);
 */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env, exitCode = 1): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(exitCode);
  }
}
