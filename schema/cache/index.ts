export type { CacheBackendState, SharedCache } from './shared-cache';
export { InProcessCache, type InProcessCacheOptions } from './in-process-cache';
export { RedisCache, type RedisCacheOptions } from './redis-cache';
export { ResilientCache } from './resilient-cache';
export { parseRedisUrl, connectRedis, connectRedisStore, redisUrlOf, storePrefix, RedisUrlError, type RedisTarget, type RedisConnectionOptions } from './redis-connection';
export { openSharedCache, type SharedCacheOptions } from './open-shared-cache';
