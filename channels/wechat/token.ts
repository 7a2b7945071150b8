// The access token: cached (Redis across instances, else memory), one refresher at a time, refreshed before expiry.
import type { ConversationLock } from '../../src/bot/lock/index.ts';
import type { Clock } from '../../src/clock.ts';
import type { SharedStore } from './store.ts';

/** A token as `stable_token` issues it. */
export interface IssuedToken {
  token: string;
  expiresInS: number;
}

/** Options of {@link AccessTokens}. */
export interface AccessTokenOptions {
  appId: string;
  /** Asks WeChat for a token (`POST /cgi-bin/stable_token`). */
  issue: () => Promise<IssuedToken>;
  store: SharedStore;
  /** One refresher across instances: the Redis lock when REDIS_URL is set. */
  lock: Pick<ConversationLock, 'run'>;
  clock: Clock;
  /** Refresh this long before the token expires; default 5 minutes (WeChat's own overlap). */
  refreshBeforeMs?: number;
  /** Trust this process's copy this long before reading the shared one again; default 60 s. */
  memoryMs?: number;
}

interface Cached {
  token: string;
  /** Epoch milliseconds, on the injected clock. */
  expiresAt: number;
}

/**
 * The current access token of one AppID. Concurrent callers on a cold cache share one request; across
 * instances a lock lets one refresh while the others wait and then read what it stored (WECHAT.md §3).
 * @example const token = await tokens.get(); … on 40001: await tokens.invalidate(token); await tokens.get();
 */
export class AccessTokens {
  readonly #o: Required<AccessTokenOptions>;
  #memory: (Cached & { readAt: number }) | undefined;
  #loading: Promise<string> | undefined;
  /** A token WeChat called invalid: never handed out again, even while a cache still holds it. */
  #rejected: string | undefined;

  constructor(options: AccessTokenOptions) {
    this.#o = { ...options, refreshBeforeMs: options.refreshBeforeMs ?? 5 * 60_000, memoryMs: options.memoryMs ?? 60_000 };
  }

  get #key(): string {
    return `token:${this.#o.appId}`;
  }

  #now(): number {
    return this.#o.clock.now().getTime();
  }

  #usable(c: Cached | undefined, now: number): c is Cached {
    return !!c && c.token !== this.#rejected && c.expiresAt - this.#o.refreshBeforeMs > now;
  }

  /** The token to call the API with. */
  get(): Promise<string> {
    const now = this.#now();
    const m = this.#memory;
    if (this.#usable(m, now) && now - m.readAt < this.#o.memoryMs) return Promise.resolve(m.token);
    this.#loading ??= this.#load().finally(() => {
      this.#loading = undefined;
    });
    return this.#loading;
  }

  /** Forgets `stale` after WeChat refused it (40001/42001); a newer token someone else stored is kept. */
  async invalidate(stale: string): Promise<void> {
    this.#rejected = stale;
    if (this.#memory?.token === stale) this.#memory = undefined;
    const raw = await this.#o.store.get(this.#key);
    if (raw && parse(raw)?.token === stale) await this.#o.store.deleteIf(this.#key, raw);
  }

  async #read(): Promise<Cached | undefined> {
    const raw = await this.#o.store.get(this.#key);
    return raw ? parse(raw) : undefined;
  }

  #remember(c: Cached): string {
    this.#memory = { ...c, readAt: this.#now() };
    return c.token;
  }

  async #load(): Promise<string> {
    const shared = await this.#read();
    if (this.#usable(shared, this.#now())) return this.#remember(shared);
    return this.#o.lock.run(`wechat-token:${this.#o.appId}`, async () => {
      // Whoever held the lock before us may have stored a fresh token already.
      const again = await this.#read();
      if (this.#usable(again, this.#now())) return this.#remember(again);
      const issued = await this.#o.issue();
      const cached: Cached = { token: issued.token, expiresAt: this.#now() + issued.expiresInS * 1000 };
      this.#rejected = undefined;
      await this.#o.store.set(this.#key, JSON.stringify(cached), issued.expiresInS * 1000);
      return this.#remember(cached);
    });
  }
}

function parse(raw: string): Cached | undefined {
  try {
    const c = JSON.parse(raw) as Partial<Cached>;
    return typeof c.token === 'string' && typeof c.expiresAt === 'number' ? { token: c.token, expiresAt: c.expiresAt } : undefined;
  } catch {
    return undefined;
  }
}
