import type { CacheBackendState, SharedCache } from './shared-cache';
import type { KeyRead } from './key-read';
import { InProcessCache } from './in-process-cache';
import type { RedisCache } from './redis-cache';

/**
 * Redis when it answers, this process's memory when it does not: every value is written to both,
 * read from Redis first, and from memory when Redis fails, is down, or has lost the key (a restarted
 * Redis is empty). It never throws for Redis's sake, so Redis is never a single point of failure.
 */
export class ResilientCache implements SharedCache {
  /** Reads and writes that Redis could not serve and memory did instead. */
  fallbacks = 0;

  constructor(
    readonly remote: RedisCache,
    readonly local: SharedCache = new InProcessCache(),
  ) {}

  get state(): CacheBackendState {
    return this.remote.state;
  }

  async get<T>(key: string): Promise<T | undefined> {
    if (this.remote.state === 'up') {
      try {
        const value = await this.remote.get<T>(key);
        if (value !== undefined) return value;
      } catch {
        this.fallbacks += 1;
      }
    }
    return this.local.get<T>(key);
  }

  /**
   * As get, saying why there is no value: `missing` when Redis answered that it has no such key,
   * `unanswered` when it did not answer (past its deadline, or down); memory is read in both cases.
   */
  async read<T>(key: string): Promise<KeyRead<T>> {
    let answered = false;
    if (this.remote.state === 'up') {
      try {
        const value = await this.remote.get<T>(key);
        if (value !== undefined) return { state: 'found', value };
        answered = true;
      } catch {
        this.fallbacks += 1;
      }
    }
    const value = await this.local.get<T>(key);
    if (value !== undefined) return { state: 'found', value };
    return answered ? { state: 'missing' } : { state: 'unanswered' };
  }

  async getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
    let remote: (T | undefined)[] = keys.map(() => undefined);
    if (this.remote.state === 'up') {
      try {
        remote = await this.remote.getMany<T>(keys);
      } catch {
        this.fallbacks += 1;
      }
    }
    const missing = keys.filter((_, i) => remote[i] === undefined);
    if (missing.length === 0) return remote;
    const local = await this.local.getMany<T>(missing);
    let j = 0;
    return remote.map((v) => (v !== undefined ? v : local[j++]));
  }

  /** True only when Redis accepted the value (within the command deadline); memory keeps it either way. */
  async set(key: string, value: unknown, ttlMs: number): Promise<boolean> {
    await this.local.set(key, value, ttlMs);
    if (this.remote.state !== 'up') return false;
    try {
      return await this.remote.set(key, value, ttlMs);
    } catch {
      this.fallbacks += 1;
      return false;
    }
  }

  async delete(key: string): Promise<void> {
    await this.local.delete(key);
    if (this.remote.state !== 'up') return;
    try {
      await this.remote.delete(key);
    } catch {
      this.fallbacks += 1;
    }
  }

  /** Redis's lease while Redis answers; this process's own otherwise (then each process may do the work once). */
  async lease(key: string, ttlMs: number, token?: string): Promise<string | null> {
    if (this.remote.state === 'up') {
      try {
        return await this.remote.lease(key, ttlMs, token);
      } catch {
        this.fallbacks += 1;
      }
    }
    return this.local.lease(key, ttlMs, token);
  }

  /** The lease is renewed where it was taken: Redis's while Redis answers, this process's otherwise; false only when the one that answered does not hold `token`. */
  async renew(key: string, token: string, ttlMs: number): Promise<boolean> {
    const local = await this.local.renew(key, token, ttlMs);
    if (local || this.remote.state !== 'up') return true;
    try {
      return await this.remote.renew(key, token, ttlMs);
    } catch {
      this.fallbacks += 1;
      return true;
    }
  }

  /** True only when Redis answered the release. */
  async release(key: string, token: string): Promise<boolean> {
    await this.local.release(key, token);
    if (this.remote.state !== 'up') return false;
    try {
      return await this.remote.release(key, token);
    } catch {
      this.fallbacks += 1;
      return false;
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.remote.close(), this.local.close()]);
  }
}
