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
}

/**
 * A client that never queues commands while disconnected and never gives up reconnecting:
 * callers see a fast failure instead of a hang, and Redis comes back by itself.
 */
export function connectRedis(target: RedisTarget, options: RedisConnectionOptions = {}): Redis | Cluster {
  const reconnect = (times: number): number => Math.min(times * 100, options.maxReconnectDelayMs ?? 2000);
  const common = {
    username: target.username,
    password: target.password,
    commandTimeout: options.commandTimeoutMs ?? 250,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    ...(target.tls ? { tls: {} } : {}),
  };
  if (target.cluster) {
    return new (ioredis().Cluster)(target.nodes, {
      enableOfflineQueue: false,
      enableAutoPipelining: true,
      clusterRetryStrategy: reconnect,
      redisOptions: common,
    });
  }
  const [node] = target.nodes;
  const Redis = ioredis().default;
  return new Redis({ ...common, host: node.host, port: node.port, db: target.db ?? 0, enableOfflineQueue: false, enableAutoPipelining: true, retryStrategy: reconnect });
}
