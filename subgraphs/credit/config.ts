import type { HttpTuning } from '../../adapters/kit/adapter-options';
import { httpTuningOf, httpTuningProblems } from '../../adapters/kit/http-tuning';
import type { SharedCacheOptions } from '../../schema/cache/open-shared-cache';
import type { CallerVerifierOptions } from '../../schema/caller';
import { AUTH_VARIABLES } from '../../schema/config/auth-variables';
import { CACHE_VARIABLES } from '../../schema/config/cache-variables';
import { deepFreeze } from '../../schema/config/deep-freeze';
import { creditPlatformOf, type CreditPlatform } from '../../schema/config/legacy-config';
import { CREDIT_PLATFORM_VARIABLES, LEGACY_HTTP_VARIABLES } from '../../schema/config/legacy-variables';
import { readVariables, type Env } from '../../schema/config/read-variables';
import { authOptionsOf, sharedCacheOptionsOf } from '../../schema/config/shared-config';
import { serviceSecretProblems } from '../../schema/config/token-keys';
import { CREDIT_SUBGRAPH_VARIABLES, PROVINCE_SUBGRAPH_VARIABLES, SUBGRAPH_HOST_VARIABLES } from '../../schema/config/subgraph-variables';

/** The credit subgraph process: where it listens, the platform it copies, where the copy is shared. */
export interface CreditSubgraphConfig {
  port: number;
  host: string;
  /** The subgraph's "now" starts here; null: real time. */
  clockStart: Date | null;
  /** Redis (REDIS_URL) shares the copy between replicas. */
  cache: Required<SharedCacheOptions>;
  platform: CreditPlatform;
  http: HttpTuning;
  auth: CallerVerifierOptions;
}

const CREDIT_PROCESS_VARIABLES = {
  ...CREDIT_SUBGRAPH_VARIABLES,
  ...SUBGRAPH_HOST_VARIABLES,
  CLOCK_NOW: PROVINCE_SUBGRAPH_VARIABLES.CLOCK_NOW,
  ...CACHE_VARIABLES,
  ...CREDIT_PLATFORM_VARIABLES,
  ...LEGACY_HTTP_VARIABLES,
  ...AUTH_VARIABLES,
} as const;

export function loadCreditSubgraphConfig(env: Env): CreditSubgraphConfig {
  const v = readVariables(CREDIT_PROCESS_VARIABLES, env, (values, e) => [...httpTuningProblems(values, e), ...serviceSecretProblems(values)]);
  return deepFreeze({
    port: v.CREDIT_PORT,
    host: v.HOST,
    clockStart: v.CLOCK_NOW ?? null,
    cache: sharedCacheOptionsOf(v),
    platform: creditPlatformOf(v),
    http: httpTuningOf(v),
    auth: authOptionsOf(v),
  });
}
