import type { Clock } from '../clock';
import { ProvinceUnavailableError } from '../errors';
import type { LegacyCache } from './legacy-cache';
import { inSpan, tracer } from '../../../schema/telemetry/spans';

/** A cached answer and when (by the caller's clock, ms) it was fetched from the legacy system. */
export interface Stamped<T> {
  value: T;
  storedAt: number;
}

export type CacheOutcome = 'hit' | 'miss' | 'stale';

export interface ReadResult<T> {
  value: T;
  storedAt: number;
  /** Set when the system failed and this is the last good copy. */
  staleBecause: ProvinceUnavailableError | null;
  /** When (the caller's clock, ms) this answer stops being fresh; 0 for a stale one. */
  freshUntil: number;
}

export interface ReadThroughOptions {
  cache: LegacyCache;
  clock: Clock;
  /** How long past freshness a copy is kept for stale-if-error. */
  staleMs: number;
  onOutcome?: (kind: string, outcome: CacheOutcome) => void;
}

/**
 * Read-through with stale-if-error and single flight: a fresh copy is served as is; otherwise one
 * load runs for every concurrent reader of the key, and when the system is unavailable the last
 * good copy (kept `staleMs` past freshness) is served with the failure that made it stale.
 */
export class ReadThrough {
  private readonly inflight = new Map<string, Promise<ReadResult<unknown>>>();

  constructor(private readonly options: ReadThroughOptions) {}

  read<T>(kind: string, key: string, freshMs: number, load: () => Promise<T>): Promise<ReadResult<T>> {
    const running = this.inflight.get(key);
    if (running) return running as Promise<ReadResult<T>>;
    const started = inSpan(tracer('yrd-adapter'), `cache read ${kind}`, { attributes: { 'yrd.cache.kind': kind } }, (span) =>
      this.readOrLoad(key, freshMs, load, (outcome) => {
        span.setAttributes({ 'yrd.cache.outcome': outcome, 'yrd.cache.hit': outcome === 'hit', 'yrd.cache.stale': outcome === 'stale' });
        this.options.onOutcome?.(kind, outcome);
      }),
    ).finally(() => this.inflight.delete(key));
    this.inflight.set(key, started);
    return started;
  }

  private async readOrLoad<T>(key: string, freshMs: number, load: () => Promise<T>, onOutcome: (outcome: CacheOutcome) => void): Promise<ReadResult<T>> {
    const { cache, clock, staleMs } = this.options;
    const cached = await cache.get<Stamped<T>>(key).catch(() => undefined);
    if (cached && clock.now().getTime() - cached.storedAt < freshMs) {
      onOutcome('hit');
      return { value: cached.value, storedAt: cached.storedAt, staleBecause: null, freshUntil: cached.storedAt + freshMs };
    }
    const storedAt = clock.now().getTime();
    let value: T;
    try {
      value = await load();
    } catch (e) {
      if (!(e instanceof ProvinceUnavailableError) || !cached) throw e;
      onOutcome('stale');
      return { value: cached.value, storedAt: cached.storedAt, staleBecause: e, freshUntil: 0 };
    }
    onOutcome('miss');
    await cache.set(key, { value, storedAt } satisfies Stamped<T>, freshMs + staleMs).catch(() => undefined);
    return { value, storedAt, staleBecause: null, freshUntil: storedAt + freshMs };
  }
}
