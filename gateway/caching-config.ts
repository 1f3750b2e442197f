/** The gateway's caching and de-duplication settings (see cachingConfigFromEnv). */
export interface GatewayCaching {
  /** REDIS_URL: persisted queries shared through Redis; null keeps them in memory. */
  redisUrl: string | null;
  /** REDIS_CLUSTER=true (or a redis+cluster:// URL): REDIS_URL is a Redis Cluster seed. */
  redisCluster: boolean;
  /** REDIS_COMMAND_TIMEOUT_MS: a Redis command slower than this is given up and memory serves. */
  redisCommandTimeoutMs: number;
  /** CACHE_KEY_PREFIX: namespaces the keys of one deployment. */
  keyPrefix: string;
  /** CACHE_MAX_ENTRIES: the in-memory cache's bound. */
  maxEntries: number;
  /** APQ_TTL_SECONDS: how long a registered persisted query is kept. */
  apqTtlSeconds: number;
  /** PLAN_CACHE_MAX_MB: the query plan cache's approximate bound. */
  planCacheMaxBytes: number;
  /** SUBGRAPH_DEDUP: share identical in-flight subgraph and shard fetches. */
  subgraphDedup: boolean;
  /** RESPONSE_CACHE_MAX_MB: the bound on whole answers kept while they hold; 0 turns the response cache off. */
  responseCacheMaxBytes: number;
}

function int(value: string | undefined, fallback: number, name: string, min = 0): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}, got "${value}"`);
  return n;
}

function bool(value: string | undefined, fallback: boolean, name: string): boolean {
  if (value === undefined || value === '') return fallback;
  if (['true', '1', 'on', 'yes'].includes(value.toLowerCase())) return true;
  if (['false', '0', 'off', 'no'].includes(value.toLowerCase())) return false;
  throw new Error(`${name} must be true or false, got "${value}"`);
}

export function cachingConfigFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayCaching {
  return {
    redisUrl: env.REDIS_URL?.trim() || null,
    redisCluster: bool(env.REDIS_CLUSTER, false, 'REDIS_CLUSTER'),
    redisCommandTimeoutMs: int(env.REDIS_COMMAND_TIMEOUT_MS, 250, 'REDIS_COMMAND_TIMEOUT_MS', 1),
    keyPrefix: env.CACHE_KEY_PREFIX ?? 'yrd:',
    maxEntries: int(env.CACHE_MAX_ENTRIES, 10_000, 'CACHE_MAX_ENTRIES', 1),
    apqTtlSeconds: int(env.APQ_TTL_SECONDS, 86_400, 'APQ_TTL_SECONDS', 1),
    planCacheMaxBytes: int(env.PLAN_CACHE_MAX_MB, 30, 'PLAN_CACHE_MAX_MB', 1) * 1024 * 1024,
    subgraphDedup: bool(env.SUBGRAPH_DEDUP, true, 'SUBGRAPH_DEDUP'),
    responseCacheMaxBytes: int(env.RESPONSE_CACHE_MAX_MB, 32, 'RESPONSE_CACHE_MAX_MB') * 1024 * 1024,
  };
}
