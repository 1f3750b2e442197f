import { performance } from 'node:perf_hooks';
import type { BreakerState } from '../../../../adapters/kit/http';
import { afterEachTest, beforeEachTest, client, failure, get, legacy, post, sleep } from './harness';

beforeEach(beforeEachTest);
afterEach(afterEachTest);

describe('circuit breaker', () => {
  it('opens after N consecutive failures and fails fast without calling, then half-opens and closes', async () => {
    legacy.answerInTurn(500, 500, 500);
    const states: BreakerState[] = [];
    const c = client({ retries: 0, breaker: { consecutiveFailures: 3, halfOpenAfterMs: 300 }, onBreakerStateChange: (s) => states.push(s) });
    for (let i = 0; i < 3; i++) expect((await failure(c.request(get()))).message).toContain('HTTP 500');
    expect(c.breakerState).toBe('OPEN');

    // Fast: settled in this turn of the event loop, before any socket or timer could be served.
    let settled = false;
    const failing = failure(c.request(get())).finally(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(true);
    const fast = await failing;
    expect(fast.code).toBe('PROVINCE_UNAVAILABLE');
    expect(fast.message).toBe('AH GET /ahyj/api/yjxx/list: circuit open after repeated failures, not called');
    await failure(c.request(post()));
    expect(legacy.arrivals).toHaveLength(3);

    await sleep(350);
    expect((await c.request(get())).status).toBe(200);
    expect(c.breakerState).toBe('CLOSED');
    expect((await c.request(get())).status).toBe(200);
    expect(legacy.arrivals).toHaveLength(5);
    expect(states).toEqual(['OPEN', 'HALF_OPEN', 'CLOSED']);
  });

  it('opens again when the trial call fails', async () => {
    legacy.answerInTurn(500, 500, 500);
    const c = client({ retries: 0, breaker: { consecutiveFailures: 2, halfOpenAfterMs: 200 } });
    await failure(c.request(get()));
    await failure(c.request(get()));
    await sleep(250);
    expect((await failure(c.request(get()))).message).toContain('HTTP 500');
    expect(c.breakerState).toBe('OPEN');
    expect((await failure(c.request(get()))).message).toContain('circuit open');
    expect(legacy.arrivals).toHaveLength(3);
  });

  it('stops a read retrying once the breaker opens', async () => {
    legacy.answerInTurn(500, 500, 500, 500, 500);
    const c = client({ retries: 4, breaker: { consecutiveFailures: 2, halfOpenAfterMs: 10_000 } });
    expect((await failure(c.request(get()))).message).toContain('circuit open');
    expect(legacy.arrivals).toHaveLength(2);
  });

  it('does not count 429s: a throttling system is up', async () => {
    legacy.answerInTurn(429, 429, 429, 429);
    const c = client({ retries: 0, breaker: { consecutiveFailures: 2 } });
    for (let i = 0; i < 4; i++) expect((await failure(c.request(get()))).message).toContain('HTTP 429');
    expect(legacy.arrivals).toHaveLength(4);
    expect(c.breakerState).toBe('CLOSED');
  });

  it('does not count answers the adapter interprets (4xx)', async () => {
    legacy.answerInTurn(404, 404, 404);
    const c = client({ retries: 0, breaker: { consecutiveFailures: 2 } });
    for (let i = 0; i < 3; i++) expect((await c.request(get())).status).toBe(404);
    expect(c.breakerState).toBe('CLOSED');
  });
});

describe('rate and concurrency limits', () => {
  it('never lets more than perSecond requests reach the system in any one-second window', async () => {
    const c = client({ rateLimit: { perSecond: 5, concurrency: 5 } });
    const answers = await Promise.all(Array.from({ length: 12 }, () => c.request(get())));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const at = legacy.arrivals.map((a) => a.at).sort((a, b) => a - b);
    expect(at).toHaveLength(12);
    for (let i = 0; i + 5 < at.length; i++) expect(at[i + 5] - at[i]).toBeGreaterThanOrEqual(1000);
    expect(at[11] - at[0]).toBeLessThan(4000);
  });

  it('never has more than `concurrency` requests in flight', async () => {
    legacy.handler = (_req, res) => void setTimeout(() => res.end('ok'), 100);
    const c = client({ rateLimit: { perSecond: 100, concurrency: 2 } });
    await Promise.all(Array.from({ length: 6 }, () => c.request(get())));
    expect(legacy.arrivals).toHaveLength(6);
    expect(legacy.maxInFlight).toBe(2);
  });

  it('does not count unmetered requests (a login) against the rate limit, only against concurrency', async () => {
    const c = client({ rateLimit: { perSecond: 2, concurrency: 5 } });
    const answers = await Promise.all([c.request({ ...get(), unmetered: true }), c.request({ ...get(), unmetered: true }), c.request(get()), c.request(get())]);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const at = legacy.arrivals.map((a) => a.at).sort((a, b) => a - b);
    expect(at).toHaveLength(4);
    expect(at[3] - at[0]).toBeLessThan(500);
  });

  it('paces starts over the window it is given', async () => {
    const c = client({ rateLimit: { perSecond: 2, concurrency: 5, windowMs: 1300 } });
    // Measured from before the first start: the first arrival can be late (a new connection, a busy
    // machine), which shortened a gap measured between arrivals although the starts were paced.
    const sent = performance.now();
    await Promise.all(Array.from({ length: 3 }, () => c.request(get())));
    const at = legacy.arrivals.map((a) => a.at).sort((a, b) => a - b);
    expect(at[2] - sent).toBeGreaterThanOrEqual(1300);
  });

  it('sends retries through the limit too', async () => {
    legacy.answerInTurn(500, 500, 500);
    const c = client({ rateLimit: { perSecond: 5, concurrency: 5 }, retries: 3, backoff: { initialMs: 1, maxMs: 1 } });
    await Promise.all(Array.from({ length: 4 }, () => c.request(get())));
    const at = legacy.arrivals.map((a) => a.at).sort((a, b) => a - b);
    expect(at).toHaveLength(7);
    for (let i = 0; i + 5 < at.length; i++) expect(at[i + 5] - at[i]).toBeGreaterThanOrEqual(1000);
  });
});
