import { flag, integer, optionalText, textKeepingEmpty } from './variable';

/** Redis and the in-memory caches behind it, shared by the gateway and the province subgraphs. */
export const CACHE_VARIABLES = {
  REDIS_URL: optionalText({
    type: 'URL',
    defaultText: 'unset',
    description:
      'Redis (`redis://`, `rediss://`, `redis+cluster://h1:p1,h2:p2`) for the registry, the access log, the legacy-answer cache, persisted queries, webhooks, events and the mutual-aid journal; unset: local files and in-process caches',
  }),
  REDIS_CLUSTER: flag({ default: false, description: '`REDIS_URL` is a Redis Cluster seed, or several comma-separated (`redis://h1:p1,h2:p2`; so is a `redis+cluster://` URL), for every store' }),
  REDIS_COMMAND_TIMEOUT_MS: integer({ default: 250, min: 1, unit: 'ms', description: 'a Redis command slower than this is given up and memory serves' }),
  CACHE_KEY_PREFIX: textKeepingEmpty({ default: 'yrd:', description: 'namespaces the cache keys of one deployment' }),
  CACHE_MAX_ENTRIES: integer({ default: 10_000, min: 1, description: 'the in-memory LRU bound' }),
} as const;
