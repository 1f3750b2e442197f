import { Counter, Gauge, Registry } from 'prom-client';
import type { CacheOutcome } from '../../adapters/kit/cache/read-through';
import type { BreakerState, CallInfo, RetryInfo } from '../../adapters/kit/http';
import type { ProvinceCode } from '../../schema/model';
import type { SharedCache } from '../../schema/cache/shared-cache';
import { ResilientCache } from '../../schema/cache/resilient-cache';
import type { CollectionQualityRow } from './data-quality';

const BREAKER_VALUE: Record<BreakerState, number> = { CLOSED: 0, HALF_OPEN: 1, OPEN: 2 };
const OTHER = '__other__';

/**
 * The province subgraph's Prometheus metrics (GET /metrics): legacy calls, retries and the circuit
 * breaker of its legacy system, cache hits, misses and stale answers, the Redis connection, and
 * the data quality of its copies (records and invalid records per collection, by reason).
 */
export class ProvinceMetrics {
  readonly registry = new Registry();
  private readonly calls: Counter<'province' | 'endpoint' | 'status'>;
  private readonly retries: Counter<'province' | 'endpoint'>;
  private readonly breaker: Gauge<'province'>;
  private readonly breakerChanges: Counter<'province' | 'state'>;
  private readonly cacheOutcomes: Counter<'province' | 'kind' | 'outcome'>;
  private readonly reconciliations: Counter<'province' | 'collection' | 'step'>;
  private readonly reconcileCalls: Counter<'province' | 'collection' | 'endpoint'>;
  private readonly reconcileLease: Gauge<'province' | 'collection'>;
  private readonly endpoints = new Set<string>();

  constructor(
    private readonly province: ProvinceCode,
    cache: SharedCache,
    private readonly maxEndpoints = 100,
  ) {
    const registers = [this.registry];
    this.calls = new Counter({ name: 'province_legacy_calls_total', help: 'Attempts to call the legacy system, by endpoint and HTTP status (or error, timeout)', labelNames: ['province', 'endpoint', 'status'], registers });
    this.retries = new Counter({ name: 'province_legacy_retries_total', help: 'Retries of idempotent legacy reads after a failed attempt', labelNames: ['province', 'endpoint'], registers });
    this.breaker = new Gauge({ name: 'province_legacy_breaker_state', help: 'Circuit breaker of the legacy system: 0 closed, 1 half-open, 2 open', labelNames: ['province'], registers });
    this.breakerChanges = new Counter({ name: 'province_legacy_breaker_transitions_total', help: 'Circuit breaker state changes, by the state entered', labelNames: ['province', 'state'], registers });
    this.cacheOutcomes = new Counter({
      name: 'province_cache_reads_total',
      help: 'Reads of legacy answers by kind: hit (no legacy call), miss (fetched), stale (the system failed, the last good copy served)',
      labelNames: ['province', 'kind', 'outcome'],
      registers,
    });
    this.reconciliations = new Counter({
      name: 'province_reconciliations_total',
      help: 'Background reconciliations of a copy with its system, by what they did: counted (the total matched), uncounted (the system reports no total and its full pull is not due: nothing asked), pulled (in full, removing what the system no longer holds), failed (copy marked stale), idle (no copy yet), shared (another replica reconciles it or just did)',
      labelNames: ['province', 'collection', 'step'],
      registers,
    });
    this.reconcileCalls = new Counter({
      name: 'province_reconcile_legacy_calls_total',
      help: 'Legacy calls made by reconciliations (the extra cost of detecting deletions), by collection and endpoint',
      labelNames: ['province', 'collection', 'endpoint'],
      registers,
    });
    this.reconcileLease = new Gauge({
      name: 'province_reconcile_lease_held',
      help: 'Whether this replica holds the lease on reconciling the collection now (1), the one replica of those sharing Redis that reconciles it',
      labelNames: ['province', 'collection'],
      registers,
    });
    this.breaker.set({ province }, 0);
    new Gauge({
      name: 'province_cache_redis_up',
      help: '1 while Redis answers, 0 while it is down (the subgraph serves from memory); absent without REDIS_URL',
      labelNames: ['province'],
      registers,
      collect() {
        if (cache.state !== 'memory') this.set({ province }, cache.state === 'up' ? 1 : 0);
      },
    });
    if (cache instanceof ResilientCache) {
      new Gauge({
        name: 'province_cache_redis_reconnects',
        help: 'Times the Redis connection came back since start',
        labelNames: ['province'],
        registers,
        collect() {
          this.set({ province }, cache.remote.reconnects);
        },
      });
      new Gauge({
        name: 'province_cache_redis_fallbacks',
        help: 'Cache reads and writes served from memory because Redis failed, since start',
        labelNames: ['province'],
        registers,
        collect() {
          this.set({ province }, cache.fallbacks);
        },
      });
    }
  }

