import { Registry } from 'prom-client';
import { cacheConnectedOnce, cacheReadiness, registerCacheMetrics } from '../../../../gateway/plugins/caching/cache-state';
import { RedisCache } from '../../../../schema/cache/redis-cache';
import { ResilientCache } from '../../../../schema/cache/resilient-cache';
import { freePort, startRedisServer } from '../../../support/redis-server';
import { InProcessCache } from '../../../../schema/cache/in-process-cache';
import type { SharedCache } from '../../../../schema/cache/shared-cache';
import { metricSum } from '../../../support/metric-sum';

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

  it('counts as connected, for /ready, without Redis at once and with Redis once it has answered, not before', async () => {
    expect(cacheConnectedOnce(new InProcessCache())).toBe(true);
    const unreachable = new ResilientCache(new RedisCache({ url: `redis://127.0.0.1:${await freePort()}` }));
    const redis = await startRedisServer();
    const reached = new ResilientCache(new RedisCache({ url: redis.url }));
    try {
      expect(await reached.remote.ready(5000)).toBe(true);
      expect([cacheConnectedOnce(unreachable), cacheConnectedOnce(reached)]).toEqual([false, true]);
      const lost = new Promise<void>((resolve) => {
        const off = reached.remote.onStateChange((state) => {
          if (state === 'up') return;
          off();
          resolve();
        });
      });
      await redis.stop();
      // The stop can return before the client has read the closed connection: until then it still counts Redis as up.
      await lost;
      expect(await reached.remote.ready(300)).toBe(false);
      expect([reached.state, cacheConnectedOnce(reached)]).toEqual(['down', true]);
    } finally {
      await Promise.all([unreachable.close(), reached.close(), redis.stop()]);
    }
  });
});
