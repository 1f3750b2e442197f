import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DestinationStream } from 'pino';
import { adapterFor } from '../../adapters';
import { loadLegacySystems } from '../../schema/config/legacy-config';
import type { HttpTuning } from '../../adapters/kit/adapter-options';
import { Clock } from '../../adapters/kit/clock';
import { loadGatewayConfig, type GatewayConfig } from '../../gateway/config';
import { startGateway, type RunningGateway } from '../../gateway/server';
import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import { SimClock } from '../../simulators/common/clock';
import type { SimServer } from '../../simulators/common/sim-server';
import { loadDataset } from './test-dataset';
import type { CanonicalDataset } from '../../simulators/dataset/types';
import { createSimulators } from '../../simulators/main';
import type { MutualAidStores } from '../../subgraphs/province/mutual-aid/stores';
import type { MaxAges } from '../../subgraphs/province/province-data';
import { startProvinceSubgraph, type RunningProvinceSubgraph } from '../../subgraphs/province/server';
import type { LogLine } from '../../subgraphs/province/quality-log';
import { openSharedCache } from '../../schema/cache/open-shared-cache';
import { startRegionSubgraph } from '../../subgraphs/region/server';
import { loadCreditPlatform } from '../../schema/config/legacy-config';
import { startCreditSubgraph, type RunningCreditSubgraph } from '../../subgraphs/credit/server';
import { createCreditSimulator, type CreditQuirks } from '../../simulators/credit';
import { RECONCILE_OFF, type ReconcileOptions } from '../../subgraphs/province/reconcile-config';
import type { RegistryStoreConfig } from '../../schema/config/shared-config';
import { LiveCatalog } from '../../schema/registry/catalog/live-catalog';
import { openCatalogStore } from '../../schema/registry/catalog/open-catalog-store';
import { TEST_AUTH_ENV, mintToken, testVerifier, type TokenClaims, type TokenOptions } from './tokens';

/**
 * The whole federation in one test process, every piece on its own ephemeral loopback port and
 * talking real HTTP: four simulated legacy systems, four province subgraphs with their real
 * adapters, the region subgraph and the gateway.
 */

export const TEST_NOW = new Date('2026-07-12T04:00:00Z');

export interface FederationOptions {
  seed?: string;
  now?: Date;
  scale?: number;
  /** Each province's deadline for one gateway fetch. */
  shardTimeoutMs?: number;
  /** Extra environment for the gateway's configuration. */
  gatewayEnv?: NodeJS.ProcessEnv;
  /** Per-attempt legacy timeout in the adapters. */
  legacyTimeoutMs?: number;
  /**
   * The caller `query()` presents when no headers are given (default anonymous: conditional
   * fields answer null with FORBIDDEN); e.g. EVERY_ENTRY from ./tokens for a test of data, not rights.
   */
  caller?: TokenClaims;
  /** Where the gateway's JSON log lines go (set LOG_LEVEL in gatewayEnv to see them). */
  logDestination?: DestinationStream;
  /** Where the province subgraphs' structured log lines go (the data-quality summaries); default nowhere. */
  provinceLog?: (line: LogLine) => void;
  /** More tuning of the adapters' HTTP clients (breaker, retries, rate limit). */
  legacyHttp?: HttpTuning;
  /** Each province subgraph's mutual-aid journal and locks (default in process). */
  mutualAid?: (province: ProvinceCode) => MutualAidStores;
  /** How long the province subgraphs' replicas serve before re-syncing, per collection. */
  replicaMaxAgeMs?: Partial<MaxAges>;
  /** How long past its maximum age a replica serves the later pages of a pull begun on it. */
  replicaPullWindowMs?: number;
  /** How the province subgraphs' copies reconcile with their systems (default off, so that no background call lands in a test's counts). */
  reconcile?: ReconcileOptions;
  /** The subgraphs' clock (default: TEST_NOW on, with real time); a test that moves the simulated clock far moves this one too. */
  clock?: Clock;
  /** Redis for the province subgraphs' caches and the gateway's persisted queries (memory stays behind it); keys under a prefix of this federation's own. */
  redisUrl?: string;
  /** The credit platform's simulator and subgraph (default on); its quirks default to none (no late file, no bad hash). */
  credit?: boolean;
  creditQuirks?: Partial<CreditQuirks>;
  /** How long the credit subgraph's copy serves before the manifest is asked again. */
  creditMaxAgeMs?: number;
  /** A registry store whose live sharing catalog the province subgraphs follow (default: sharing-catalog.md's, fixed). */
  catalogStore?: RegistryStoreConfig;
}

