import type { CacheBackendState } from './shared-cache';

export interface RetryWhileUpOptions {
  /** Tries in all, the first included. */
  attempts: number;
  /** The wait before the second try; it doubles before each next one. */
  retryMs: number;
}

/**
 * `first`, or `step` run again after waits doubling from `retryMs` until its result `succeeded`, up
 * to `attempts` in all, while the cache's Redis is up: a read or write Redis did not answer within
 * its command deadline is often answered the next time, whereas with Redis down (or no Redis) the
 * cache answers from memory at once and a retry would only delay the answer.
 */
export async function retryWhileUp<T>(cache: { readonly state: CacheBackendState }, first: T, step: () => Promise<T>, succeeded: (result: T) => boolean, options: RetryWhileUpOptions): Promise<T> {
  let wait = options.retryMs;
  let result = first;
  for (let attempt = 1; !succeeded(result) && attempt < options.attempts && cache.state === 'up'; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait *= 2;
    result = await step();
  }
  return result;
}
