import { randomUUID } from 'node:crypto';
import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import { expectedBases, expectedWarnings, unexpectedErrors } from '../support/oracle';
import { useProvinceStack } from './province-stack';
import { metricSum } from '../support/metric-sum';

/**
 * The cache of legacy answers, per province, through the province subgraph over its real
 * simulated system and a real Redis: a hit makes no legacy call, an expired copy is re-synced, a
 * failing system's last good copy is served marked stale, and that copy survives a restart of
 * the subgraph and is shared with another instance.
 */

interface Warnings {
  warnings: { totalCount: number; unavailableProvinces: string[]; edges: { node: { id: string; provenance: { stale: boolean; fetchedAt: string } } }[] };
}
const WARNINGS = '{ warnings(first: 5) { totalCount unavailableProvinces edges { node { id provenance { stale fetchedAt } } } } }';
const WARNINGS_MAX_AGE = 5_000;

const env = useProvinceStack('redis');

describe.each(PROVINCE_CODES)('%s', (p: ProvinceCode) => {
  const keyPrefix = `cache-test-${randomUUID()}:`;
  afterEach(() => env.stack.sims[p].faults.reset());

  it('hit, expiry, stale-if-error with the flag, and the copy survives a restart and is shared with a second instance', async () => {
    const sim = env.stack.sims[p];
    const expected = expectedWarnings(env.stack.dataset, [p]);
    const first = await env.stack.start(p, { redisUrl: env.redis.url, keyPrefix });
    sim.calls.reset();

    const cold = await first.query<Warnings>(WARNINGS);
    expect(unexpectedErrors(env.stack.dataset, cold.errors)).toEqual([]);
    expect(cold.data?.warnings.totalCount).toBe(expected.length);
    expect(cold.data?.warnings.edges.map((e) => e.node.id)).toEqual(expected.slice(0, 5).map((w) => w.id));
    expect(sim.calls.total()).toBeGreaterThan(0);

    sim.calls.reset();
    env.stack.clock.advance(WARNINGS_MAX_AGE - 1000);
    const hit = await first.query<Warnings>(WARNINGS);
    expect(sim.calls.total()).toBe(0);
    expect(hit.extensions?.legacyCalls).toEqual({});
    expect(hit.data).toEqual(cold.data);

    env.stack.clock.advance(2000);
    const expired = await first.query<Warnings>(WARNINGS);
    expect(sim.calls.total()).toBeGreaterThan(0);
    expect(unexpectedErrors(env.stack.dataset, expired.errors)).toEqual([]);
    expect(expired.data?.warnings.edges.every((e) => !e.node.provenance.stale)).toBe(true);
    const lastGood = expired.data?.warnings.edges[0].node.provenance.fetchedAt;

    sim.faults.set({ errorRate: 1 });
    env.stack.clock.advance(WARNINGS_MAX_AGE + 1);
    sim.calls.reset();
    const stale = await first.query<Warnings>(WARNINGS);
    expect(sim.calls.total()).toBeGreaterThan(0);
    expect(stale.data?.warnings.totalCount).toBe(expected.length);
    expect(stale.data?.warnings.unavailableProvinces).toEqual([]);
    expect(stale.data?.warnings.edges.map((e) => e.node.id)).toEqual(expected.slice(0, 5).map((w) => w.id));
    expect(stale.data?.warnings.edges.every((e) => e.node.provenance.stale && e.node.provenance.fetchedAt === lastGood)).toBe(true);
    expect(unexpectedErrors(env.stack.dataset, stale.errors).map((e) => e.extensions)).toEqual([{ code: 'PROVINCE_UNAVAILABLE', province: p, stale: true }]);
    const metrics = await (await fetch(first.subgraph.url.replace('/graphql', '/metrics'))).text();
    expect(metricSum(metrics, 'province_cache_reads_total', { province: p, kind: 'warnings', outcome: 'hit' })).toBeGreaterThan(0);
    expect(metricSum(metrics, 'province_cache_reads_total', { province: p, kind: 'warnings', outcome: 'miss' })).toBe(2);
    expect(metricSum(metrics, 'province_cache_reads_total', { province: p, kind: 'warnings', outcome: 'stale' })).toBe(1);
    await first.close();

    // A new instance (a restarted subgraph) whose system is still failing serves the Redis copy, stale.
    const restarted = await env.stack.start(p, { redisUrl: env.redis.url, keyPrefix });
    const afterRestart = await restarted.query<Warnings>(WARNINGS);
    expect(afterRestart.data?.warnings.totalCount).toBe(expected.length);
    expect(afterRestart.data?.warnings.edges.every((e) => e.node.provenance.stale && e.node.provenance.fetchedAt === lastGood)).toBe(true);
    expect(unexpectedErrors(env.stack.dataset, afterRestart.errors).map((e) => e.extensions)).toEqual([{ code: 'PROVINCE_UNAVAILABLE', province: p, stale: true }]);

    // Once the system is back, one instance syncs and a second one adopts that copy without a call.
    sim.faults.reset();
    const recovered = await restarted.query<Warnings>(WARNINGS);
    expect(unexpectedErrors(env.stack.dataset, recovered.errors)).toEqual([]);
    expect(recovered.data?.warnings.edges.every((e) => !e.node.provenance.stale)).toBe(true);
    const second = await env.stack.start(p, { redisUrl: env.redis.url, keyPrefix });
    sim.calls.reset();
    const shared = await second.query<Warnings>(WARNINGS);
    expect(sim.calls.total()).toBe(0);
    expect(shared.data).toEqual(recovered.data);
    await restarted.close();
    await second.close();
  });

  it('without Redis, the in-process cache serves hits and stale copies the same way', async () => {
    const sim = env.stack.sims[p];
    const instance = await env.stack.start(p);
    const expected = expectedBases(env.stack.dataset, [p]);
    const BASES = '{ rescueBases(first: 3) { totalCount edges { node { id provenance { stale } } } } }';
    interface Bases {
      rescueBases: { totalCount: number; edges: { node: { id: string; provenance: { stale: boolean } } }[] };
    }
    const cold = await instance.query<Bases>(BASES);
    expect(cold.data?.rescueBases.edges.map((e) => e.node.id)).toEqual(expected.slice(0, 3).map((b) => b.id));
    sim.calls.reset();
    await instance.query<Bases>(BASES);
    expect(sim.calls.total()).toBe(0);
    sim.faults.set({ timeoutRate: 1, timeoutHoldMs: 3000 });
    env.stack.clock.advance(60_001);
    const stale = await instance.query<Bases>(BASES);
    expect(stale.data?.rescueBases.totalCount).toBe(expected.length);
    expect(stale.data?.rescueBases.edges.every((e) => e.node.provenance.stale)).toBe(true);
    expect(unexpectedErrors(env.stack.dataset, stale.errors).map((e) => e.extensions)).toEqual([{ code: 'PROVINCE_TIMEOUT', province: p, stale: true }]);
    await instance.close();
  });
});
