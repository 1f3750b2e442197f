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
  /**
   * Keeps the value; true when it reached the store every process sharing the cache reads (Redis,
   * or memory when the cache is memory alone), false when it went to this process's memory only.
   */
  set(key: string, value: unknown, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /**
   * Takes the lease on `key` for `ttlMs` when nobody holds it (SET NX PX), so that of several
   * processes sharing the cache one does a piece of work; the others wait for its result. Resolves
   * to a token that releases it (`token` when given, so that its taker knows it even when the
   * answer is lost), or null while someone else holds it.
   */
  lease(key: string, ttlMs: number, token?: string): Promise<string | null>;
  /**
   * Extends the lease on `key` to `ttlMs` from now if `token` still holds it (compare and set), so
   * that a holder that works longer than one short lease keeps it while a dead one loses it soon.
   * False when the store answered that `token` does not hold it; true when it does, or could not say.
   */
  renew(key: string, token: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease back early, if `token` still holds it; false when the release did not reach the shared store (the lease may still be held there). */
  release(key: string, token: string): Promise<boolean>;
  close(): Promise<void>;
}
