// The channel's shared state (the access token, marks of sent replies): Redis across instances, else this process.
import { Redis } from 'ioredis';

/** A small key-value store with expiry. Keys are namespaced by the store's prefix. */
export interface SharedStore {
  readonly driver: 'memory' | 'redis';
  get(key: string): Promise<string | null>;
  /** Sets `key` to `value` for `ttlMs` milliseconds. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Deletes `key` only while it still holds `value` (so a newer value someone else wrote survives). */
  deleteIf(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link createSharedStore}. */
export interface SharedStoreOptions {
  /** Set: Redis, shared by every instance with the same prefix. Unset: this process only. */
  redisUrl?: string;
  /** Namespace of every key; default `tourdesk`. */
  prefix?: string;
  /** Told about Redis connection trouble; must not throw. */
  onError?: (err: unknown) => void;
}

const DELETE_IF = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * The store for this configuration.
 * @example const store = createSharedStore({ redisUrl: config.redisUrl }); await store.set('k', 'v', 60_000);
 */
export function createSharedStore(options: SharedStoreOptions = {}): SharedStore {
  const prefix = `${options.prefix ?? 'tourdesk'}:wechat:`;
  return options.redisUrl ? redisStore(options.redisUrl, prefix, options.onError) : memoryStore(prefix);
}

function memoryStore(prefix: string): SharedStore {
  const entries = new Map<string, { value: string; until: number }>();
  const live = (key: string) => {
    const e = entries.get(prefix + key);
    if (e && e.until <= Date.now()) entries.delete(prefix + key);
    return e && e.until > Date.now() ? e : undefined;
  };
  return {
    driver: 'memory',
    async get(key) {
      return live(key)?.value ?? null;
    },
    async set(key, value, ttlMs) {
      entries.set(prefix + key, { value, until: Date.now() + Math.max(1, ttlMs) });
      // Sent-message marks accumulate: drop the expired ones now and then rather than on a timer.
      if (entries.size % 1024 === 0) for (const [k, e] of entries) if (e.until <= Date.now()) entries.delete(k);
    },
    async deleteIf(key, value) {
      if (live(key)?.value === value) entries.delete(prefix + key);
    },
    async close() {
      entries.clear();
    },
  };
}

function redisStore(url: string, prefix: string, onError?: (err: unknown) => void): SharedStore {
  // A command fails after a few reconnects, so a send fails (and its job retries) instead of hanging.
  const client = new Redis(url, { maxRetriesPerRequest: 3, keyPrefix: prefix });
  client.on('error', (err) => {
    try {
      onError?.(err);
    } catch {
      // A broken reporter must not take the process down.
    }
  });
  let closing: Promise<void> | undefined;
  return {
    driver: 'redis',
    get: (key) => client.get(key),
    async set(key, value, ttlMs) {
      await client.set(key, value, 'PX', Math.max(1, Math.round(ttlMs)));
    },
    async deleteIf(key, value) {
      await client.eval(DELETE_IF, 1, key, value);
    },
    close() {
      closing ??= client.status === 'ready' ? client.quit().then(() => undefined, () => client.disconnect()) : Promise.resolve(client.disconnect());
      return closing;
    },
  };
}