export interface GraphQLAnswer<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

export interface Federation {
  url: string;
  dataset: CanonicalDataset;
  simClock: SimClock;
  sims: Record<ProvinceCode, SimServer>;
  /** The credit platform and its subgraph; null with `credit: false`. */
  creditSim: SimServer<'CR'> | null;
  credit: RunningCreditSubgraph | null;
  gateway: RunningGateway;
  /** The gateway's configuration, to start another gateway on the same subgraphs (and Redis). */
  gatewayConfig: GatewayConfig;
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLAnswer<T>>;
  /** A signed token the whole test federation accepts (gateway and subgraphs share TEST_JWT_SECRET). */
  token(claims: TokenClaims, options?: TokenOptions): Promise<string>;
  /** The province subgraphs' own endpoints, for requests that bypass the gateway. */
  provinceUrls: Record<ProvinceCode, string>;
  /** The running province subgraphs (their copies, reconcilers and metrics). */
  provinces: Record<ProvinceCode, RunningProvinceSubgraph>;
  /** Legacy calls per province since the last reset, by endpoint. */
  legacyCalls(): Record<ProvinceCode, Record<string, number>>;
  resetLegacyCalls(): void;
  close(): Promise<void>;
}

const SIM_ENV_KEYS: Record<ProvinceCode, string> = { SH: 'LEGACY_SH_URL', JS: 'LEGACY_JS_URL', ZJ: 'LEGACY_ZJ_URL', AH: 'LEGACY_AH_URL' };

