import type { Cluster, default as Redis } from 'ioredis';
import { connectRedis, parseRedisUrl, storePrefix } from '../../schema/cache/redis-connection';
import { startRedisCluster } from './redis-cluster';
import { startRedisServer } from './redis-server';

/** What a store test needs of Redis: the URL REDIS_URL would hold, and a way to stop it. */
export interface RedisBackend {
  readonly url: string;
  stop(): Promise<void>;
}

/** Each Redis-backed store's behaviour tests run on one node and on a real three-master cluster. */
export const REDIS_BACKENDS: readonly [string, () => Promise<RedisBackend>][] = [
  ['one Redis node', () => startRedisServer()],
  ['a Redis Cluster', startRedisCluster],
];

/** A client for a test to look at (or tamper with) what a store wrote, on either kind of Redis. */
export function adminClient(url: string): Redis | Cluster {
  return connectRedis(parseRedisUrl(url), { offlineQueue: true, commandTimeoutMs: 5000 });
}

/** The name a store gives its key `name` under `prefix` on this Redis (a hash tag on a cluster). */
export function storeKey(url: string, prefix: string, name: string): string {
  return storePrefix(prefix, parseRedisUrl(url)) + name;
}

/** KEYS `pattern` on every node REDIS_URL names (each master of a cluster holds its own slots). */
export async function keysMatching(url: string, pattern: string): Promise<string[]> {
  const lists = await Promise.all(
    parseRedisUrl(url).nodes.map(async ({ host, port }) => {
      const node = connectRedis({ cluster: false, tls: false, nodes: [{ host, port }] }, { offlineQueue: true, commandTimeoutMs: 5000 });
      try {
        return await node.keys(pattern);
      } finally {
        node.disconnect();
      }
    }),
  );
  return lists.flat();
}
