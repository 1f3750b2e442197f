import type { IBackoff, IBackoffFactory, IRetryBackoffContext } from 'cockatiel';

/** One failed attempt: no answer, no answer in time, or an answer that says "not now" (5xx, 429). */
export class AttemptFailure extends Error {
  constructor(
    readonly kind: 'network' | 'timeout' | 'status',
    readonly detail: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(detail);
  }

  /** A 429 is the system declining the request before acting on it: even a write may be sent again. */
  get refusedUnprocessed(): boolean {
    return this.kind === 'status' && this.status === 429;
  }

  /** A throttled system is alive: 429 does not count towards opening the breaker. */
  get countsAgainstSystem(): boolean {
    return this.kind !== 'status' || (this.status ?? 0) >= 500;
  }
}

/** Milliseconds to wait from a Retry-After header (delay-seconds or an HTTP date); undefined if absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Full jitter, except that a system's own Retry-After is followed to the letter. */
export class RetryAfterOrFullJitter implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(private readonly initialMs: number, private readonly maxMs: number) {}

  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const failure = 'error' in context.result ? context.result.error : undefined;
    const retryAfter = failure instanceof AttemptFailure ? failure.retryAfterMs : undefined;
    const ceiling = Math.min(this.maxMs, this.initialMs * 2 ** (context.attempt - 1));
    return { duration: retryAfter ?? Math.random() * ceiling, next: (c) => this.next(c) };
  }
}
