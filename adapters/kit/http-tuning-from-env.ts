import type { HttpTuning } from './adapter-options';

function int(env: NodeJS.ProcessEnv, name: string, min: number): number | undefined {
  const value = env[name];
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new RangeError(`${name} must be an integer >= ${min}, got "${value}"`);
  return n;
}

/**
 * The legacy HTTP client's resilience settings from the environment; what is not set keeps the
 * client's (or the adapter's) default: LEGACY_TIMEOUT_MS (per attempt), LEGACY_RETRIES (reads),
 * LEGACY_BACKOFF_INITIAL_MS, LEGACY_BACKOFF_MAX_MS, LEGACY_BREAKER_FAILURES (consecutive failures
 * that open the circuit), LEGACY_BREAKER_HALF_OPEN_MS (how long it stays open before one trial
 * call), LEGACY_RATE_PER_SECOND with LEGACY_CONCURRENCY (both, or neither).
 */
export function httpTuningFromEnv(env: NodeJS.ProcessEnv = process.env): HttpTuning {
  const tuning: HttpTuning = {};
  const timeoutMs = int(env, 'LEGACY_TIMEOUT_MS', 1);
  const retries = int(env, 'LEGACY_RETRIES', 0);
  const initialMs = int(env, 'LEGACY_BACKOFF_INITIAL_MS', 0);
  const maxMs = int(env, 'LEGACY_BACKOFF_MAX_MS', 0);
  const consecutiveFailures = int(env, 'LEGACY_BREAKER_FAILURES', 1);
  const halfOpenAfterMs = int(env, 'LEGACY_BREAKER_HALF_OPEN_MS', 1);
  const perSecond = int(env, 'LEGACY_RATE_PER_SECOND', 1);
  const concurrency = int(env, 'LEGACY_CONCURRENCY', 1);
  if (timeoutMs !== undefined) tuning.timeoutMs = timeoutMs;
  if (retries !== undefined) tuning.retries = retries;
  if (initialMs !== undefined || maxMs !== undefined) tuning.backoff = { ...(initialMs !== undefined ? { initialMs } : {}), ...(maxMs !== undefined ? { maxMs } : {}) };
  if (consecutiveFailures !== undefined || halfOpenAfterMs !== undefined) {
    tuning.breaker = { ...(consecutiveFailures !== undefined ? { consecutiveFailures } : {}), ...(halfOpenAfterMs !== undefined ? { halfOpenAfterMs } : {}) };
  }
  if ((perSecond === undefined) !== (concurrency === undefined)) throw new RangeError('LEGACY_RATE_PER_SECOND and LEGACY_CONCURRENCY go together');
  if (perSecond !== undefined && concurrency !== undefined) tuning.rateLimit = { perSecond, concurrency };
  return tuning;
}
