import { GraphQLError } from 'graphql';
import { CallerLimit, type SubscriptionSlots } from '../../../gateway/subscriptions/caller-limit';
import { RedisSubscriptionSlots } from '../../../gateway/subscriptions/redis-caller-limit';
import { connectRedis, parseRedisUrl } from '../../../schema/cache/redis-connection';
import { useRedisCluster } from '../../support/redis-cluster';
import { startRedisServer, type RedisServerHandle } from '../../support/redis-server';

let redis: RedisServerHandle;
const opened: SubscriptionSlots[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const s of opened) await s.close();
  await redis?.stop();
});

type Release = () => void;
const codeOf = (taken: Release | GraphQLError): unknown => (taken instanceof GraphQLError ? taken.extensions.code : 'taken');
const prefix = (): string => `slots-${Math.random().toString(36).slice(2)}:`;
const cluster = useRedisCluster();
const onRedis = (keyPrefix: string, slotTtlMs = 30_000, redisUrl = redis.url): RedisSubscriptionSlots => {
  const slots = new RedisSubscriptionSlots({ redisUrl, keyPrefix, perCaller: 2, slotTtlMs });
  opened.push(slots);
  return slots;
};

describe('subscription slots per caller', () => {
  it('in one process: two per caller, a third refused until one is released, other callers apart', async () => {
    const slots = new CallerLimit(2);
    const a = await slots.acquire('a');
    expect(codeOf(await slots.acquire('a'))).toBe('taken');
    expect(codeOf(await slots.acquire('a'))).toBe('TOO_MANY_SUBSCRIPTIONS');
    expect(codeOf(await slots.acquire('b'))).toBe('taken');
    (a as Release)();
    (a as Release)();
    expect(codeOf(await slots.acquire('a'))).toBe('taken');
    expect(codeOf(await slots.acquire('a'))).toBe('TOO_MANY_SUBSCRIPTIONS');
  });

  it.each([
    ['one Redis node', () => redis.url],
    ['a Redis Cluster', () => cluster().url],
  ])('on %s: counted across instances with one prefix, apart under another', async (_kind, url) => {
    const shared = prefix();
    const [one, two, elsewhere] = [onRedis(shared, 30_000, url()), onRedis(shared, 30_000, url()), onRedis(prefix(), 30_000, url())];
    const first = await one.acquire('a');
    expect(codeOf(await two.acquire('a'))).toBe('taken');
    expect(codeOf(await one.acquire('a'))).toBe('TOO_MANY_SUBSCRIPTIONS');
    expect(codeOf(await two.acquire('a'))).toBe('TOO_MANY_SUBSCRIPTIONS');
    expect(codeOf(await elsewhere.acquire('a'))).toBe('taken');
    // The release is sent to Redis without waiting for it: awaited by its effect, the caller's slot gone.
    (first as Release)();
    const raw = connectRedis(parseRedisUrl(url()), { offlineQueue: true });
    try {
      const deadline = Date.now() + 10_000;
      while ((await raw.zcard(`${shared}{subscription-slots}:a`)) > 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    } finally {
      raw.disconnect();
    }
    expect(codeOf(await two.acquire('a'))).toBe('taken');
  });

  // Lapsing once a killed gateway stops renewing: test/e2e/subscriptions/caller-limit-across-gateways.test.ts (SIGKILL).
  it('on Redis: held past several slot lifetimes while their instance renews them, freed at once when it closes', async () => {
    const shared = prefix();
    const holder = onRedis(shared, 600);
    const other = onRedis(shared, 600);
    await holder.acquire('a');
    await holder.acquire('a');
    await new Promise((r) => setTimeout(r, 1500));
    expect(codeOf(await other.acquire('a'))).toBe('TOO_MANY_SUBSCRIPTIONS');
    await holder.close();
    expect(codeOf(await other.acquire('a'))).toBe('taken');
  });

  it('without Redis answering, each instance still holds its own callers to the limit', async () => {
    const own = await startRedisServer();
    const slots = new RedisSubscriptionSlots({ redisUrl: own.url, keyPrefix: prefix(), perCaller: 2, slotTtlMs: 30_000 });
    await own.stop();
    expect(codeOf(await slots.acquire('a'))).toBe('taken');
    expect(codeOf(await slots.acquire('a'))).toBe('taken');
    expect(codeOf(await slots.acquire('a'))).toBe('TOO_MANY_SUBSCRIPTIONS');
    await slots.close();
  }, 30_000);
});
