export interface Backoff {
  /** The wait before the second attempt. */
  initialMs: number;
  /** No wait is longer. */
  maxMs: number;
}

/** The wait after the nth failed attempt (1-based): exponential, capped, with jitter between half and all of it, so retries of many receivers do not arrive together. */
export function backoffMs(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const full = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(full * (0.5 + random() / 2));
}
