import * as http from 'node:http';
import * as https from 'node:https';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import Bottleneck from 'bottleneck';
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  type CircuitBreakerPolicy,
  type TimeoutPolicy,
} from 'cockatiel';
import { ProvinceUnavailableError, type LegacySource } from './errors';
import { AttemptFailure, RetryAfterOrFullJitter, parseRetryAfter } from './http-retry';
import { buildQuery, describeNetworkError, flattenHeaders, redactUrl } from './http-wire';
import { SlidingWindowPacer } from './sliding-window';
import { traceLegacyAttempt } from './legacy-call-span';
import { ErrorCodes } from '../../schema/error-codes';

/**
 * The one way adapters reach a legacy system: keep-alive connections, a timeout per attempt,
 * retries with backoff and full jitter for idempotent requests only (honouring Retry-After), a
 * circuit breaker per system, and a rate and concurrency limit. The body comes back raw (a Buffer):
 * encodings and envelopes are the adapter's business, and so is every answer but a 5xx or a 429.
 */

export interface LegacyRequest {
  method: 'GET' | 'POST';
  /** Appended to the base URL, without the query string. */
  path: string;
  /** Undefined values are left out. */
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Only idempotent requests are ever sent twice. */
  idempotent: boolean;
  /** Names the endpoint in metrics, logs and errors, e.g. "GET /api/v2/warnings"; never holds credentials. */
  endpoint: string;
  /** Not counted against the rate limit (e.g. a login, where the system limits requests per token); still under the concurrency limit. */
  unmetered?: boolean;
}

export interface LegacyResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

export interface LegacyStreamedResponse {
  status: number;
  headers: Record<string, string>;
  body: Readable;
}

export interface CallInfo {
  province: LegacySource;
  endpoint: string;
  status: number | 'error' | 'timeout';
  ms: number;
  /** 1 for the first attempt. */
  attempt: number;
}

export interface RetryInfo {
  province: LegacySource;
  endpoint: string;
  /** The attempt that failed. */
  attempt: number;
  delayMs: number;
  reason: string;
}

export type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface LegacyHttpClientOptions {
  province: LegacySource;
  /** The system's origin, e.g. "http://127.0.0.1:4104". */
  baseUrl: string;
  /** Per attempt, from sending to the last byte. Default 5000. */
  timeoutMs?: number;
  /** Further attempts after the first, for idempotent requests. Default 2. */
  retries?: number;
  /**
   * At most `perSecond` requests in any one-second window at the system and `concurrency` at once.
   * Starts are paced over `windowMs` (default 1050): the spare beyond a second absorbs jitter on the
   * way there. Default: none.
   */
  rateLimit?: { perSecond: number; concurrency: number; windowMs?: number };
  /** Opens after `consecutiveFailures` (default 5) and lets a trial call through after `halfOpenAfterMs` (default 10 000). */
  breaker?: { consecutiveFailures?: number; halfOpenAfterMs?: number };
  /** Exponential backoff with full jitter: a random delay below min(maxMs, initialMs × 2^(retry − 1)). Defaults 100 and 2000. */
  backoff?: { initialMs?: number; maxMs?: number };
  /** A Retry-After longer than this is not waited for: the request gives up at once. Default 10 000. */
  maxRetryAfterMs?: number;
  onCall?: (info: CallInfo) => void;
  onRetry?: (info: RetryInfo) => void;
  onBreakerStateChange?: (state: BreakerState, province: LegacySource) => void;
}

/** Pacing a one-second limit over 1.05 s keeps calls delayed unevenly on the way from arriving in a burst. */
export const DEFAULT_RATE_WINDOW_MS = 1050;

const BREAKER_STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'CLOSED',
  [CircuitState.Open]: 'OPEN',
  [CircuitState.HalfOpen]: 'HALF_OPEN',
  [CircuitState.Isolated]: 'OPEN',
};

