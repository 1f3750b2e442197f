import { connectRedis, parseRedisUrl } from '../../schema/cache/redis-connection';
import { useRedisCluster } from '../support/redis-cluster';

describe('the test Redis Cluster', () => {
  const running = useRedisCluster();

  it('spreads keys over three masters and refuses a script across slots', async () => {
    const cluster = running();
    const client = connectRedis(parseRedisUrl(cluster.url), { offlineQueue: true, commandTimeoutMs: 5000 });
    try {
      const keys = Array.from({ length: 30 }, (_, i) => `spread:${i}`);
      await Promise.all(keys.map((k) => client.set(k, k)));
      const perNode = await Promise.all(cluster.nodes.map(async (n) => (await connectedCount(n.port))));
      expect(perNode.every((count) => count > 0)).toBe(true);
      expect(perNode.reduce((a, b) => a + b, 0)).toBe(30);
      await expect(client.eval("return redis.call('GET', KEYS[1]) .. redis.call('GET', KEYS[2])", 2, 'a:1', 'b:2')).rejects.toThrow(/CROSSSLOT|same slot/);
    } finally {
      client.disconnect();
    }
  });
});

async function connectedCount(port: number): Promise<number> {
  const client = connectRedis(parseRedisUrl(`redis://127.0.0.1:${port}`), { offlineQueue: true, commandTimeoutMs: 5000 });
  try {
    return Number(await client.dbsize());
  } finally {
    client.disconnect();
  }
}
