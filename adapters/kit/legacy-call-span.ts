import { BrokenCircuitError } from 'cockatiel';
import { SpanKind, inSpan, tracer } from '../../schema/telemetry/spans';
import { AttemptFailure } from './http-retry';
import type { LegacySource } from './errors';

export interface LegacyAttempt {
  system: LegacySource;
  /** Already redacted ("GET /api/v2/warnings"): never a URL with its query, never a credential. */
  endpoint: string;
  /** 1 for the first. */
  attempt: number;
  /** The system's host, for `server.address`. */
  host: string;
}

/** What became of an attempt: `ok` (any answer the adapter reads), the HTTP status class, `timeout`, `network`, or `circuit-open` (not sent). */
function outcomeOf(err: unknown): string {
  if (err instanceof BrokenCircuitError) return 'circuit-open';
  if (err instanceof AttemptFailure) return err.kind === 'status' ? `http-${err.status ?? 'error'}` : err.kind;
  return 'failed';
}

/**
 * One attempt of a legacy call in a client span: system, endpoint, attempt, outcome and how long
 * it waited for the rate limit. `run` calls `began()` when the attempt leaves the limiter.
 */
export function traceLegacyAttempt<T>(call: LegacyAttempt, run: (began: () => void) => Promise<T>): Promise<T> {
  const attributes = { 'yrd.legacy.system': call.system, 'yrd.legacy.endpoint': call.endpoint, 'yrd.legacy.attempt': call.attempt, 'server.address': call.host };
  return inSpan(tracer('yrd-adapter'), `legacy ${call.endpoint}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
    const queued = performance.now();
    let waitedMs = 0;
    try {
      const result = await run(() => (waitedMs = performance.now() - queued));
      span.setAttribute('yrd.legacy.outcome', 'ok');
      // An attempt may answer nothing (null: a file not there yet, a record not found).
      const status = typeof result === 'object' && result !== null ? (result as { status?: unknown }).status : undefined;
      if (typeof status === 'number') span.setAttribute('http.response.status_code', status);
      return result;
    } catch (err) {
      span.setAttribute('yrd.legacy.outcome', outcomeOf(err));
      if (err instanceof AttemptFailure && err.status !== undefined) span.setAttribute('http.response.status_code', err.status);
      throw err;
    } finally {
      span.setAttribute('yrd.legacy.rate_limit_wait_ms', Math.round(waitedMs * 10) / 10);
    }
  });
}
