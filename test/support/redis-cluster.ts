import { startRedisCluster, type RedisClusterHandle } from './redis-cluster-start';

/** Redis Cluster for jest suites; the starter itself (jest-free, for the benchmarks too) is in redis-cluster-start.ts. */
export { startRedisCluster, type RedisClusterHandle, type RedisClusterOptions } from './redis-cluster-start';

/** A cluster started before the enclosing tests and stopped after them: the handle, once started. */
export function useRedisCluster(): () => RedisClusterHandle {
  let cluster: RedisClusterHandle | undefined;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  return () => {
    if (!cluster) throw new Error('the Redis Cluster is not started yet');
    return cluster;
  };
}
