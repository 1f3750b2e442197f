import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallInfo } from '../../adapters/kit/http';
import type { LegacyCalls } from './province-request';

/**
 * Attributes legacy HTTP calls to the GraphQL request being answered. The adapter's HTTP client
 * reports every call through its `onCall` hook; the request's async context says whose it is.
 * A sync shared by concurrent requests counts for the one that started it.
 */
const scope = new AsyncLocalStorage<LegacyCalls>();

/** Pass as the adapter's `http.onCall` (HttpTuning) so that its calls are counted per request. */
export function countLegacyCall(info: CallInfo): void {
  const calls = scope.getStore();
  if (calls) calls[info.endpoint] = (calls[info.endpoint] ?? 0) + 1;
}

/** Runs `fn` with every legacy call it causes counted into `calls`. */
export function countingLegacyCalls<T>(calls: LegacyCalls, fn: () => T): T {
  return scope.run(calls, fn);
}

export function currentLegacyCalls(): LegacyCalls | undefined {
  return scope.getStore();
}
