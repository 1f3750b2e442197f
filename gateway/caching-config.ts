/** The gateway's caching and de-duplication settings (declared in schema/config/gateway-variables.ts and cache-variables.ts). */
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
  /** DISTINCT_REPRESENTATIONS: an entity fetch carries each distinct representation once. */
  distinctRepresentations: boolean;
  /** RESPONSE_CACHE_MAX_MB: the bound on whole answers kept while they hold; 0 turns the response cache off. */
  responseCacheMaxBytes: number;
}
