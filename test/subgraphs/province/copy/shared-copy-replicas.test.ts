import { randomUUID } from 'node:crypto';
import { keysMatching } from '../../../support/redis-backends';
import { useRedisCluster } from '../../../support/redis-cluster';
import { useProvinceStack, type ProvinceInstance } from '../../../resilience/province-stack';

/**
 * Issue 27: replicas of a province subgraph that share Redis share one copy per collection: one
 * sync with the legacy system per maximum age between them (under the copy's lease), and a replica
 * that starts on a Redis holding the copy answers from it without a legacy list call.
 */

const running = useProvinceStack('redis');
const cluster = useRedisCluster();
const MAX_AGE = { warnings: 5_000, waybills: 10_000, enterprises: 60_000, bases: 60_000 };
const Q = '{ warnings(first: 500) { totalCount edges { node { id headline provenance { fetchedAt } } } } }';

type Warnings = { warnings: { totalCount: number; edges: { node: { id: string; headline: string } }[] } };

describe.each([
  ['one Redis node', () => running.redis.url],
  ['a Redis Cluster', () => cluster().url],
])('the shared copy on %s', (_kind, redisUrl) => {
  async function startTwo(keyPrefix: string): Promise<[ProvinceInstance, ProvinceInstance]> {
    const { stack } = running;
    return [await stack.start('SH', { redisUrl: redisUrl(), keyPrefix, maxAgeMs: MAX_AGE }), await stack.start('SH', { redisUrl: redisUrl(), keyPrefix, maxAgeMs: MAX_AGE })];
  }

  /** The legacy calls one replica alone makes for `step` (on a Redis prefix of its own). */
  async function alone(step: (one: ProvinceInstance) => Promise<void>, before?: (one: ProvinceInstance) => Promise<void>): Promise<Record<string, number>> {
    const { stack } = running;
    const one = await stack.start('SH', { redisUrl: redisUrl(), keyPrefix: `alone-${randomUUID()}:`, maxAgeMs: MAX_AGE });
    await before?.(one);
    stack.sims.SH.calls.reset();
    await step(one);
    const calls = stack.sims.SH.calls.snapshot();
    await one.close();
    return calls;
  }

  it('two replicas on one Redis make one legacy sync between them, first and after each maximum age (counted at the simulator)', async () => {
    const { stack } = running;
    const baseline = await alone(async (one) => void (await one.query(Q)));
    const [a, b] = await startTwo(`pair-${randomUUID()}:`);
    stack.sims.SH.calls.reset();
    const [ra, rb] = await Promise.all([a.query<Warnings>(Q), b.query<Warnings>(Q)]);
    expect(ra.errors).toBeUndefined();
    expect(rb.data).toEqual(ra.data);
    expect(ra.data?.warnings.totalCount).toBeGreaterThan(10);
    expect(stack.sims.SH.calls.snapshot()).toEqual(baseline);

    const resync = await alone(
      async (one) => {
        stack.clock.advance(MAX_AGE.warnings);
        await one.query(Q);
      },
      async (one) => void (await one.query(Q)),
    );
    stack.sims.SH.calls.reset();
    stack.clock.advance(MAX_AGE.warnings);
    const [again, other] = await Promise.all([a.query<Warnings>(Q), b.query<Warnings>(Q)]);
    expect(other.data).toEqual(again.data);
    expect(stack.sims.SH.calls.snapshot()).toEqual(resync);
    expect(stack.sims.SH.calls.total()).toBeGreaterThan(0);
    await a.close();
    await b.close();
  });

  it('a replica that starts on a Redis holding a fresh copy answers its first page from it, with no legacy list call; the copy is per-record chunks and a log, not one value', async () => {
    const { stack } = running;
    const keyPrefix = `restart-${randomUUID()}:`;
    const first = await stack.start('SH', { redisUrl: redisUrl(), keyPrefix, maxAgeMs: MAX_AGE });
    const before = await first.query<Warnings>(Q);
    await first.close();
    stack.sims.SH.calls.reset();
    const restarted = await stack.start('SH', { redisUrl: redisUrl(), keyPrefix, maxAgeMs: MAX_AGE });
    const after = await restarted.query<Warnings>(Q);
    expect(after.data).toEqual(before.data);
    expect(stack.sims.SH.calls.total()).toBe(0);
    await restarted.close();
    expect(await keysMatching(redisUrl(), `${keyPrefix}legacy:SH:replica:warnings`)).toHaveLength(1);
    expect((await keysMatching(redisUrl(), `${keyPrefix}legacy:SH:replica:warnings:base:*`)).length).toBeGreaterThanOrEqual(1);
  });
});
