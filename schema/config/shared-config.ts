import type { CallerVerifierOptions } from '../caller';
import type { SharedCacheOptions } from '../cache/open-shared-cache';
import { redisUrlOf } from '../cache/redis-connection';
import { readVariables, type Env, type ValuesOf } from './read-variables';
import { AUTH_VARIABLES } from './auth-variables';
import { CACHE_VARIABLES } from './cache-variables';
import { ACCESS_LOG_VARIABLES, REGISTRY_SIGNING_VARIABLES, REGISTRY_STORE_VARIABLES } from './registry-variables';

/** Where the schema registry keeps its versions: Redis (with its key prefix) when a URL is given, else a file. */
export interface RegistryStoreConfig {
  redisUrl: string | null;
  redisPrefix: string;
  file: string;
  /** REGISTRY_SIGNING_KEY, when each new version is signed. */
  signingKey: string | null;
  /** USAGE_KEEP_DAYS: days of operation usage kept (default 90). */
  usageKeepDays?: number;
}

/** Where the access log is kept (Redis Streams when a URL is given, else a file) and how long a batch waits. */
export interface AccessLogConfig {
  redisUrl: string | null;
  redisPrefix: string;
  file: string;
  flushMs: number;
  /** REGISTRY_SIGNING_KEY, when the heads are signed. */
  signingKey: string | null;
}

/** REDIS_URL with REDIS_CLUSTER: every store reads the two together, as one URL. */
export type RedisUrlValues = { REDIS_URL: string | undefined; REDIS_CLUSTER: boolean };

export function accessLogOf(v: ValuesOf<typeof ACCESS_LOG_VARIABLES & typeof REGISTRY_SIGNING_VARIABLES> & RedisUrlValues): AccessLogConfig {
  return { redisUrl: redisUrlOf(v.REDIS_URL, v.REDIS_CLUSTER), redisPrefix: v.ACCESS_LOG_REDIS_PREFIX, file: v.ACCESS_LOG_FILE, flushMs: v.ACCESS_LOG_FLUSH_MS, signingKey: v.REGISTRY_SIGNING_KEY ?? null };
}

export function authOptionsOf(v: ValuesOf<typeof AUTH_VARIABLES>): CallerVerifierOptions {
  return {
    secret: v.JWT_SECRET ?? null,
    serviceSecret: v.SERVICE_TOKEN_SECRET ?? v.JWT_SECRET ?? null,
    jwksFile: v.JWT_JWKS_FILE ?? null,
    jwksUrl: v.JWT_JWKS_URL ?? null,
    issuer: v.JWT_ISSUER,
    audience: v.JWT_AUDIENCE,
    allowAnonymous: v.ALLOW_ANONYMOUS,
    clockToleranceSec: v.JWT_CLOCK_TOLERANCE_SEC,
  };
}

export function sharedCacheOptionsOf(v: ValuesOf<typeof CACHE_VARIABLES>): Required<SharedCacheOptions> {
  return {
    redisUrl: v.REDIS_URL ?? null,
    redisCluster: v.REDIS_CLUSTER,
    keyPrefix: v.CACHE_KEY_PREFIX,
    commandTimeoutMs: v.REDIS_COMMAND_TIMEOUT_MS,
    maxEntries: v.CACHE_MAX_ENTRIES,
  };
}

export function registryStoreOf(v: ValuesOf<typeof REGISTRY_STORE_VARIABLES> & RedisUrlValues): RegistryStoreConfig {
  return { redisUrl: redisUrlOf(v.REDIS_URL, v.REDIS_CLUSTER), redisPrefix: v.REGISTRY_REDIS_PREFIX, file: v.REGISTRY_FILE, signingKey: v.REGISTRY_SIGNING_KEY ?? null, usageKeepDays: v.USAGE_KEEP_DAYS };
}

/** Token verification alone (tests, and a subgraph started without a verifier: `loadAuthOptions({})` is the default). */
export function loadAuthOptions(env: Env): CallerVerifierOptions {
  return authOptionsOf(readVariables(AUTH_VARIABLES, env));
}

export function loadSharedCacheOptions(env: Env): Required<SharedCacheOptions> {
  return sharedCacheOptionsOf(readVariables(CACHE_VARIABLES, env));
}

export function loadRegistryStoreConfig(env: Env): RegistryStoreConfig {
  return registryStoreOf(readVariables({ ...REGISTRY_STORE_VARIABLES, REDIS_URL: CACHE_VARIABLES.REDIS_URL, REDIS_CLUSTER: CACHE_VARIABLES.REDIS_CLUSTER }, env));
}

/** The registry store with the CLI's `--redis` in place of REDIS_URL (REDIS_CLUSTER applying to it alike). */
export function loadRegistryStoreConfigWith(env: Env, redisUrl: string | undefined): RegistryStoreConfig {
  return loadRegistryStoreConfig(redisUrl ? { ...env, REDIS_URL: redisUrl } : env);
}

export function loadAccessLogConfig(env: Env): AccessLogConfig {
  return accessLogOf(readVariables({ ...ACCESS_LOG_VARIABLES, ...REGISTRY_SIGNING_VARIABLES, REDIS_URL: CACHE_VARIABLES.REDIS_URL, REDIS_CLUSTER: CACHE_VARIABLES.REDIS_CLUSTER }, env));
}
