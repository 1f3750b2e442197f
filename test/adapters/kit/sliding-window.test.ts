import { SlidingWindowPacer } from '../../../adapters/kit/sliding-window';

/** A sliding-window pacer: bursts up to the limit at once, never more than the limit in any window. */

async function startsOf(pacer: SlidingWindowPacer, n: number): Promise<number[]> {
  const t0 = performance.now();
  const starts: number[] = [];
  await Promise.all(Array.from({ length: n }, () => pacer.acquire().then(() => starts.push(performance.now() - t0))));
  return starts.sort((a, b) => a - b);
}

test('a burst up to the limit starts at once', async () => {
  const starts = await startsOf(new SlidingWindowPacer(5, 300), 5);
  expect(starts[4]).toBeLessThan(50);
});

test('never more than the limit in any window, and the next burst as soon as the window allows', async () => {
  const starts = await startsOf(new SlidingWindowPacer(5, 300), 12);
  for (let i = 0; i + 5 < starts.length; i++) expect(starts[i + 5] - starts[i]).toBeGreaterThanOrEqual(299);
  expect(starts[5]).toBeLessThan(400);
  expect(starts[11]).toBeLessThan(750);
});

test('refuses a window it cannot keep', () => {
  expect(() => new SlidingWindowPacer(0, 1000)).toThrow(RangeError);
});
