export { legacyKey, type CacheBackendState, type LegacyCache } from './legacy-cache';
export { CACHE_KINDS, DEFAULT_CACHE_TTLS, type CacheKind, type CacheTtls } from './ttl';
export { ReadThrough, type CacheOutcome, type ReadResult, type ReadThroughOptions, type Stamped } from './read-through';
