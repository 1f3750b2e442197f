import type { CacheTtls } from '../../adapters/kit/cache/ttl';
import type { HttpTuning } from '../../adapters/kit/adapter-options';
import { defined, httpTuningOf, httpTuningProblems } from '../../adapters/kit/http-tuning';
import type { SharedCacheOptions } from '../../schema/cache/open-shared-cache';
import type { CallerVerifierOptions } from '../../schema/caller';
import { AUTH_VARIABLES } from '../../schema/config/auth-variables';
import { serviceSecretProblems } from '../../schema/config/token-keys';
import { CACHE_VARIABLES } from '../../schema/config/cache-variables';
import { deepFreeze } from '../../schema/config/deep-freeze';
import { legacySystemsOf, type LegacySystems } from '../../schema/config/legacy-config';
import { LEGACY_CACHE_VARIABLES, LEGACY_HTTP_VARIABLES, LEGACY_RECONCILE_VARIABLES, LEGACY_SYSTEM_VARIABLES } from '../../schema/config/legacy-variables';
import { readVariables, type ConfigProblem, type Env, type ValuesOf } from '../../schema/config/read-variables';
import { REGISTRY_STORE_VARIABLES } from '../../schema/config/registry-variables';
import { redisUrlOf } from '../../schema/cache/redis-connection';
import { authOptionsOf, registryStoreOf, sharedCacheOptionsOf, type RegistryStoreConfig } from '../../schema/config/shared-config';
import { PROVINCE_SUBGRAPH_VARIABLES, SUBGRAPH_HOST_VARIABLES } from '../../schema/config/subgraph-variables';
import type { ProvinceCode } from '../../schema/model';
import type { MutualAidTimings } from './mutual-aid/stores';
import type { ReconcileOptions } from './reconcile-config';

/** A province subgraph process's configuration (one process may serve several provinces). */
export interface ProvinceSubgraphConfig {
  provinces: { province: ProvinceCode; port: number }[];
  host: string;
  /** The subgraphs' "now" starts here; null: real time. */
  clockStart: Date | null;
  cache: Required<SharedCacheOptions>;
  ttls: CacheTtls;
  /** null: the subgraph's default. */
  pullWindowMs: number | null;
  /** The copies' maximum age when a change feed reads them; null: the collection's. */
  changeFeedMaxAgeMs: number | null;
  /** The waybills a copy keeps: not yet arrived, or departed within this window; 0 keeps all. */
  historyWindowMs: number;
  mutualAid: { redisUrl: string | null; timings: MutualAidTimings };
  http: HttpTuning;
  legacy: LegacySystems;
  auth: CallerVerifierOptions;
  reconcile: ReconcileOptions;
  /** The registry's store, whose live sharing catalog the guard enforces. */
  registryStore: RegistryStoreConfig;
  /** Every copy starts syncing at start, and /ready waits for them. */
  warmStart: boolean;
}

const PROVINCE_PROCESS_VARIABLES = {
  ...PROVINCE_SUBGRAPH_VARIABLES,
  ...SUBGRAPH_HOST_VARIABLES,
  ...CACHE_VARIABLES,
  ...LEGACY_CACHE_VARIABLES,
  ...LEGACY_RECONCILE_VARIABLES,
  ...LEGACY_HTTP_VARIABLES,
  ...LEGACY_SYSTEM_VARIABLES,
  ...AUTH_VARIABLES,
  ...REGISTRY_STORE_VARIABLES,
} as const;

type Values = ValuesOf<typeof PROVINCE_PROCESS_VARIABLES>;

const DEFAULT_PORT: Readonly<Record<ProvinceCode, number>> = { SH: 4201, JS: 4202, ZJ: 4203, AH: 4204 };

function crossCheck(v: Values, env: Env): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (!v.PROVINCE) problems.push({ variable: 'PROVINCE', value: env.PROVINCE, reason: 'must be one or more of SH, JS, ZJ, AH (comma-separated)' });
  else if (v.PORT && v.PORT.length !== v.PROVINCE.length) problems.push({ variable: 'PORT', value: env.PORT, reason: `must list one port for each of PROVINCE's ${v.PROVINCE.length}` });
  problems.push(...httpTuningProblems(v, env), ...serviceSecretProblems(v));
  return problems;
}

export function loadProvinceSubgraphConfig(env: Env): ProvinceSubgraphConfig {
  const v = readVariables(PROVINCE_PROCESS_VARIABLES, env, crossCheck);
  const provinces = v.PROVINCE ?? [];
  return deepFreeze({
    provinces: provinces.map((province, i) => ({ province, port: v.PORT?.[i] ?? DEFAULT_PORT[province] })),
    host: v.HOST,
    clockStart: v.CLOCK_NOW ?? null,
    cache: sharedCacheOptionsOf(v),
    ttls: {
      freshMs: { warnings: v.CACHE_TTL_WARNINGS_MS, waybills: v.CACHE_TTL_WAYBILLS_MS, enterprises: v.CACHE_TTL_ENTERPRISES_MS, bases: v.CACHE_TTL_BASES_MS, tracks: v.CACHE_TTL_TRACKS_MS },
      staleMs: v.CACHE_STALE_TTL_MS,
    },
    pullWindowMs: v.CACHE_PULL_WINDOW_MS ?? null,
    changeFeedMaxAgeMs: v.CHANGE_FEED_MAX_AGE_MS ?? null,
    historyWindowMs: v.COPY_HISTORY_WINDOW_MS,
    mutualAid: { redisUrl: redisUrlOf(v.REDIS_URL, v.REDIS_CLUSTER), timings: defined({ settleMs: v.MUTUAL_AID_SETTLE_MS, lookbackMs: v.MUTUAL_AID_LOOKBACK_MS, lockWaitMs: v.MUTUAL_AID_LOCK_WAIT_MS }) },
    http: httpTuningOf(v),
    legacy: legacySystemsOf(v),
    auth: authOptionsOf(v),
    registryStore: registryStoreOf(v),
    warmStart: v.PROVINCE_WARM_START,
    reconcile: {
      intervalMs: { warnings: v.RECONCILE_WARNINGS_MS, enterprises: v.RECONCILE_ENTERPRISES_MS, waybills: v.RECONCILE_WAYBILLS_MS, bases: v.RECONCILE_BASES_MS },
      fullPullEveryMs: v.RECONCILE_FULL_PULL_MS,
      uncountedFullPullEveryMs: v.RECONCILE_UNCOUNTED_FULL_PULL_MS,
      leaseMs: v.RECONCILE_LEASE_MS,
      tombstoneRetentionMs: v.TOMBSTONE_RETENTION_MS,
    },
  });
}
