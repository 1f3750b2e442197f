import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { adapterFor } from '../../adapters';
import { loadLegacySystems } from '../../schema/config/legacy-config';
import type { HttpTuning } from '../../adapters/kit/adapter-options';
import { InProcessCache } from '../../schema/cache/in-process-cache';
import { RedisCache } from '../../schema/cache/redis-cache';
import { ResilientCache } from '../../schema/cache/resilient-cache';
import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import { SimClock } from '../../simulators/common/clock';
import type { SimServer } from '../../simulators/common/sim-server';
import { loadDataset } from '../support/test-dataset';
import type { CanonicalDataset } from '../../simulators/dataset/types';
import { createSimulators } from '../../simulators/main';
import type { MaxAges } from '../../subgraphs/province/province-data';
import { RECONCILE_OFF } from '../../subgraphs/province/reconcile-config';
import { startProvinceSubgraph, type RunningProvinceSubgraph } from '../../subgraphs/province/server';
import { TEST_NOW } from '../support/federation';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server';
import { ManualClock } from '../subgraphs/province/harness';

/**
 * The four simulated legacy systems, and province subgraphs started over them on demand with their
 * real adapters, a clock the test moves, and a cache (Redis behind memory when a URL is given).
 */

export interface Answer<T> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: { legacyCalls?: Record<string, number> } & Record<string, unknown>;
}

export interface ProvinceInstance {
  subgraph: RunningProvinceSubgraph;
  cache: ResilientCache | InProcessCache;
  query<T>(query: string, variables?: Record<string, unknown>): Promise<Answer<T>>;
  close(): Promise<void>;
}

export interface ProvinceStack {
  dataset: CanonicalDataset;
  sims: Record<ProvinceCode, SimServer>;
  env: NodeJS.ProcessEnv;
  clock: ManualClock;
  start(province: ProvinceCode, options?: { redisUrl?: string; keyPrefix?: string; http?: HttpTuning; maxAgeMs?: Partial<MaxAges> }): Promise<ProvinceInstance>;
  close(): Promise<void>;
}

const SIM_ENV_KEYS: Record<ProvinceCode, string> = { SH: 'LEGACY_SH_URL', JS: 'LEGACY_JS_URL', ZJ: 'LEGACY_ZJ_URL', AH: 'LEGACY_AH_URL' };

export async function startProvinceStack(): Promise<ProvinceStack> {
  const dataset = loadDataset({ seed: 'test', now: TEST_NOW, scale: 1 });
  const sims = createSimulators(dataset, new SimClock(TEST_NOW), { maintenanceWindow: false });
  const env: NodeJS.ProcessEnv = {};
  for (const p of PROVINCE_CODES) env[SIM_ENV_KEYS[p]] = await sims[p].listen(0);
  const clock = new ManualClock(TEST_NOW);
  const instances = new Set<ProvinceInstance>();
  return {
    dataset,
    sims,
    env,
    clock,
    async start(province, options = {}) {
      const cache = options.redisUrl
        ? new ResilientCache(new RedisCache({ url: options.redisUrl, keyPrefix: options.keyPrefix ?? `test-${randomUUID()}:`, commandTimeoutMs: 500 }))
        : new InProcessCache();
      if (cache instanceof ResilientCache) await cache.remote.ready(5000);
      const tuning: HttpTuning = { timeoutMs: 1000, retries: 1, backoff: { initialMs: 10, maxMs: 50 }, breaker: { consecutiveFailures: 1000 }, ...options.http };
      const subgraph = await startProvinceSubgraph({
        province,
        clock,
        port: 0,
        cache,
        maxAgeMs: options.maxAgeMs,
        reconcile: RECONCILE_OFF,
        adapter: (http) => adapterFor(province, loadLegacySystems(env), clock, { ...tuning, ...http }),
      });
      const instance: ProvinceInstance = {
        subgraph,
        cache,
        async query<T>(query: string, variables?: Record<string, unknown>): Promise<Answer<T>> {
          const res = await fetch(subgraph.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
          return (await res.json()) as Answer<T>;
        },
        async close() {
          instances.delete(instance);
          await subgraph.close();
          await cache.close();
        },
      };
      instances.add(instance);
      return instance;
    },
    async close() {
      for (const i of [...instances]) await i.close().catch(() => undefined);
      for (const p of PROVINCE_CODES) await sims[p].close().catch(() => undefined);
    },
  };
}

export interface RedisStack {
  redis: RedisServerHandle;
  stack: ProvinceStack;
}

/** The stack (and a Redis when asked), started before a file's tests and stopped after them: read its fields inside the tests. */
export function useProvinceStack(): { stack: ProvinceStack };
export function useProvinceStack(withRedis: 'redis'): RedisStack;
export function useProvinceStack(withRedis?: 'redis'): Partial<RedisStack> {
  const running: Partial<RedisStack> = {};
  beforeAll(async () => {
    if (withRedis) running.redis = await startRedisServer();
    running.stack = await startProvinceStack();
  }, 30_000);
  afterAll(async () => {
    await running.stack?.close();
    await running.redis?.stop();
  });
  return running;
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
