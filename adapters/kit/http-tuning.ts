import type { LEGACY_HTTP_VARIABLES } from '../../schema/config/legacy-variables';
import type { ConfigProblem, Env, ValuesOf } from '../../schema/config/read-variables';
import type { HttpTuning } from './adapter-options';

type LegacyHttpValues = ValuesOf<typeof LEGACY_HTTP_VARIABLES>;

/** The fields that are set (an unset one keeps its default where the object is spread). */
export function defined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** The LEGACY_* tuning a process was given; what is unset keeps the client's (or the adapter's) default. */
export function httpTuningOf(v: LegacyHttpValues): HttpTuning {
  const backoff = defined({ initialMs: v.LEGACY_BACKOFF_INITIAL_MS, maxMs: v.LEGACY_BACKOFF_MAX_MS });
  const breaker = defined({ consecutiveFailures: v.LEGACY_BREAKER_FAILURES, halfOpenAfterMs: v.LEGACY_BREAKER_HALF_OPEN_MS });
  return {
    ...defined({ timeoutMs: v.LEGACY_TIMEOUT_MS, retries: v.LEGACY_RETRIES }),
    ...(Object.keys(backoff).length > 0 ? { backoff } : {}),
    ...(Object.keys(breaker).length > 0 ? { breaker } : {}),
    ...(v.LEGACY_RATE_PER_SECOND !== undefined && v.LEGACY_CONCURRENCY !== undefined ? { rateLimit: { perSecond: v.LEGACY_RATE_PER_SECOND, concurrency: v.LEGACY_CONCURRENCY } } : {}),
  };
}

/** LEGACY_RATE_PER_SECOND and LEGACY_CONCURRENCY go together: both, or neither. */
export function httpTuningProblems(v: LegacyHttpValues, env: Env): ConfigProblem[] {
  if ((v.LEGACY_RATE_PER_SECOND === undefined) === (v.LEGACY_CONCURRENCY === undefined)) return [];
  return [{ variable: 'LEGACY_RATE_PER_SECOND', value: env.LEGACY_RATE_PER_SECOND, reason: 'goes together with LEGACY_CONCURRENCY (both, or neither)' }];
}
