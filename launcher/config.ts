import { AUTH_VARIABLES } from '../schema/config/auth-variables';
import { CACHE_VARIABLES } from '../schema/config/cache-variables';
import { deepFreeze } from '../schema/config/deep-freeze';
import { GATEWAY_VARIABLES } from '../schema/config/gateway-variables';
import { LAUNCHER_VARIABLES } from '../schema/config/launcher-variables';
import { readVariables, type ConfigProblem, type Env, type ValuesOf } from '../schema/config/read-variables';
import { REGISTRY_PUBLISHER_VARIABLES, REGISTRY_STORE_VARIABLES } from '../schema/config/registry-variables';
import { registryStoreOf, type RegistryStoreConfig } from '../schema/config/shared-config';
import { SIMULATOR_VARIABLES } from '../schema/config/simulator-variables';
import { PROVINCE_SUBGRAPH_VARIABLES } from '../schema/config/subgraph-variables';
import { hasTokenKeys, tokenKeyProblems } from '../schema/config/token-keys';
import { PROVINCE_CODES, type ProvinceCode } from '../schema/model';

/** Where the running subgraphs are, and the registry their schemas are published to. */
export interface PublishConfig {
  urls: { region: string; registry: string; provinces: Record<ProvinceCode, string>; credit?: string };
  registryStore: RegistryStoreConfig;
  /** null: `<tool>@<host name>`. */
  publisher: string | null;
}

export interface LauncherConfig extends PublishConfig {
  provinceProcesses: 'one' | 'each';
  startSimulators: boolean;
  /** The subgraphs' clock: CLOCK_NOW, else SIM_NOW, else real time (null). */
  clockNow: Date | null;
  gatewayPort: number;
  /** No token keys outside production: generate a secret for this run and print development tokens. */
  devTokens: { issuer: string; audience: string } | null;
  /** Where the run keeps its generated secret for `npm run token`. */
  runStateDir: string;
}

const { GATEWAY_PORT, NODE_ENV, REGION_URL, REGISTRY_URL, CREDIT_URL, PROVINCE_SH_URL, PROVINCE_JS_URL, PROVINCE_ZJ_URL, PROVINCE_AH_URL } = GATEWAY_VARIABLES;

const PUBLISH_VARIABLES = {
  REGION_URL,
  REGISTRY_URL,
  CREDIT_URL,
  PROVINCE_SH_URL,
  PROVINCE_JS_URL,
  PROVINCE_ZJ_URL,
  PROVINCE_AH_URL,
  REDIS_URL: CACHE_VARIABLES.REDIS_URL, REDIS_CLUSTER: CACHE_VARIABLES.REDIS_CLUSTER,
  ...REGISTRY_STORE_VARIABLES,
  ...REGISTRY_PUBLISHER_VARIABLES,
} as const;

const LAUNCHER_PROCESS_VARIABLES = {
  ...PUBLISH_VARIABLES,
  ...LAUNCHER_VARIABLES,
  ...AUTH_VARIABLES,
  GATEWAY_PORT,
  NODE_ENV,
  SIM_NOW: SIMULATOR_VARIABLES.SIM_NOW,
  CLOCK_NOW: PROVINCE_SUBGRAPH_VARIABLES.CLOCK_NOW,
} as const;

/** The launcher starts the registry subgraph on its default port, so the gateway's registry is there unless REGISTRY_URL says otherwise. */
const DEFAULT_REGISTRY_URL = 'http://127.0.0.1:4220/graphql';
/** So is the credit subgraph: `npm start` composes it unless CREDIT_URL points elsewhere. */
const DEFAULT_CREDIT_URL = 'http://127.0.0.1:4230/graphql';

function publishConfigOf(v: ValuesOf<typeof PUBLISH_VARIABLES>, defaultCreditUrl?: string): PublishConfig {
  const credit = v.CREDIT_URL ?? defaultCreditUrl;
  return {
    urls: {
      region: v.REGION_URL,
      registry: v.REGISTRY_URL ?? DEFAULT_REGISTRY_URL,
      provinces: { SH: v.PROVINCE_SH_URL, JS: v.PROVINCE_JS_URL, ZJ: v.PROVINCE_ZJ_URL, AH: v.PROVINCE_AH_URL },
      ...(credit ? { credit } : {}),
    },
    registryStore: registryStoreOf(v),
    publisher: v.REGISTRY_PUBLISHER ?? null,
  };
}

export function loadLauncherConfig(env: Env): LauncherConfig {
  const v = readVariables(LAUNCHER_PROCESS_VARIABLES, env, (values) => tokenKeyProblems(values, values.NODE_ENV === 'production'));
  const devTokens = !hasTokenKeys(v) && !v.ANONYMOUS_ONLY && v.NODE_ENV !== 'production';
  return deepFreeze({
    ...publishConfigOf(v, DEFAULT_CREDIT_URL),
    provinceProcesses: v.PROVINCE_PROCESSES,
    startSimulators: v.START_SIMULATORS,
    clockNow: v.CLOCK_NOW ?? v.SIM_NOW ?? null,
    gatewayPort: v.GATEWAY_PORT,
    devTokens: devTokens ? { issuer: v.JWT_ISSUER, audience: v.JWT_AUDIENCE } : null,
    runStateDir: v.RUN_STATE_DIR,
  });
}

const PUBLISH_REQUIRED = ['REGION_URL', 'REGISTRY_URL', ...PROVINCE_CODES.map((p) => `PROVINCE_${p}_URL`)];

/** The one-shot publish of a deployment whose pieces run as services: every subgraph URL is required (CREDIT_URL only when credit is deployed). */
export function loadPublishConfig(env: Env): PublishConfig {
  const missing = (): ConfigProblem[] => PUBLISH_REQUIRED.filter((name) => !env[name]?.trim()).map((variable) => ({ variable, value: env[variable], reason: 'is required' }));
  return deepFreeze(publishConfigOf(readVariables(PUBLISH_VARIABLES, env, missing)));
}
