import { Gauge, type Registry } from 'prom-client';
import { ResilientCache } from '../../../schema/cache/resilient-cache';
import type { SharedCache } from '../../../schema/cache/shared-cache';

/** How /ready describes the shared cache: Redis up, down (serving from memory) or not configured. */
export interface CacheReadiness {
  redis: 'up' | 'down' | 'not configured';
}

export function cacheReadiness(cache: SharedCache): CacheReadiness {
  return { redis: cache.state === 'memory' ? 'not configured' : cache.state };
}

/**
 * Whether the shared cache can be shared yet: true without Redis, else once Redis has answered
 * once (until then the gateway serves from memory alone, and /ready waits). A later outage does
 * not make it false: the gateway keeps serving from memory and /ready reports Redis down.
 */
export function cacheConnectedOnce(cache: SharedCache): boolean {
  return !(cache instanceof ResilientCache) || cache.remote.connectedOnce;
}

/**
 * The shared cache in /metrics: whether Redis answers, how often it came back, and how many
 * operations memory served instead. Redis down is reported, never a reason to stop serving.
 */
export function registerCacheMetrics(cache: SharedCache, registry: Registry): void {
  new Gauge({
    name: 'gateway_redis_up',
    help: '1 while Redis answers, 0 while it is down (the gateway serves without the shared cache); -1 without REDIS_URL',
    aggregator: 'min',
    registers: [registry],
    collect() {
      this.set(cache.state === 'memory' ? -1 : cache.state === 'up' ? 1 : 0);
    },
  });
  if (!(cache instanceof ResilientCache)) return;
  new Gauge({
    name: 'gateway_redis_reconnects',
    help: 'Times the Redis connection came back since start',
    registers: [registry],
    collect() {
      this.set(cache.remote.reconnects);
    },
  });
  new Gauge({
    name: 'gateway_cache_fallbacks',
    help: 'Shared-cache reads and writes served from memory because Redis failed, since start',
    registers: [registry],
    collect() {
      this.set(cache.fallbacks);
    },
  });
}
