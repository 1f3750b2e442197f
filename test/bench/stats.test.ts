import { pairedDifference, roundPercentiles } from '../../bench/lib/stats';

/** The bench's statistics for peers measured in alternating rounds. */

test('a constant difference between paired rounds is the median and both ends of its interval', () => {
  const b = [3, 9, 1.5, 40, 2];
  expect(pairedDifference(b.map((x) => x + 0.25), b)).toEqual({ median: 0.25, low: 0.25, high: 0.25, pairs: 5 });
});

test('differences that scatter give an interval around their median, the same one every time, from the pairs alone', () => {
  const b = Array.from({ length: 40 }, (_, i) => 10 + (i % 7));
  const a = b.map((x, i) => x + (i % 5) - 1);
  const d = pairedDifference(a, b);
  expect(d.median).toBe(1);
  expect(d.low).toBeLessThanOrEqual(1);
  expect(d.high).toBeGreaterThanOrEqual(1);
  expect(d.low).toBeGreaterThanOrEqual(-1);
  expect(d.high).toBeLessThanOrEqual(3);
  expect(d.high - d.low).toBeGreaterThan(0);
  expect(pairedDifference(a, b)).toEqual(d);
  expect(pairedDifference([...a, 500], b)).toEqual(d);
});

test('no pairs, no difference', () => {
  expect(pairedDifference([], [1, 2]).pairs).toBe(0);
  expect(Number.isNaN(pairedDifference([], []).median)).toBe(true);
});

test('a percentile of each round, from the samples in round order and where each round ended', () => {
  expect(roundPercentiles([1, 2, 3, 10, 20, 30, 100], [3, 6, 7], 50)).toEqual([2, 20, 100]);
  expect(roundPercentiles([1, 2, 3, 10, 20, 30], [3, 6], 99)).toEqual([3, 30]);
});
