import { ResilientCache } from './resilient-cache';
import type { SharedCache } from './shared-cache';

/**
 * Resolves true once a shared cache with Redis behind it has connected for the first time (at once
 * when it has, or when it is memory alone), false when `timeoutMs` passes first. Until then its reads
 * are answered from memory, which holds nothing a restarted process could share.
 */
export function firstConnection(cache: SharedCache, timeoutMs: number): Promise<boolean> {
  if (!(cache instanceof ResilientCache) || cache.remote.connectedOnce) return Promise.resolve(true);
  return cache.remote.ready(timeoutMs);
}
