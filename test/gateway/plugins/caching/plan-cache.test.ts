import { Registry } from 'prom-client';
import { PlanCache } from '../../../../gateway/plugins/caching/plan-cache';

type Plan = Parameters<PlanCache['set']>[1];
const plan = (n: number, bytes: number): Plan => ({ kind: 'QueryPlan', node: { kind: 'Fetch', serviceName: `s${n}`, operation: 'x'.repeat(bytes) } }) as unknown as Plan;

describe('the query plan cache', () => {
  it('is bounded by approximate size, dropping the least recently used plans first', async () => {
    const registry = new Registry();
    const cache = new PlanCache(3_500, registry);
    await cache.set('a', plan(1, 1000));
    await cache.set('b', plan(2, 1000));
    await cache.get('a');
    await cache.set('c', plan(3, 1000));
    await cache.set('d', plan(4, 1000));
    expect(await cache.get('a')).toBeDefined();
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('d')).toBeDefined();
    const text = await registry.metrics();
    expect(text).toMatch(/gateway_plan_cache_lookups_total\{outcome="hit"\} 3/);
    expect(text).toMatch(/gateway_plan_cache_lookups_total\{outcome="miss"\} 1/);
    expect(text).toMatch(/gateway_plan_cache_entries 3/);
    cache.clear();
    expect(await cache.get('a')).toBeUndefined();
  });
});
