// Rate limits per IP and per traveller: in Redis when REDIS_URL is set (shared by every instance), else in memory.
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** Options of {@link createRateLimits}. */
export interface RateLimitOptions {
  /** Requests per IP per window on public endpoints; 0 turns the limit off. */
  ipPerMinute: number;
  /** Messages (and bookings) per traveller per window; 0 turns the limit off. */
  travellerPerMinute: number;
  /** Set: counts live in Redis, shared by every instance with the same prefix. Unset: in this process. */
  redisUrl?: string;
  /** Namespace of the Redis keys; default `tourdesk`. */
  prefix?: string;
  /** Length of the window in seconds; default 60 (tests shorten it). */
  windowSeconds?: number;
  /** Told when Redis fails; the limits then count in memory until it is back. */
  onError?: (err: unknown) => void;
}

/** A limit's verdict: allowed, or refused with how long to wait. */
export type Verdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * The rate limits of one process.
 * @example
 * const limits = createRateLimits({ ipPerMinute: 1200, travellerPerMinute: 30, redisUrl });
 * const v = await limits.ip('203.0.113.9'); if (!v.allowed) res.set('Retry-After', …);
 */
export interface RateLimits {
  readonly ipPerMinute: number;
  readonly travellerPerMinute: number;
  /** Counts one request of `ip`. */
  ip(ip: string): Promise<Verdict>;
  /** Counts one message of traveller `key` (e.g. `app:u1`, `wechat:<openid>`). */
  traveller(key: string): Promise<Verdict>;
  /** Closes the Redis connection, if any. */
  close(): Promise<void>;
}

const allowed: Verdict = { allowed: true };

/**
 * The limits the options ask for. With Redis, a failing Redis never refuses or fails a request: an in-memory
 * limiter of the same size stands in (rate-limiter-flexible's insurance limiter).
 * @example const limits = createRateLimits({ ipPerMinute: 0, travellerPerMinute: 0 }); // both off
 */
export function createRateLimits(options: RateLimitOptions): RateLimits {
  const duration = options.windowSeconds ?? 60;
  const prefix = options.prefix ?? 'tourdesk';
  const needed = options.ipPerMinute > 0 || options.travellerPerMinute > 0;
  const client = needed && options.redisUrl
    ? new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false })
    : undefined;
  client?.on('error', (err) => options.onError?.(err));

  const limiter = (scope: string, points: number): RateLimiterAbstract | undefined => {
    if (points <= 0) return undefined;
    const keyPrefix = `${prefix}:rl:${scope}`;
    const memory = new RateLimiterMemory({ points, duration, keyPrefix });
    if (!client) return memory;
    return new RateLimiterRedis({ storeClient: client, points, duration, keyPrefix, insuranceLimiter: memory, rejectIfRedisNotReady: true });
  };
  const byIp = limiter('ip', options.ipPerMinute);
  const byTraveller = limiter('traveller', options.travellerPerMinute);

  const consume = async (l: RateLimiterAbstract | undefined, key: string): Promise<Verdict> => {
    if (!l) return allowed;
    try {
      await l.consume(key);
      return allowed;
    } catch (res) {
      if (res instanceof RateLimiterRes) return { allowed: false, retryAfterMs: Math.max(1, res.msBeforeNext) };
      // Neither Redis nor the insurance answered: never refuse a traveller for our own trouble.
      options.onError?.(res);
      return allowed;
    }
  };

  let closing: Promise<void> | undefined;
  return {
    ipPerMinute: options.ipPerMinute,
    travellerPerMinute: options.travellerPerMinute,
    ip: (ip) => consume(byIp, ip),
    traveller: (key) => consume(byTraveller, key),
    close() {
      closing ??= (async () => {
        if (!client) return;
        if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
        else client.disconnect();
      })();
      return closing;
    },
  };
}
