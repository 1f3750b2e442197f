import type { Cluster, default as Redis } from 'ioredis';
import { ioredis } from './ioredis';

/**
 * How REDIS_URL names Redis: `redis://[user:pass@]host:port[/db]` (or `rediss://` for TLS) is one
 * server; `redis+cluster://[user:pass@]h1:p1,h2:p2` (or `rediss+cluster://`) is a Redis Cluster
 * reached through any of the listed nodes, and so is a plain URL with REDIS_CLUSTER=true.
 */
export interface RedisTarget {
  cluster: boolean;
  tls: boolean;
  nodes: { host: string; port: number }[];
  username?: string;
  password?: string;
  db?: number;
}

export class RedisUrlError extends Error {
  readonly code = 'BAD_CONFIGURATION' as const;
  constructor(message: string) {
    super(message);
    this.name = 'RedisUrlError';
  }
}

export function parseRedisUrl(url: string, forceCluster = false): RedisTarget {
  const match = /^(rediss?)(\+cluster)?:\/\/(?:([^@/]*)@)?([^/?#]+)(?:\/(\d+))?\/?$/i.exec(url.trim());
  if (!match) throw new RedisUrlError('REDIS_URL must look like redis://host:port or redis+cluster://h1:p1,h2:p2');
  const [, scheme, clusterSuffix, auth, hosts, db] = match;
  const nodes = hosts.split(',').map((hostPort) => {
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostPort.trim());
    if (!m) throw new RedisUrlError(`REDIS_URL names a node that is not host:port: "${hostPort}"`);
    return { host: m[1].replace(/^\[|\]$/g, ''), port: m[2] ? Number(m[2]) : 6379 };
  });
  const cluster = Boolean(clusterSuffix) || forceCluster;
  if (!cluster && nodes.length > 1) throw new RedisUrlError('REDIS_URL lists several nodes: use redis+cluster:// for a Redis Cluster');
  let username: string | undefined;
  let password: string | undefined;
  if (auth !== undefined && auth !== '') {
    const colon = auth.indexOf(':');
    username = colon >= 0 ? decodeURIComponent(auth.slice(0, colon)) || undefined : decodeURIComponent(auth);
    password = colon >= 0 ? decodeURIComponent(auth.slice(colon + 1)) : undefined;
  }
  return {
    cluster,
    tls: scheme.toLowerCase() === 'rediss',
    nodes,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    ...(db !== undefined && !cluster ? { db: Number(db) } : {}),
  };
}

export interface RedisConnectionOptions {
  /** A command not answered within this fails (and the caller serves without Redis). Default 250. */
  commandTimeoutMs?: number;
  /** The longest wait between reconnection attempts. Default 2000. */
  maxReconnectDelayMs?: number;
  /** Hold commands issued while (re)connecting, for stores whose callers wait rather than fall back. Default false. */
  offlineQueue?: boolean;
  /** Give up after this many reconnection attempts (a CLI fails fast). Default: never. */
  maxReconnects?: number;
  /** Resend a command this many times across reconnections. Default 0. */
  maxRetriesPerRequest?: number;
}

/** REDIS_URL as one string that says whether it is a cluster seed: REDIS_CLUSTER=true turns `redis://` into `redis+cluster://`. */
export function redisUrlOf(url: string | undefined | null, cluster: boolean): string | null {
  if (!url) return null;
  return cluster ? url.replace(/^(rediss?):\/\//i, '$1+cluster://') : url;
}

/**
 * On a cluster a store's prefix becomes a hash tag, so all its keys share one slot and its scripts,
 * transactions and multi-stream reads may touch several. One node keeps the plain names that
 * existing registries, logs and journals are stored under.
 */
export function storePrefix(prefix: string, target: RedisTarget): string {
  return target.cluster && !/\{[^}]+\}/.test(prefix) ? `{${prefix}}` : prefix;
}

/** A store's client and its key prefix, both following REDIS_URL's kind (one node or a cluster). */
export function connectRedisStore(url: string, prefix: string, options: RedisConnectionOptions = {}): { redis: Redis | Cluster; prefix: string } {
  const target = parseRedisUrl(url);
  const redis = connectRedis(target, { commandTimeoutMs: 10_000, offlineQueue: true, maxRetriesPerRequest: 3, ...options });
  redis.on('error', () => undefined);
  return { redis, prefix: storePrefix(prefix, target) };
}

/**
 * A client that never queues commands while disconnected and never gives up reconnecting:
 * callers see a fast failure instead of a hang, and Redis comes back by itself.
 */
export function connectRedis(target: RedisTarget, options: RedisConnectionOptions = {}): Redis | Cluster {
  const { maxReconnects } = options;
  const reconnect = (times: number): number | null => (maxReconnects !== undefined && times > maxReconnects ? null : Math.min(times * 100, options.maxReconnectDelayMs ?? 2000));
  const offlineQueue = options.offlineQueue ?? false;
  const common = {
    username: target.username,
    password: target.password,
    commandTimeout: options.commandTimeoutMs ?? 250,
    connectTimeout: 2000,
    maxRetriesPerRequest: options.maxRetriesPerRequest ?? 0,
    ...(target.tls ? { tls: {} } : {}),
  };
  if (target.cluster) {
    return new (ioredis().Cluster)(target.nodes, {
      enableOfflineQueue: offlineQueue,
      enableAutoPipelining: true,
      clusterRetryStrategy: reconnect,
      redisOptions: common,
    });
  }
  const [node] = target.nodes;
  const Redis = ioredis().default;
  return new Redis({ ...common, host: node.host, port: node.port, db: target.db ?? 0, enableOfflineQueue: offlineQueue, enableAutoPipelining: true, retryStrategy: reconnect });
}

/**
 * Closes a client for good: QUIT when connected, else (and when QUIT fails) a disconnect. QUIT on
 * a client that is reconnecting fails without ending it, and its reconnection timer then keeps the
 * process alive.
 */
export async function closeRedis(client: Redis | Cluster): Promise<void> {
  if (client.status !== 'ready') return client.disconnect();
  await client.quit().then(
    () => undefined,
    () => client.disconnect(),
  );
}
