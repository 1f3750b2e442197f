import { Registry } from 'prom-client';
import { cacheReadiness, registerCacheMetrics } from '../../../../gateway/plugins/caching/cache-state';
import { InProcessCache } from '../../../../schema/cache/in-process-cache';
import type { SharedCache } from '../../../../schema/cache/shared-cache';
import { metricSum } from '../../../resilience/province-stack';

/** The shared cache in /ready and /metrics: reported, never a reason to stop serving. */

const withState = (state: SharedCache['state']): SharedCache => Object.assign(new InProcessCache(), { state });

describe('the shared cache state', () => {
  it('reads in /ready as Redis up, down, or not configured', () => {
    expect(cacheReadiness(new InProcessCache())).toEqual({ redis: 'not configured' });
    expect(cacheReadiness(withState('up'))).toEqual({ redis: 'up' });
    expect(cacheReadiness(withState('down'))).toEqual({ redis: 'down' });
  });

  it('reads in /metrics as gateway_redis_up: -1 without Redis, 1 up, 0 down', async () => {
    for (const [cache, value] of [[new InProcessCache(), -1], [withState('up'), 1], [withState('down'), 0]] as const) {
      const registry = new Registry();
      registerCacheMetrics(cache, registry);
      const text = await registry.metrics();
      expect(metricSum(text, 'gateway_redis_up')).toBe(value);
      expect(text).not.toContain('gateway_redis_reconnects');
    }
  });
});
