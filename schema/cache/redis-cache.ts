import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { Cluster } from 'ioredis';
import type { CacheBackendState, SharedCache } from './shared-cache';
import { withDeadline } from '../with-deadline';
import { connectRedis, parseRedisUrl, type RedisConnectionOptions } from './redis-connection';

export interface RedisCacheOptions extends RedisConnectionOptions {
  url: string;
  /** Treat a plain redis:// URL as a cluster seed (REDIS_CLUSTER=true). */
  cluster?: boolean;
  /** Put before every key, so that several deployments can share one Redis. Default "yrd:". */
  keyPrefix?: string;
}

/** The code of the error a cache command Redis did not answer in time fails with: the caller serves without Redis. */
export const CACHE_DEADLINE = 'CACHE_DEADLINE';

const RELEASE_IF_HELD = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const EXTEND_IF_HELD = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

/**
 * Values as JSON in Redis (one server or a cluster), with PX expiry. Every operation fails fast
 * when Redis is down or slow; `state` follows the connection and `reconnects` counts the times it
 * came back. The deadline is the cache's own: during a cluster failover ioredis holds a command
 * for the failed master's slots, past its per-node commandTimeout, until the replica is promoted.
 */
export class RedisCache implements SharedCache {
  private readonly client: Redis | Cluster;
  private readonly prefix: string;
  private readonly deadlineMs: number;
  private readonly listeners = new Set<(state: CacheBackendState) => void>();
  private everReady = false;
  private current: CacheBackendState = 'down';
  /** Times the connection became ready again after being lost. */
  reconnects = 0;
  /** Commands that failed or timed out. */
  errors = 0;

  constructor(options: RedisCacheOptions) {
    this.prefix = options.keyPrefix ?? 'yrd:';
    this.deadlineMs = options.commandTimeoutMs ?? 250;
    this.client = connectRedis(parseRedisUrl(options.url, options.cluster), options);
    this.client.on('error', () => undefined);
    this.client.on('ready', () => {
      if (this.everReady) this.reconnects += 1;
      this.everReady = true;
      this.setState('up');
    });
    for (const event of ['close', 'end', 'reconnecting']) this.client.on(event, () => this.setState('down'));
  }

  get state(): CacheBackendState {
    return this.current;
  }

  /** Whether the client has been ready once (on a cluster: it has read the slot map). */
  get connectedOnce(): boolean {
    return this.everReady;
  }

  /** Called with the new state each time it changes. */
  onStateChange(listener: (state: CacheBackendState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once Redis answers, or after `timeoutMs` either way. */
  async ready(timeoutMs = 2000): Promise<boolean> {
    if (this.current === 'up') return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        off();
        resolve(false);
      }, timeoutMs);
      const off = this.onStateChange((state) => {
        if (state !== 'up') return;
        clearTimeout(timer);
        off();
        resolve(true);
      });
    });
  }

  async get<T>(key: string): Promise<T | undefined> {
    const raw = await this.run(() => this.client.get(this.prefix + key));
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }

  async getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
    // One GET per key rather than MGET: keys of one call may live in different cluster slots; auto-pipelining batches them.
    return Promise.all(keys.map((k) => this.get<T>(k)));
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<boolean> {
    if (value === undefined) return false;
    await this.run(() => this.client.set(this.prefix + key, JSON.stringify(value), 'PX', Math.max(1, Math.round(ttlMs))));
    return true;
  }

  async delete(key: string): Promise<void> {
    await this.run(() => this.client.del(this.prefix + key));
  }

  async lease(key: string, ttlMs: number, token: string = randomUUID()): Promise<string | null> {
    const taken = await this.run(() => this.client.set(this.prefix + key, token, 'PX', Math.max(1, Math.round(ttlMs)), 'NX'));
    return taken === 'OK' ? token : null;
  }

  async renew(key: string, token: string, ttlMs: number): Promise<boolean> {
    const extended = await this.run(() => this.client.eval(EXTEND_IF_HELD, 1, this.prefix + key, token, String(Math.max(1, Math.round(ttlMs)))));
    return extended === 1;
  }

  async release(key: string, token: string): Promise<boolean> {
    await this.run(() => this.client.eval(RELEASE_IF_HELD, 1, this.prefix + key, token));
    return true;
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.client.disconnect();
  }

  private async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await withDeadline(command(), this.deadlineMs, CACHE_DEADLINE);
    } catch (e) {
      this.errors += 1;
      throw e;
    }
  }

  private setState(state: CacheBackendState): void {
    if (state === this.current) return;
    this.current = state;
    for (const listener of [...this.listeners]) listener(state);
  }
}
