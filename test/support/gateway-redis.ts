import { startRedisCluster } from './redis-cluster-start';
import { startRedisServer } from './redis-server';

/** A Redis shared by the subgraphs and several gateway processes, one node or a cluster. */
export interface GatewayRedis {
  /** What the subgraphs and the registry store are given. */
  readonly url: string;
  /** What the gateway processes are given: on a cluster a seed and REDIS_CLUSTER, as operators configure it. */
  readonly gatewayEnv: Record<string, string>;
  stop(): Promise<void>;
}

export async function startOneRedis(): Promise<GatewayRedis> {
  const node = await startRedisServer();
  return { url: node.url, gatewayEnv: { REDIS_URL: node.url }, stop: () => node.stop() };
}

export async function startClusterRedis(): Promise<GatewayRedis> {
  const cluster = await startRedisCluster();
  return { url: cluster.url, gatewayEnv: { REDIS_URL: cluster.seedUrl, REDIS_CLUSTER: 'true' }, stop: () => cluster.stop() };
}

/** The scale-out test and benchmark run on each: one Redis node and a three-master Redis Cluster. */
export const GATEWAY_REDIS: readonly [string, () => Promise<GatewayRedis>][] = [
  ['one Redis', startOneRedis],
  ['a Redis Cluster', startClusterRedis],
];
