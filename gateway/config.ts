import { PROVINCE_CODES, type ProvinceCode } from '../schema/model';
import { cachingConfigFromEnv, type GatewayCaching } from './caching-config';
import { securityConfigFromEnv, type GatewaySecurity } from './security-config';

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
  /**
   * SUPERGRAPH_SOURCE=registry: serve the schema registry's live version and hot-reload every new
   * one (Redis when REDIS_URL is set, else the file REGISTRY_FILE). Default: compose the subgraphs
   * by introspection at start. REGISTRY_WAIT_MS: on an empty registry, how long to wait for the first
   * version (default 0: refuse to start).
   */
  registrySource: { redisUrl: string | null; file: string | null; waitForFirstMs: number } | null;
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
  /** Redis and in-memory caches, persisted queries, plan cache, subgraph fetch de-duplication (see caching-config.ts). */
  caching: GatewayCaching;
  /** Worker processes (node:cluster) sharing the port; 1 runs the gateway in this process. */
  workers: number;
  /** Identical queries in flight (same body, Authorization, Accept) share one execution. */
  inboundDedup: boolean;
  /** JWT verification, request limits, introspection (see security-config.ts). */
  security: GatewaySecurity;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function logLevel(value: string | undefined): string {
  const level = (value ?? 'info').toLowerCase();
  if (!LOG_LEVELS.includes(level)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
  return level;
}

function bool(value: string | undefined, fallback: boolean, name: string): boolean {
  if (value === undefined || value === '') return fallback;
  if (['true', '1', 'on', 'yes'].includes(value.toLowerCase())) return true;
  if (['false', '0', 'off', 'no'].includes(value.toLowerCase())) return false;
  throw new Error(`${name} must be true or false, got "${value}"`);
}

const DEFAULT_PROVINCE_PORTS: Record<ProvinceCode, number> = { SH: 4201, JS: 4202, ZJ: 4203, AH: 4204 };

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

function supergraphSource(env: NodeJS.ProcessEnv): 'introspection' | 'registry' {
  const value = (env.SUPERGRAPH_SOURCE ?? 'introspection').toLowerCase();
  if (value !== 'introspection' && value !== 'registry') throw new Error(`SUPERGRAPH_SOURCE must be introspection or registry, got "${env.SUPERGRAPH_SOURCE}"`);
  return value;
}

export function gatewayConfigFromEnv(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = []): GatewayConfig {
  const flag = argv.indexOf('--supergraph');
  const provinces = Object.fromEntries(
    PROVINCE_CODES.map((p) => [p, env[`PROVINCE_${p}_URL`] ?? `http://127.0.0.1:${DEFAULT_PROVINCE_PORTS[p]}/graphql`]),
  ) as Record<ProvinceCode, string>;
  return {
    host: env.GATEWAY_HOST ?? '127.0.0.1',
    port: int(env.GATEWAY_PORT, 4000, 'GATEWAY_PORT'),
    region: { name: 'region', url: env.REGION_URL ?? 'http://127.0.0.1:4210/graphql' },
    registry: env.REGISTRY_URL ? { name: 'registry', url: env.REGISTRY_URL } : null,
    credit: env.CREDIT_URL ? { name: 'credit', url: env.CREDIT_URL } : null,
    provinces,
    supergraphFile: flag >= 0 ? (argv[flag + 1] ?? null) : (env.SUPERGRAPH_FILE ?? null),
    registrySource:
      supergraphSource(env) === 'registry' ? { redisUrl: env.REDIS_URL || null, file: env.REGISTRY_FILE || null, waitForFirstMs: int(env.REGISTRY_WAIT_MS, 0, 'REGISTRY_WAIT_MS') } : null,
    shardTimeoutMs: int(env.SHARD_TIMEOUT_MS, 8000, 'SHARD_TIMEOUT_MS'),
    bodyLimitBytes: int(env.GATEWAY_BODY_LIMIT_BYTES, 1_000_000, 'GATEWAY_BODY_LIMIT_BYTES'),
    logLevel: logLevel(env.LOG_LEVEL),
    readyProbeTimeoutMs: int(env.READY_PROBE_TIMEOUT_MS, 1000, 'READY_PROBE_TIMEOUT_MS'),
    readyCacheMs: int(env.READY_CACHE_MS, 2000, 'READY_CACHE_MS'),
    metricsMaxOperationNames: int(env.METRICS_MAX_OPERATION_NAMES, 100, 'METRICS_MAX_OPERATION_NAMES'),
    graphiql: bool(env.GRAPHIQL, true, 'GRAPHIQL'),
    caching: cachingConfigFromEnv(env),
    workers: Math.max(1, int(env.GATEWAY_WORKERS, 1, 'GATEWAY_WORKERS')),
    inboundDedup: bool(env.GATEWAY_INBOUND_DEDUP, true, 'GATEWAY_INBOUND_DEDUP'),
    security: securityConfigFromEnv(env),
  };
}
