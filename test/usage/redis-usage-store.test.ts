import { RedisUsageStore } from '../../schema/usage/redis-usage-store';
import { dayOf, type UsageEntry } from '../../schema/usage/types';
import { REDIS_BACKENDS, type RedisBackend } from '../support/redis-backends';

/** Operation usage in Redis, one hash per day and its twin of counts written in one transaction. */

describe.each(REDIS_BACKENDS)('the usage store on %s', (_kind, start) => {
  let redis: RedisBackend;
  beforeAll(async () => {
    redis = await start();
  }, 60_000);
  afterAll(async () => {
    await redis?.stop();
  });

  it('merges what two gateways record per day, client and operation', async () => {
    const day = dayOf(new Date());
    const entry = (client: string, count: number): UsageEntry => ({ day, client, operationName: 'Bases', operationHash: 'h1', coordinates: ['Query.rescueBases'], count });
    const [a, b] = [new RedisUsageStore(redis.url, 'usage-test:'), new RedisUsageStore(redis.url, 'usage-test:')];
    await Promise.all([a.record([entry('console', 2), entry('app', 1)]), b.record([entry('console', 3)])]);
    const seen = await a.seenSince(new Date());
    expect(seen.sort((x, y) => x.client.localeCompare(y.client))).toEqual([entry('app', 1), entry('console', 5)]);
    await Promise.all([a.close(), b.close()]);
  });
});
