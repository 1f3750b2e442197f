import type { ProvinceCode } from '../schema/model';
import { AUTH_VARIABLES } from '../schema/config/auth-variables';
import { CACHE_VARIABLES } from '../schema/config/cache-variables';
import { deepFreeze } from '../schema/config/deep-freeze';
import { GATEWAY_VARIABLES } from '../schema/config/gateway-variables';
import { readVariables, type Env } from '../schema/config/read-variables';
import { ACCESS_LOG_VARIABLES, REGISTRY_STORE_VARIABLES } from '../schema/config/registry-variables';
import { tokenKeyProblems } from '../schema/config/token-keys';
import { accessLogOf, authOptionsOf, registryStoreOf, sharedCacheOptionsOf, type AccessLogConfig, type RegistryStoreConfig } from '../schema/config/shared-config';
import type { GatewayCaching } from './caching-config';
import { webhooksOf, type WebhooksConfig } from '../schema/webhooks/config';
import { WEBHOOK_DELIVERY_VARIABLES, WEBHOOK_STORE_VARIABLES } from '../schema/config/webhook-variables';
import { DEFAULT_LIMITS } from './plugins/apollo/limits';
import type { GatewaySecurity } from './security-config';

export interface GraphiQLToken {
  /** The kind of caller, as `npm start` printed it ("exchange", "province JS", …). */
  name: string;
  token: string;
}

/** `name=token` pairs separated by spaces or newlines; names may hold spaces up to the `=`, tokens none. */
function graphiqlTokensOf(text: string | undefined): GraphiQLToken[] {
  return [...(text ?? '').matchAll(/([^=;]+)=([A-Za-z0-9_\-.]+)/g)].map((m) => ({ name: m[1].trim(), token: m[2] }));
}

export interface SubgraphEndpoint {
  name: string;
  url: string;
}

export interface GatewayConfig {
  host: string;
  port: number;
  region: SubgraphEndpoint;
  registry: SubgraphEndpoint | null;
  /** The credit platform's subgraph (CREDIT_URL); left out of the supergraph when unset. */
  credit: SubgraphEndpoint | null;
  provinces: Record<ProvinceCode, string>;
  /** A supergraph SDL file to serve instead of composing the subgraphs at start. */
  supergraphFile: string | null;
  /** Serve the schema registry's live version and hot-reload every new one; null: compose the subgraphs by introspection at start. */
  registrySource: { store: RegistryStoreConfig; waitForFirstMs: number } | null;
  /** The registry's store: the live sharing catalog the gateway follows (its answers are kept per catalog version), and where it counts operation usage. */
  registryStore: RegistryStoreConfig;
  /** Where each request that released conditional data, or wrote, is recorded. */
  accessLog: AccessLogConfig;
  /** Each province's deadline for one fetch. */
  shardTimeoutMs: number;
  bodyLimitBytes: number;
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  logLevel: string;
  /** Deadline of one readiness probe to a subgraph. */
  readyProbeTimeoutMs: number;
  /** How long one round of readiness probes answers /ready. */
  readyCacheMs: number;
  /** Distinct operation names in the metrics before the rest count as `__other__`. */
  metricsMaxOperationNames: number;
  /** Serve GraphiQL to browsers on GET /graphql. */
  graphiql: boolean;
  /** Development tokens preset as GraphiQL's headers (GRAPHIQL_TOKENS, set by `npm start`; never in production). */
  graphiqlTokens: readonly GraphiQLToken[];
  /** Redis and in-memory caches, persisted queries, plan cache, subgraph fetch de-duplication (see caching-config.ts). */
  caching: GatewayCaching;
  /** Worker processes (node:cluster) sharing the port; 1 runs the gateway in this process. */
  workers: number;
  /** Identical queries in flight (same body, Authorization, Accept) share one execution. */
  inboundDedup: boolean;
  /** The correction layer over Apollo's query planner; off only to measure its cost. */
  plannerCorrections: boolean;
  /** With plannerCorrections: sibling entity fetches to one subgraph at one path asked as one (gateway/planner-corrections/merge-sibling-fetches.ts). */
  mergeSiblingFetches: boolean;
  /** BATCH_SUBGRAPH_FETCHES: a request's fetches that leave for one subgraph together go as one operation. */
  batchSubgraphFetches: boolean;
  /** Answers shaped by steps compiled from the operation (gateway/executor/); off only to measure it. */
  compiledResultShaping: boolean;
  /** OWN_PLAN_EXECUTOR: plans run by gateway/executor/plan-executor.ts; off only to measure it. */
  ownPlanExecutor: boolean;
  /** Answers carry a `Server-Timing` header: where each request's time went (bench/, diagnosis). */
  serverTiming: boolean;
  /** JWT verification, request limits, introspection (see security-config.ts). */
  security: GatewaySecurity;
  subscriptions: SubscriptionsConfig;
  /** Webhooks fed by subscriptions and by the registry's events: their store, allow-list and retries. */
  webhooks: WebhooksConfig;
}