export class LegacyHttpClient {
  readonly province: LegacySource;
  private readonly baseUrl: string;
  private readonly host: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly maxRetryAfterMs: number;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly axios: AxiosInstance;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly perAttemptTimeout: TimeoutPolicy;
  private readonly limiter: Bottleneck | null;
  private readonly pacer: SlidingWindowPacer | null;

  constructor(private readonly options: LegacyHttpClientOptions) {
    this.province = options.province;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.host = new URL(this.baseUrl).hostname;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.retries = Math.max(0, options.retries ?? 2);
    this.backoff = { initialMs: options.backoff?.initialMs ?? 100, maxMs: options.backoff?.maxMs ?? 2000 };
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 10_000;

    const maxSockets = options.rateLimit?.concurrency ?? Infinity;
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets });
    this.axios = axios.create({
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
      responseType: 'arraybuffer',
      validateStatus: () => true,
      maxRedirects: 0,
      proxy: false,
      transformRequest: [(data: unknown) => data],
      transformResponse: [(data: unknown) => data],
    });

    this.breaker = circuitBreaker(
      handleWhen((err) => err instanceof AttemptFailure && err.countsAgainstSystem),
      {
        halfOpenAfter: options.breaker?.halfOpenAfterMs ?? 10_000,
        breaker: new ConsecutiveBreaker(options.breaker?.consecutiveFailures ?? 5),
      },
    );
    this.breaker.onStateChange((state) => options.onBreakerStateChange?.(BREAKER_STATES[state], this.province));
    this.perAttemptTimeout = timeout(this.timeoutMs, TimeoutStrategy.Aggressive);

    const limit = options.rateLimit;
    if (limit && !(limit.perSecond > 0 && limit.concurrency >= 1)) {
      throw new RangeError(`rateLimit needs perSecond > 0 and concurrency >= 1, got ${JSON.stringify(limit)}`);
    }
    this.limiter = limit ? new Bottleneck({ maxConcurrent: limit.concurrency }) : null;
    this.pacer = limit ? new SlidingWindowPacer(limit.perSecond, limit.windowMs ?? DEFAULT_RATE_WINDOW_MS) : null;
  }

  get breakerState(): BreakerState {
    return BREAKER_STATES[this.breaker.state];
  }

  async request(request: LegacyRequest): Promise<LegacyResponse> {
    return this.call(request, (req, url, n) => this.send(req, url, n));
  }

  private async call<T>(request: LegacyRequest, once: (req: LegacyRequest, url: string, attempt: number) => Promise<T>): Promise<T> {
    const req = { ...request, endpoint: redactUrl(request.endpoint) };
    const url = `${this.baseUrl}${req.path}${buildQuery(req.query)}`;
    let attempts = 0;
    const attempt = (): Promise<T> => {
      const n = ++attempts;
      return traceLegacyAttempt({ system: this.province, endpoint: req.endpoint, attempt: n, host: this.host }, (began) =>
        this.breaker.execute(() => this.limited(() => {
          began();
          return once(req, url, n);
        }, !req.unmetered)),
      );
    };
    try {
      const policy = retry(
        handleWhen((err) => err instanceof AttemptFailure && (req.idempotent || err.refusedUnprocessed) && (err.retryAfterMs ?? 0) <= this.maxRetryAfterMs),
        { maxAttempts: this.retries, backoff: new RetryAfterOrFullJitter(this.backoff.initialMs, this.backoff.maxMs) },
      );
      policy.onRetry((event) => {
        const reason = 'error' in event && event.error instanceof AttemptFailure ? event.error.detail : 'failed';
        this.options.onRetry?.({ province: this.province, endpoint: req.endpoint, attempt: event.attempt, delayMs: Math.round(event.delay), reason });
      });
      return await policy.execute(() => attempt());
    } catch (err) {
      throw this.giveUp(req, err, attempts);
    }
  }

  /**
   * Like `request`, but the body is handed to `consume` as a stream while it arrives, within the
   * attempt's timeout, so that a large file is never held whole. Retries and the breaker apply to
   * the request; a failure of `consume` is not retried and comes back as it was thrown.
   */
  async stream<T>(request: LegacyRequest, consume: (answer: LegacyStreamedResponse) => Promise<T>): Promise<T> {
    return this.call(request, (req, url, n) => this.exchange(req, url, n, 'stream', (res, headers) => consume({ status: res.status, headers, body: res.data as Readable })));
  }

  /** Closes the kept-alive connections; requests still in flight fail. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private limited<T>(fn: () => Promise<T>, metered: boolean): Promise<T> {
    const { limiter, pacer } = this;
    if (!limiter) return fn();
    return limiter.schedule(async () => {
      const answered = metered ? await pacer?.acquire() : undefined;
      try {
        return await fn();
      } finally {
        answered?.();
      }
    });
  }

  private send(req: LegacyRequest, url: string, attempt: number): Promise<LegacyResponse> {
    return this.exchange(req, url, attempt, 'arraybuffer', async (res, headers) => ({ status: res.status, headers, body: Buffer.isBuffer(res.data) ? res.data : Buffer.from(res.data ?? '') }));
  }

  /**
   * One attempt: the request, then `read` on the answer within the same per-attempt timeout. A 5xx
   * or 429 fails the attempt (retried, counted by the breaker); what `read` throws is the caller's
   * own failure and passes through unchanged.
   */
  private async exchange<T>(req: LegacyRequest, url: string, attempt: number, responseType: 'arraybuffer' | 'stream', read: (res: AxiosResponse, headers: Record<string, string>) => Promise<T>): Promise<T> {
    const started = performance.now();
    const report = (status: CallInfo['status']): void =>
      this.options.onCall?.({ province: this.province, endpoint: req.endpoint, status, ms: performance.now() - started, attempt });
    let answered = false;
    try {
      return await this.perAttemptTimeout.execute(async ({ signal }) => {
        const res = await this.axios.request({
          method: req.method,
          url,
          headers: req.headers,
          data: typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body,
          signal,
          responseType,
        });
        answered = true;
        report(res.status);
        const headers = flattenHeaders(res.headers);
        if (res.status >= 500 || res.status === 429) {
          if (res.data instanceof Readable) res.data.resume();
          const retryAfter = res.status === 429 || res.status === 503 ? parseRetryAfter(headers['retry-after']) : undefined;
          throw new AttemptFailure('status', `HTTP ${res.status}`, res.status, retryAfter);
        }
        return read(res, headers);
      });
    } catch (err) {
      if (err instanceof AttemptFailure) throw err;
      if (err instanceof TaskCancelledError) {
        if (!answered) report('timeout');
        throw new AttemptFailure('timeout', `no answer within ${this.timeoutMs} ms`);
      }
      if (answered) throw err;
      report('error');
      throw new AttemptFailure('network', describeNetworkError(err));
    }
  }

  private giveUp(req: LegacyRequest, err: unknown, attempts: number): Error {
    const where = `${this.province} ${req.endpoint}`;
    const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
    if (err instanceof BrokenCircuitError) {
      return ProvinceUnavailableError.unavailable(this.province, `${where}: circuit open after repeated failures, not called`, req.endpoint, 'not-sent');
    }
    if (err instanceof AttemptFailure) {
      const code = err.kind === 'timeout' ? ErrorCodes.PROVINCE_TIMEOUT : ErrorCodes.PROVINCE_UNAVAILABLE;
      const waitedTooLong = err.retryAfterMs !== undefined && err.retryAfterMs > this.maxRetryAfterMs && (req.idempotent || err.refusedUnprocessed);
      const detail = waitedTooLong ? `${err.detail}, Retry-After ${Math.round((err.retryAfterMs ?? 0) / 1000)} s is too long to wait` : err.detail;
      const delivery = err.refusedUnprocessed ? 'not-sent' : err.kind === 'status' ? 'answered' : 'unknown';
      return new ProvinceUnavailableError(this.province, code, `${where}: ${detail} after ${tries}`, req.endpoint, delivery);
    }
    return err instanceof Error ? err : new Error(String(err));
  }
}
