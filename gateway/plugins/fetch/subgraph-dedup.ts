import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { LRUCache } from 'lru-cache';
import { Counter, type Registry } from 'prom-client';
import type { GatewayContext } from '../../context';
import { forgetText, textOf } from '../../http/answer-text';
import { OperationTypes } from '../../http/operation-types';
import type { ShardCall, ShardRequest, ShardResponse, ShardTransport } from '../../shard-router/shard-transport';

/**
 * De-duplication of identical subgraph fetches in flight across concurrent requests (which
 * @apollo/gateway does not do): a fetch to the same subgraph or shard with the same query,
 * variables and forwarded Authorization as one already on its way waits for that one and gets
 * its own copy of the answer. Only queries: a mutation is always sent.
 */

interface Waiter<T> {
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

/** One answer, shared by every fetch with the same key while it is in flight. */
export class InflightFetches<T> {
  private readonly inflight = new Map<string, Waiter<T>[]>();

  constructor(
    private readonly copy: (value: T) => T,
    /** Called with the answer once every sharer has its copy (what only the copies needed can go). */
    private readonly copied?: (value: T) => void,
  ) {}

  get size(): number {
    return this.inflight.size;
  }

  /** `joined` is called when the fetch waits for one already in flight. */
  async share(key: string, fetch: () => Promise<T>, joined?: () => void): Promise<T> {
    const waiting = this.inflight.get(key);
    if (waiting) {
      joined?.();
      return new Promise<T>((resolve, reject) => waiting.push({ resolve, reject }));
    }
    const waiters: Waiter<T>[] = [];
    this.inflight.set(key, waiters);
    try {
      const value = await fetch();
      this.inflight.delete(key);
      // Copies are made before the first fetcher continues: nobody may see another's changes to the answer.
      for (const w of waiters) w.resolve(this.copy(value));
      this.copied?.(value);
      return value;
    } catch (error) {
      this.inflight.delete(key);
      for (const w of waiters) w.reject(error);
      throw error;
    }
  }
}

/** Each sharer's own answer: parsed again from the text it came as when that is known, cloned otherwise. */
function copyAnswer<T extends { data?: unknown; errors?: unknown; extensions?: unknown }>(answer: T): T {
  const text = textOf(answer);
  if (text !== undefined) {
    const { data, errors, extensions } = JSON.parse(text) as Pick<T, 'data' | 'errors' | 'extensions'>;
    return { ...answer, data, errors, extensions };
  }
  const copy = { ...answer };
  if (answer.data !== undefined) copy.data = structuredClone(answer.data);
  if (answer.errors !== undefined) copy.errors = structuredClone(answer.errors);
  if (answer.extensions !== undefined) copy.extensions = structuredClone(answer.extensions);
  return copy;
}

function dedupCounter(registry: Registry): Counter<'subgraph'> {
  const existing = registry.getSingleMetric('gateway_subgraph_fetch_dedup_total');
  if (existing) return existing as Counter<'subgraph'>;
  return new Counter({
    name: 'gateway_subgraph_fetch_dedup_total',
    help: 'Subgraph and shard fetches not sent because an identical one was in flight (they shared its answer)',
    labelNames: ['subgraph'],
    registers: [registry],
  });
}

/**
 * Query texts by a short number, so that a key does not copy the text: the planner hands every
 * request the same string object for a fetch, and V8 hashes a string object once.
 */
const queryIds = new LRUCache<string, number>({ max: 1000 });
let nextQueryId = 0;

function keyOf(target: string, query: string, variables: unknown, authorization: string | undefined): string {
  let id = queryIds.get(query);
  if (id === undefined) {
    id = nextQueryId++;
    queryIds.set(query, id);
  }
  return `${target}\u0000${authorization ?? ''}\u0000${id}\u0000${JSON.stringify(variables ?? null)}`;
}

/** Shares identical in-flight shard fetches (per province). Wraps the instrumented transport, so that metrics count real fetches. */
export class DedupShardTransport implements ShardTransport {
  private readonly fetches = new InflightFetches<ShardResponse>(copyAnswer, forgetText);
  private readonly joined: Counter<'subgraph'>;

  constructor(
    private readonly inner: ShardTransport,
    registry: Registry,
    private readonly operationTypes = new OperationTypes(),
  ) {
    this.joined = dedupCounter(registry);
  }

  send(call: ShardCall, request: ShardRequest): Promise<ShardResponse> {
    if (!this.operationTypes.onlyQueries(request.query)) return this.inner.send(call, request);
    const key = keyOf(`provinces/${call.province}`, request.query, request.variables, call.headers.authorization);
    return this.fetches.share(key, () => this.inner.send(call, request), () => this.joined.inc({ subgraph: `provinces/${call.province}` }));
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}

/** Shares identical in-flight fetches to one subgraph (region, registry). */
export function dedupDataSource(subgraph: string, source: GraphQLDataSource, registry: Registry, operationTypes = new OperationTypes()): GraphQLDataSource {
  const fetches = new InflightFetches<GatewayGraphQLResponse>(copyAnswer, forgetText);
  const joined = dedupCounter(registry);
  return {
    process(options: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
      const query = options.request.query;
      if (options.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION || !query || !operationTypes.onlyQueries(query)) return source.process(options);
      const authorization = (options.context as Partial<GatewayContext> | undefined)?.authorization;
      const key = keyOf(subgraph, query, options.request.variables, authorization);
      return fetches.share(key, () => source.process(options), () => joined.inc({ subgraph }));
    },
  };
}