export interface SubscriptionsConfig {
  pollMs: number;
  perCaller: number;
  /** With Redis, how long a slot of the per-caller limit counts without being renewed. */
  slotTtlMs: number;
  /** Events a stream may hold back behind a connection that does not read, before it is closed as too slow. */
  maxQueuedEvents: number;
  /** How long a graphql-sse single-connection reservation lives without its event stream opened. */
  reservationTtlMs: number;
  retention: { ms: number; maxLength: number };
}

const GATEWAY_PROCESS_VARIABLES = { ...GATEWAY_VARIABLES, ...CACHE_VARIABLES, ...AUTH_VARIABLES, ...REGISTRY_STORE_VARIABLES, ...ACCESS_LOG_VARIABLES, ...WEBHOOK_STORE_VARIABLES, ...WEBHOOK_DELIVERY_VARIABLES } as const;

/** The gateway's configuration from its environment (and `--supergraph FILE`); every invalid variable fails here, by name. */
export function loadGatewayConfig(env: Env, argv: readonly string[] = []): GatewayConfig {
  const v = readVariables(GATEWAY_PROCESS_VARIABLES, env, (values) => tokenKeyProblems(values, values.NODE_ENV === 'production'));
  const production = v.NODE_ENV === 'production';
  const flag = argv.indexOf('--supergraph');
  const cache = sharedCacheOptionsOf(v);
  return deepFreeze({
    host: v.GATEWAY_HOST,
    port: v.GATEWAY_PORT,
    region: { name: 'region', url: v.REGION_URL },
    registry: v.REGISTRY_URL ? { name: 'registry', url: v.REGISTRY_URL } : null,
    credit: v.CREDIT_URL ? { name: 'credit', url: v.CREDIT_URL } : null,
    provinces: { SH: v.PROVINCE_SH_URL, JS: v.PROVINCE_JS_URL, ZJ: v.PROVINCE_ZJ_URL, AH: v.PROVINCE_AH_URL },
    supergraphFile: flag >= 0 ? (argv[flag + 1] ?? null) : (v.SUPERGRAPH_FILE ?? null),
    registrySource: v.SUPERGRAPH_SOURCE === 'registry' ? { store: registryStoreOf(v), waitForFirstMs: v.REGISTRY_WAIT_MS } : null,
    registryStore: registryStoreOf(v),
    accessLog: accessLogOf(v),
    shardTimeoutMs: v.SHARD_TIMEOUT_MS,
    bodyLimitBytes: v.GATEWAY_BODY_LIMIT_BYTES,
    logLevel: v.LOG_LEVEL,
    readyProbeTimeoutMs: v.READY_PROBE_TIMEOUT_MS,
    readyCacheMs: v.READY_CACHE_MS,
    metricsMaxOperationNames: v.METRICS_MAX_OPERATION_NAMES,
    graphiql: v.GRAPHIQL,
    graphiqlTokens: production ? [] : graphiqlTokensOf(v.GRAPHIQL_TOKENS),
    caching: {
      redisUrl: cache.redisUrl,
      redisCluster: cache.redisCluster,
      redisCommandTimeoutMs: cache.commandTimeoutMs,
      keyPrefix: cache.keyPrefix,
      maxEntries: cache.maxEntries,
      apqTtlSeconds: v.APQ_TTL_SECONDS,
      planCacheMaxBytes: v.PLAN_CACHE_MAX_MB * 1024 * 1024,
      subgraphDedup: v.SUBGRAPH_DEDUP,
      distinctRepresentations: v.DISTINCT_REPRESENTATIONS,
      responseCacheMaxBytes: v.RESPONSE_CACHE_MAX_MB * 1024 * 1024,
    },
    workers: Math.max(1, v.GATEWAY_WORKERS),
    inboundDedup: v.GATEWAY_INBOUND_DEDUP,
    serverTiming: v.GATEWAY_SERVER_TIMING,
    plannerCorrections: v.PLANNER_CORRECTIONS,
    mergeSiblingFetches: v.MERGE_SIBLING_FETCHES,
    batchSubgraphFetches: v.BATCH_SUBGRAPH_FETCHES,
    compiledResultShaping: v.COMPILED_RESULT_SHAPING,
    ownPlanExecutor: v.OWN_PLAN_EXECUTOR,
    subscriptions: { pollMs: v.SUBSCRIPTION_POLL_MS, perCaller: v.SUBSCRIPTIONS_PER_CALLER, slotTtlMs: v.SUBSCRIPTION_SLOT_TTL_MS, maxQueuedEvents: v.SUBSCRIBER_MAX_QUEUED_EVENTS, reservationTtlMs: v.SSE_RESERVATION_TTL_MS, retention: { ms: v.EVENTS_RETENTION_MS, maxLength: v.EVENTS_RETENTION_MAX } },
    webhooks: webhooksOf(v),
    security: {
      auth: authOptionsOf(v),
      limits: { ...DEFAULT_LIMITS, maxDepth: v.GATEWAY_MAX_DEPTH, maxAliases: v.GATEWAY_MAX_ALIASES, maxCost: v.GATEWAY_MAX_COST },
      maxTokens: v.GATEWAY_MAX_TOKENS,
      production,
    },
  });
}