  /** Gauges of records and invalid records per collection, read from `quality` at each scrape. */
  watchQuality(quality: () => readonly CollectionQualityRow[], maxReasons = 50): void {
    const province = this.province;
    const registers = [this.registry];
    const reasons = new Set<string>();
    const reasonLabel = (reason: string): string => {
      if (!reasons.has(reason) && reasons.size >= maxReasons) return OTHER;
      reasons.add(reason);
      return reason;
    };
    const perCollection = (name: string, help: string, value: (q: CollectionQualityRow) => number): void => {
      new Gauge({
        name,
        help,
        labelNames: ['province', 'collection'],
        registers,
        collect() {
          for (const q of quality()) this.set({ province, collection: q.collection }, value(q));
        },
      });
    };
    perCollection('province_data_records', "Records the legacy system holds per collection, the invalid ones included, as of the copy's last sync", (q) => q.records);
    perCollection('province_data_invalid_records', "Records per collection that cannot be mapped to the contract (left out of answers), as of the copy's last sync", (q) => q.invalid);
    new Gauge({
      name: 'province_data_invalid_records_by_reason',
      help: 'Invalid records per collection by reason (quoted values left out), and the unreadable values of valid records (a CAS number with a wrong check digit)',
      labelNames: ['province', 'collection', 'reason'],
      registers,
      collect() {
        this.reset();
        for (const q of quality()) {
          const counts = new Map<string, number>();
          for (const r of q.reasons) counts.set(reasonLabel(r.reason), (counts.get(reasonLabel(r.reason)) ?? 0) + r.count);
          for (const [reason, count] of counts) this.set({ province, collection: q.collection, reason }, count);
        }
      },
    });
  }

  readonly onCall = (info: CallInfo): void => {
    this.calls.inc({ province: this.province, endpoint: this.endpoint(info.endpoint), status: String(info.status) });
  };

  readonly onRetry = (info: RetryInfo): void => {
    this.retries.inc({ province: this.province, endpoint: this.endpoint(info.endpoint) });
  };

  readonly onBreakerStateChange = (state: BreakerState): void => {
    this.breaker.set({ province: this.province }, BREAKER_VALUE[state]);
    this.breakerChanges.inc({ province: this.province, state });
  };

  readonly onCacheOutcome = (kind: string, outcome: CacheOutcome): void => {
    this.cacheOutcomes.inc({ province: this.province, kind, outcome });
  };

  readonly onReconciled = (collection: string, step: string, calls: Readonly<Record<string, number>>): void => {
    this.reconciliations.inc({ province: this.province, collection, step });
    for (const [endpoint, n] of Object.entries(calls)) this.reconcileCalls.inc({ province: this.province, collection, endpoint: this.endpoint(endpoint) }, n);
  };

  readonly onReconcileLease = (collection: string, held: boolean): void => {
    this.reconcileLease.set({ province: this.province, collection }, held ? 1 : 0);
  };

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private endpoint(endpoint: string): string {
    if (this.endpoints.has(endpoint)) return endpoint;
    if (this.endpoints.size >= this.maxEndpoints) return OTHER;
    this.endpoints.add(endpoint);
    return endpoint;
  }
}
