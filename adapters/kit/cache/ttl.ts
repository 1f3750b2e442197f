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

/** A variable of milliseconds: a non-negative integer, or `fallback` when unset. */
export function ms(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer of milliseconds, got "${value}"`);
  return n;
}

/** CACHE_TTL_<KIND>_MS (WARNINGS, WAYBILLS, ENTERPRISES, BASES, TRACKS) and CACHE_STALE_TTL_MS. */
export function cacheTtlsFromEnv(env: NodeJS.ProcessEnv = process.env): CacheTtls {
  const freshMs = { ...DEFAULT_CACHE_TTLS.freshMs };
  for (const kind of CACHE_KINDS) {
    const name = `CACHE_TTL_${kind.toUpperCase()}_MS`;
    freshMs[kind] = ms(env[name], freshMs[kind], name);
  }
  return { freshMs, staleMs: ms(env.CACHE_STALE_TTL_MS, DEFAULT_CACHE_TTLS.staleMs, 'CACHE_STALE_TTL_MS') };
}

/** CACHE_PULL_WINDOW_MS: how long past its maximum age a copy serves the later pages of a pull begun on it; undefined: the default. */
export function pullWindowFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  return env.CACHE_PULL_WINDOW_MS?.trim() ? ms(env.CACHE_PULL_WINDOW_MS, 0, 'CACHE_PULL_WINDOW_MS') : undefined;
}
