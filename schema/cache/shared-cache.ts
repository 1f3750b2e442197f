/**
 * Where a cache keeps its values now: `memory` (no Redis configured), `up` (Redis answers), `down`
 * (Redis configured but unreachable: the process serves from memory until it reconnects).
 */
export type CacheBackendState = 'memory' | 'up' | 'down';

/**
 * A key-value cache shared by the gateway (persisted queries) and the subgraphs (legacy answers).
 * Values are JSON and are treated as immutable: the in-process cache hands out the stored object
 * itself. `ttlMs` is how long a value is kept at all, not how long it is fresh.
 */
export interface SharedCache {
  readonly state: CacheBackendState;
  get<T>(key: string): Promise<T | undefined>;
  getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}
