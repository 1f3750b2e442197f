import type { ApolloGateway } from '@apollo/gateway';
import { LRUCache } from 'lru-cache';
import { Counter, Gauge, type Registry } from 'prom-client';

type GatewayOptions = NonNullable<ConstructorParameters<typeof ApolloGateway>[0]>;
type QueryPlanCache = NonNullable<NonNullable<GatewayOptions['queryPlannerConfig']>['cache']>;
type QueryPlan = NonNullable<Awaited<ReturnType<QueryPlanCache['get']>>>;

/** Rough bytes of a plan: its JSON length, counted once when stored. */
function approximateSize(plan: QueryPlan): number {
  try {
    return Math.max(1, JSON.stringify(plan, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)).length);
  } catch {
    return 1024;
  }
}

/**
 * The gateway's query plan cache, bounded by an approximate size in bytes (least recently used
 * plans go first), counting hits and misses. Plans are keyed by the gateway itself (operation
 * text hash and name) and are dropped when the supergraph changes.
 */
export class PlanCache implements QueryPlanCache {
  private readonly lru: LRUCache<string, QueryPlan>;
  private readonly lookups: Counter<'outcome'>;

  constructor(maxBytes: number, registry: Registry) {
    this.lru = new LRUCache<string, QueryPlan>({ maxSize: Math.max(1, maxBytes), sizeCalculation: approximateSize });
    this.lookups = new Counter({ name: 'gateway_plan_cache_lookups_total', help: 'Query plan cache lookups: hit or miss (the plan is computed)', labelNames: ['outcome'], registers: [registry] });
    const lru = this.lru;
    new Gauge({
      name: 'gateway_plan_cache_entries',
      help: 'Query plans held',
      registers: [registry],
      collect() {
        this.set(lru.size);
      },
    });
  }

  async get(key: string): Promise<QueryPlan | undefined> {
    const plan = this.lru.get(key);
    this.lookups.inc({ outcome: plan ? 'hit' : 'miss' });
    return plan;
  }

  async set(key: string, plan: QueryPlan): Promise<void> {
    this.lru.set(key, plan);
  }

  async delete(key: string): Promise<boolean> {
    return this.lru.delete(key);
  }

  clear(): void {
    this.lru.clear();
  }
}
