/** The p-th percentile (nearest rank) of some samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** The median of paired differences and a 95 % bootstrap interval around it. */
export interface PairedDifference {
  median: number;
  low: number;
  high: number;
  pairs: number;
}

/** The samples' median (the nearest-rank 50th percentile). */
const median = (samples: readonly number[]) => percentile(samples, 50);

/**
 * How much `a` exceeds `b`, pair by pair (`a[i] − b[i]`, e.g. two peers' p50 in the same round of
 * alternating rounds, so that a slow stretch of the machine falls on both): the median of those
 * differences, with a 95 % interval from `resamples` bootstrap resamples of the pairs. The resamples
 * come from a fixed-seed generator, so one set of pairs always gives the same interval.
 */
export function pairedDifference(a: readonly number[], b: readonly number[], resamples = 2000): PairedDifference {
  const differences = a.slice(0, Math.min(a.length, b.length)).map((x, i) => x - b[i]);
  if (differences.length === 0) return { median: Number.NaN, low: Number.NaN, high: Number.NaN, pairs: 0 };
  let seed = 0x2545f491;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x100000000;
  };
  const medians = Array.from({ length: resamples }, () => median(differences.map(() => differences[Math.floor(random() * differences.length)])));
  return { median: median(differences), low: percentile(medians, 2.5), high: percentile(medians, 97.5), pairs: differences.length };
}

/** Each round's p-th percentile, from samples in round order and where each round ended (`roundEnds`, as the load generator reports them). */
export function roundPercentiles(samples: readonly number[], roundEnds: readonly number[], p: number): number[] {
  return roundEnds.map((end, k) => percentile(samples.slice(roundEnds[k - 1] ?? 0, end), p));
}
