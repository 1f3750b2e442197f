import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The label value every name past the cap is counted under. */
export const OTHER_LABEL = '__other__';
export const ANONYMOUS_OPERATION = 'anonymous';

/** A label whose distinct values are capped, so that callers cannot grow the series without bound. */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(private readonly max: number) {}

  value(raw: string): string {
    if (this.seen.has(raw)) return raw;
    if (this.seen.size >= this.max) return OTHER_LABEL;
    this.seen.add(raw);
    return raw;
  }
}

export interface GatewayMetricsOptions {
  /** Distinct operation names before the rest count as `__other__`. */
  maxOperationNames?: number;
  /** Distinct error codes before the rest count as `__other__`. */
  maxErrorCodes?: number;
  /** Distinct legacy endpoints before the rest count as `__other__`. */
  maxLegacyEndpoints?: number;
  /** Node process metrics (CPU, memory, event loop, GC). */
  processMetrics?: boolean;
}

export type FetchOutcome = 'ok' | 'error' | 'timeout' | 'unavailable';

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** The gateway's Prometheus metrics, in a registry of their own. */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'operation' | 'outcome'>;
  readonly requestDuration: Histogram<'operation'>;
  readonly errors: Counter<'operation' | 'code'>;
  readonly subgraphFetches: Counter<'subgraph' | 'outcome'>;
  readonly subgraphFetchDuration: Histogram<'subgraph' | 'outcome'>;
  readonly shardFetches: Counter<'province' | 'outcome'>;
  readonly shardFetchDuration: Histogram<'province' | 'outcome'>;
  readonly legacyCalls: Counter<'province' | 'endpoint'>;
  private readonly operations: BoundedLabel;
  private readonly codes: BoundedLabel;
  private readonly endpoints: BoundedLabel;

  constructor(options: GatewayMetricsOptions = {}) {
    this.operations = new BoundedLabel(options.maxOperationNames ?? 100);
    this.codes = new BoundedLabel(options.maxErrorCodes ?? 100);
    this.endpoints = new BoundedLabel(options.maxLegacyEndpoints ?? 200);
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'gateway_graphql_requests_total',
      help: 'GraphQL requests by operation name and outcome (ok: no errors)',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.requestDuration = new Histogram({
      name: 'gateway_graphql_request_duration_seconds',
      help: 'GraphQL request latency by operation name',
      labelNames: ['operation'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.errors = new Counter({
      name: 'gateway_graphql_errors_total',
      help: 'Errors in GraphQL responses by operation name and error code',
      labelNames: ['operation', 'code'],
      registers,
    });
    this.subgraphFetches = new Counter({
      name: 'gateway_subgraph_fetches_total',
      help: 'Fetches the query plan made to each subgraph, by outcome',
      labelNames: ['subgraph', 'outcome'],
      registers,
    });
    this.subgraphFetchDuration = new Histogram({
      name: 'gateway_subgraph_fetch_duration_seconds',
      help: 'Latency of fetches to each subgraph',
      labelNames: ['subgraph', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.shardFetches = new Counter({
      name: 'gateway_shard_fetches_total',
      help: 'Fetches the shard router made to each province subgraph, by outcome',
      labelNames: ['province', 'outcome'],
      registers,
    });
    this.shardFetchDuration = new Histogram({
      name: 'gateway_shard_fetch_duration_seconds',
      help: 'Latency of fetches to each province subgraph',
      labelNames: ['province', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.legacyCalls = new Counter({
      name: 'gateway_legacy_calls_total',
      help: 'Calls to the provinces legacy systems, as reported by the province subgraphs (extensions.legacyCalls)',
      labelNames: ['province', 'endpoint'],
      registers,
    });
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  operationLabel(name: string | null | undefined): string {
    return name ? this.operations.value(name) : ANONYMOUS_OPERATION;
  }

  recordRequest(operationName: string | null | undefined, seconds: number, errorCodes: readonly string[]): void {
    const operation = this.operationLabel(operationName);
    this.requests.inc({ operation, outcome: errorCodes.length > 0 ? 'error' : 'ok' });
    this.requestDuration.observe({ operation }, seconds);
    for (const code of errorCodes) this.errors.inc({ operation, code: this.codes.value(code) });
  }

  recordSubgraphFetch(subgraph: string, outcome: FetchOutcome, seconds: number): void {
    this.subgraphFetches.inc({ subgraph, outcome });
    this.subgraphFetchDuration.observe({ subgraph, outcome }, seconds);
  }

  recordShardFetch(province: string, outcome: FetchOutcome, seconds: number): void {
    this.shardFetches.inc({ province, outcome });
    this.shardFetchDuration.observe({ province, outcome }, seconds);
  }

  recordLegacyCalls(province: string, calls: Readonly<Record<string, number>>): void {
    for (const [endpoint, count] of Object.entries(calls)) {
      this.legacyCalls.inc({ province, endpoint: this.endpoints.value(endpoint) }, count);
    }
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
