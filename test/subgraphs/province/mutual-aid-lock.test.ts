import type { Cluster, default as Redis } from 'ioredis';
import { RedisLock } from '../../../subgraphs/province/mutual-aid/redis-lock';
import { InProcessLock, LockBusyError, type RequestLock } from '../../../subgraphs/province/mutual-aid/request-lock';
import { adminClient } from '../../support/redis-backends';
import { startRedisCluster, type RedisClusterHandle } from '../../support/redis-cluster';
import { startRedisServer, type RedisServerHandle } from '../../support/redis-server';

/** The lock per clientRequestId: one holder at a time per key, others wait their turn or give up. */

let redisServer: RedisServerHandle;
let cluster: RedisClusterHandle;
const clients: (Redis | Cluster)[] = [];

beforeAll(async () => {
  [redisServer, cluster] = await Promise.all([startRedisServer(), startRedisCluster()]);
}, 60_000);
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await Promise.all([redisServer?.stop(), cluster?.stop()]);
});

function redisLock(waitMs: number, url = redisServer.url): RequestLock {
  const client = adminClient(url);
  clients.push(client);
  return new RedisLock(client, { waitMs, leaseMs: 300, prefix: `lock-test:${waitMs}:` });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each([
  ['in process', (waitMs: number) => { const lock = new InProcessLock(waitMs); return [lock, lock] as const; }],
  ['in Redis, two processes', (waitMs: number) => [redisLock(waitMs), redisLock(waitMs)] as const],
  ['in a Redis Cluster, two processes', (waitMs: number) => [redisLock(waitMs, cluster.url), redisLock(waitMs, cluster.url)] as const],
])('%s', (_name, make) => {
  it('runs the holders of one key one at a time, and of different keys at once', async () => {
    const [a, b] = make(5000);
    let inside = 0;
    let most = 0;
    const work = (lock: RequestLock, key: string) =>
      lock.run(key, async () => {
        inside += 1;
        most = Math.max(most, inside);
        await sleep(30);
        inside -= 1;
      });
    await Promise.all([work(a, 'k1'), work(b, 'k1'), work(a, 'k1'), work(b, 'k1')]);
    expect(most).toBe(1);
    inside = 0;
    most = 0;
    await Promise.all([work(a, 'k2'), work(b, 'k3')]);
    expect(most).toBe(2);
  });

  it('gives up with LockBusyError after the wait, and frees the key when the holder fails', async () => {
    const [a, b] = make(100);
    let held!: () => void;
    const holding = new Promise<void>((resolve) => { held = resolve; });
    const holder = a.run('busy', () => { held(); return sleep(600); });
    await holding;
    await expect(b.run('busy', async () => 'never')).rejects.toBeInstanceOf(LockBusyError);
    await holder;
    await expect(a.run('fails', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(b.run('fails', async () => 'next')).resolves.toBe('next');
  });
});
