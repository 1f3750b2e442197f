import { retryWhileUp } from '../../../schema/cache/retry-while-up';
import type { CacheBackendState } from '../../../schema/cache/shared-cache';

/** The one retry policy of the shared cache's callers (persisted queries, shared copies). */

describe('retryWhileUp', () => {
  afterEach(() => jest.useRealTimers());

  /** A step that fails until its `succeedOn`-th call, noting when (fake time) each call was made. */
  function steps(succeedOn: number): { step: () => Promise<boolean>; calls: number[] } {
    const calls: number[] = [];
    return {
      calls,
      step: async () => {
        calls.push(Date.now());
        return calls.length >= succeedOn;
      },
    };
  }

  it('answers the first result without a wait or a retry when it succeeded', async () => {
    const { step, calls } = steps(1);
    await expect(retryWhileUp({ state: 'up' }, true, step, (ok) => ok, { attempts: 4, retryMs: 50 })).resolves.toBe(true);
    expect(calls).toEqual([]);
  });

  it('runs the step again after waits doubling from retryMs until it succeeds', async () => {
    jest.useFakeTimers({ now: 0 });
    const { step, calls } = steps(3);
    const answer = retryWhileUp({ state: 'up' }, false, step, (ok) => ok, { attempts: 5, retryMs: 50 });
    await jest.advanceTimersByTimeAsync(1000);
    await expect(answer).resolves.toBe(true);
    expect(calls).toEqual([50, 150, 350]);
  });

  it('stops at `attempts` tries in all, the first included, and answers the last result', async () => {
    jest.useFakeTimers({ now: 0 });
    const results: string[] = [];
    const step = async () => `try ${results.push('x') + 1}`;
    const answer = retryWhileUp({ state: 'up' }, 'try 1', step, () => false, { attempts: 4, retryMs: 10 });
    await jest.advanceTimersByTimeAsync(1000);
    await expect(answer).resolves.toBe('try 4');
    expect(results).toHaveLength(3);
  });

  it.each<CacheBackendState>(['down', 'memory'])('does not retry while the cache is %s: memory has answered at once', async (state) => {
    const { step, calls } = steps(1);
    await expect(retryWhileUp({ state }, false, step, (ok) => ok, { attempts: 4, retryMs: 50 })).resolves.toBe(false);
    expect(calls).toEqual([]);
  });

  it('stops retrying once Redis goes down between tries', async () => {
    jest.useFakeTimers({ now: 0 });
    const cache: { state: CacheBackendState } = { state: 'up' };
    let calls = 0;
    const step = async () => {
      calls += 1;
      cache.state = 'down';
      return false;
    };
    const answer = retryWhileUp(cache, false, step, (ok) => ok, { attempts: 5, retryMs: 50 });
    await jest.advanceTimersByTimeAsync(1000);
    await expect(answer).resolves.toBe(false);
    expect(calls).toBe(1);
  });
});
