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

/** The same on jest's fake clock, each call answered as it starts: start times exact, however slowly the machine runs the test. */
async function startsOnFakeClock(limit: number, windowMs: number, n: number): Promise<number[]> {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
  try {
    const pacer = new SlidingWindowPacer(limit, windowMs, () => Date.now());
    const t0 = Date.now();
    const starts: number[] = [];
    const all = Promise.all(
      Array.from({ length: n }, async () => {
        const answered = await pacer.acquire();
        starts.push(Date.now() - t0);
        answered();
      }),
    );
    await jest.advanceTimersByTimeAsync(Math.ceil(n / limit) * windowMs);
    await all;
    return starts.sort((a, b) => a - b);
  } finally {
    jest.useRealTimers();
  }
}

test('a burst up to the limit starts at once', async () => {
  expect(await startsOnFakeClock(5, 300, 5)).toEqual([0, 0, 0, 0, 0]);
});

test('never more than the limit in any window, and the next burst as soon as the window allows', async () => {
  expect(await startsOnFakeClock(5, 300, 12)).toEqual([0, 0, 0, 0, 0, 300, 300, 300, 300, 300, 600, 600]);
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
