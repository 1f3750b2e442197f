import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { CacheBackendState, SharedCache } from './shared-cache';

export interface InProcessCacheOptions {
  /** Entries kept before the least recently used go. Default 10 000. */
  maxEntries?: number;
}

interface Box {
  value: unknown;
}

/** A bounded LRU in this process; each entry expires after its own TTL. */
export class InProcessCache implements SharedCache {
  readonly state: CacheBackendState = 'memory';
  private readonly lru: LRUCache<string, Box>;
  private readonly leases = new Map<string, { token: string; until: number }>();

  constructor(options: InProcessCacheOptions = {}) {
    this.lru = new LRUCache<string, Box>({ max: options.maxEntries ?? 10_000, ttlAutopurge: false });
  }

  get size(): number {
    return this.lru.size;
  }

  async get<T>(key: string): Promise<T | undefined> {
    return this.lru.get(key)?.value as T | undefined;
  }

  async getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
    return keys.map((k) => this.lru.get(k)?.value as T | undefined);
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<boolean> {
    if (value === undefined) return false;
    this.lru.set(key, { value }, { ttl: Math.max(1, Math.round(ttlMs)) });
    return true;
  }

  async delete(key: string): Promise<void> {
    this.lru.delete(key);
  }

  async lease(key: string, ttlMs: number, token: string = randomUUID()): Promise<string | null> {
    const held = this.leases.get(key);
    if (held && held.until > Date.now()) return null;
    this.leases.set(key, { token, until: Date.now() + ttlMs });
    return token;
  }

  async renew(key: string, token: string, ttlMs: number): Promise<boolean> {
    const held = this.leases.get(key);
    if (held?.token !== token || held.until <= Date.now()) return false;
    held.until = Date.now() + ttlMs;
    return true;
  }

  async release(key: string, token: string): Promise<boolean> {
    if (this.leases.get(key)?.token === token) this.leases.delete(key);
    return true;
  }

  async close(): Promise<void> {
    this.lru.clear();
    this.leases.clear();
  }
}
