import type { SharedCache } from './shared-cache';
import { InProcessCache } from './in-process-cache';
import { RedisCache } from './redis-cache';
import { ResilientCache } from './resilient-cache';

export interface SharedCacheOptions {
  /** null: memory only. */
  redisUrl: string | null;
  redisCluster?: boolean;
  keyPrefix?: string;
  commandTimeoutMs?: number;
  maxEntries?: number;
}

/** Redis with memory behind it when a URL is given, memory alone otherwise. */
export function openSharedCache(options: SharedCacheOptions): SharedCache {
  const local = new InProcessCache({ maxEntries: options.maxEntries });
  if (!options.redisUrl) return local;
  const remote = new RedisCache({ url: options.redisUrl, cluster: options.redisCluster, keyPrefix: options.keyPrefix, commandTimeoutMs: options.commandTimeoutMs });
  return new ResilientCache(remote, local);
}

function flag(value: string | undefined): boolean {
  return ['1', 'true', 'on', 'yes'].includes((value ?? '').trim().toLowerCase());
}

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name} must be a positive integer, got "${value}"`);
  return n;
}

/**
 * REDIS_URL set: Redis (REDIS_CLUSTER=true or a redis+cluster:// URL for a cluster) with memory
 * behind it; unset: memory only. CACHE_MAX_ENTRIES bounds memory, REDIS_COMMAND_TIMEOUT_MS the wait
 * for one command, CACHE_KEY_PREFIX namespaces the keys.
 */
export function cacheFromEnv(env: NodeJS.ProcessEnv = process.env): SharedCache {
  return openSharedCache({
    redisUrl: env.REDIS_URL?.trim() || null,
    redisCluster: flag(env.REDIS_CLUSTER),
    keyPrefix: env.CACHE_KEY_PREFIX ?? 'yrd:',
    commandTimeoutMs: positiveInt(env.REDIS_COMMAND_TIMEOUT_MS, 250, 'REDIS_COMMAND_TIMEOUT_MS'),
    maxEntries: positiveInt(env.CACHE_MAX_ENTRIES, 10_000, 'CACHE_MAX_ENTRIES'),
  });
}