export async function startFederation(options: FederationOptions = {}): Promise<Federation> {
  const now = options.now ?? TEST_NOW;
  const dataset = loadDataset({ seed: options.seed ?? 'test', now, scale: options.scale ?? 1 });
  const simClock = new SimClock(now);
  const closers: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    for (const c of closers.reverse()) await c().catch(() => undefined);
  };
  try {
    const sims = createSimulators(dataset, simClock, { maintenanceWindow: false });
    const env: NodeJS.ProcessEnv = {};
    for (const p of PROVINCE_CODES) {
      env[SIM_ENV_KEYS[p]] = await sims[p].listen(0);
      closers.push(() => sims[p].close());
    }
    const clock = options.clock ?? Clock.startingAt(now);
    const provinceUrls = {} as Record<ProvinceCode, string>;
    const provinces = {} as Record<ProvinceCode, RunningProvinceSubgraph>;
    const keyPrefix = `federation-${Math.random().toString(36).slice(2)}:`;
    for (const p of PROVINCE_CODES) {
      const cache = options.redisUrl ? openSharedCache({ redisUrl: options.redisUrl, keyPrefix }) : undefined;
      if (cache) closers.push(() => cache.close());
      const tuning: HttpTuning = { timeoutMs: options.legacyTimeoutMs ?? 3000, backoff: { initialMs: 20, maxMs: 200 }, ...options.legacyHttp };
      const catalog = options.catalogStore ? await new LiveCatalog(openCatalogStore(options.catalogStore, { watchIntervalMs: 100 })).start() : undefined;
      if (catalog) closers.push(() => catalog.close());
      const subgraph = await startProvinceSubgraph({ province: p, catalog, adapter: (http) => adapterFor(p, loadLegacySystems(env), clock, { ...tuning, ...http }), clock, port: 0, auth: testVerifier(options.gatewayEnv), mutualAid: options.mutualAid?.(p), maxAgeMs: options.replicaMaxAgeMs, pullWindowMs: options.replicaPullWindowMs, cache, reconcile: options.reconcile ?? RECONCILE_OFF, log: options.provinceLog });
      provinceUrls[p] = subgraph.url;
      provinces[p] = subgraph;
      closers.push(() => subgraph.close());
    }
    const region = await startRegionSubgraph({ port: 0, auth: testVerifier(options.gatewayEnv) });
    closers.push(() => region.close());
    let creditSim: SimServer<'CR'> | null = null;
    let credit: RunningCreditSubgraph | null = null;
    if (options.credit !== false) {
      const sim = createCreditSimulator({ dataset, clock: simClock, credentials: { user: 'demo-cr', password: 'demo-cr-password' }, quirks: { lateMs: 0, corruptFirstDownload: false, ...options.creditQuirks } });
      creditSim = sim;
      const platform = loadCreditPlatform({ LEGACY_CR_URL: await sim.listen(0) });
      closers.push(() => sim.close());
      const cache = options.redisUrl ? openSharedCache({ redisUrl: options.redisUrl, keyPrefix }) : undefined;
      if (cache) closers.push(() => cache.close());
      const started = await startCreditSubgraph({ clock, platform, port: 0, auth: testVerifier(options.gatewayEnv), cache, maxAgeMs: options.creditMaxAgeMs, http: { timeoutMs: options.legacyTimeoutMs ?? 3000, backoff: { initialMs: 20, maxMs: 200 }, ...options.legacyHttp } });
      credit = started;
      closers.push(() => started.close());
    }
    const accessLogFile = path.join(os.tmpdir(), `yrd-access-${keyPrefix.replace(/\W/g, '')}.jsonl`);
    closers.push(() => rm(accessLogFile, { force: true }));
    // The registry's file store and the usage beside it, this federation's own (not the working tree's .registry/).
    const registryDir = await mkdtemp(path.join(os.tmpdir(), 'yrd-registry-'));
    closers.push(() => rm(registryDir, { recursive: true, force: true }));
    const config = loadGatewayConfig({
      GATEWAY_PORT: '0',
      REGION_URL: region.url,
      ...(credit ? { CREDIT_URL: credit.url } : {}),
      ...Object.fromEntries(PROVINCE_CODES.map((p) => [`PROVINCE_${p}_URL`, provinceUrls[p]])),
      SHARD_TIMEOUT_MS: String(options.shardTimeoutMs ?? 8000),
      LOG_LEVEL: 'silent',
      ...TEST_AUTH_ENV,
      ACCESS_LOG_FILE: accessLogFile,
      ACCESS_LOG_FLUSH_MS: '20',
      REGISTRY_FILE: path.join(registryDir, 'history.jsonl'),
      ...(options.redisUrl ? { REDIS_URL: options.redisUrl, CACHE_KEY_PREFIX: keyPrefix, ACCESS_LOG_REDIS_PREFIX: `${keyPrefix}access:` } : {}),
      ...options.gatewayEnv,
    });
    const gateway = await startGateway(config, options.logDestination ? { logDestination: options.logDestination } : {});
    closers.push(() => gateway.close());
    return {
      url: gateway.url,
      dataset,
      simClock,
      sims,
      creditSim,
      credit,
      gateway,
      gatewayConfig: config,
      provinceUrls,
      provinces,
      token: (claims, tokenOptions) => mintToken(claims, tokenOptions),
      async query(query, variables, headers) {
        const auth = headers ?? (options.caller ? { authorization: `Bearer ${await mintToken(options.caller)}` } : {});
        const res = await fetch(gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...auth },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await res.json()) as Omit<GraphQLAnswer, 'status'>;
        return { status: res.status, ...body } as GraphQLAnswer<never>;
      },
      legacyCalls() {
        return Object.fromEntries(PROVINCE_CODES.map((p) => [p, sims[p].calls.snapshot()])) as Record<ProvinceCode, Record<string, number>>;
      },
      resetLegacyCalls() {
        for (const p of PROVINCE_CODES) sims[p].calls.reset();
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
