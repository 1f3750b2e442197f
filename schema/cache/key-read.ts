import { ResilientCache } from './resilient-cache';
import type { SharedCache } from './shared-cache';

/**
 * What a read of one key found: its value, that the store has no such key (`missing`), or that the
 * store did not say (`unanswered`: Redis past its command deadline or down, and nothing in memory).
 */
export type KeyRead<T> = { state: 'found'; value: T } | { state: 'missing' } | { state: 'unanswered' };

/** Reads `key` saying why a value is absent; a cache without Redis behind it always answers. */
export async function readKey<T>(cache: SharedCache, key: string): Promise<KeyRead<T>> {
  if (cache instanceof ResilientCache) return cache.read<T>(key);
  const value = await cache.get<T>(key);
  return value === undefined ? { state: 'missing' } : { state: 'found', value };
}
