import { SlidingWindowPacer } from '../../../adapters/kit/sliding-window';

/** A sliding-window pacer: bursts up to the limit at once, never more than the limit in any window, each call counted from its answer. */

async function startsOf(pacer: SlidingWindowPacer, n: number, answerAfterMs = 0): Promise<number[]> {
  const t0 = performance.now();
  const starts: number[] = [];
  await Promise.all(
    Array.from({ length: n }, async () => {
      const answered = await pacer.acquire();
      starts.push(performance.now() - t0);
      setTimeout(answered, answerAfterMs);
    }),
  );
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

test("a call's place is counted from its answer: a call that reaches the system late cannot share a window with later ones", async () => {
  const starts = await startsOf(new SlidingWindowPacer(2, 300), 3, 200);
  expect(starts[2] - starts[0]).toBeGreaterThanOrEqual(499);
});

test('a call still in flight holds its place until it is answered', async () => {
  const pacer = new SlidingWindowPacer(1, 100);
  const first = await pacer.acquire();
  let second = false;
  const waiting = pacer.acquire().then(() => (second = true));
  await new Promise((resolve) => setTimeout(resolve, 250));
  expect(second).toBe(false);
  const answeredAt = performance.now();
  first();
  await waiting;
  expect(performance.now() - answeredAt).toBeGreaterThanOrEqual(99);
});

test('refuses a window it cannot keep', () => {
  expect(() => new SlidingWindowPacer(0, 1000)).toThrow(RangeError);
});
