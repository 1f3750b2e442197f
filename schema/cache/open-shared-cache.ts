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
