/** The kinds of legacy answers, each with its own freshness: warnings change by the minute, bases by the month. */
export const CACHE_KINDS = ['warnings', 'waybills', 'enterprises', 'bases', 'tracks'] as const;
export type CacheKind = (typeof CACHE_KINDS)[number];

export interface CacheTtls {
  /** How long an answer is served without asking the legacy system again, per kind. */
  freshMs: Record<CacheKind, number>;
  /** How long past its freshness an answer is kept to be served, marked stale, when the system fails. */
  staleMs: number;
}

export const DEFAULT_CACHE_TTLS: Readonly<CacheTtls> = {
  freshMs: { warnings: 5_000, waybills: 10_000, enterprises: 60_000, bases: 60_000, tracks: 10_000 },
  staleMs: 24 * 60 * 60 * 1000,
};
