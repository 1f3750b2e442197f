import type { CallerVerifierOptions } from '../../schema/caller';
import { AUTH_VARIABLES } from '../../schema/config/auth-variables';
import { deepFreeze } from '../../schema/config/deep-freeze';
import { readVariables, type Env } from '../../schema/config/read-variables';
import { authOptionsOf } from '../../schema/config/shared-config';
import { serviceSecretProblems } from '../../schema/config/token-keys';
import { REGION_SUBGRAPH_VARIABLES, SUBGRAPH_HOST_VARIABLES } from '../../schema/config/subgraph-variables';

export interface RegionSubgraphConfig {
  port: number;
  host: string;
  auth: CallerVerifierOptions;
}

const REGION_PROCESS_VARIABLES = { ...REGION_SUBGRAPH_VARIABLES, ...SUBGRAPH_HOST_VARIABLES, ...AUTH_VARIABLES } as const;

export function loadRegionSubgraphConfig(env: Env): RegionSubgraphConfig {
  const v = readVariables(REGION_PROCESS_VARIABLES, env, serviceSecretProblems);
  return deepFreeze({ port: v.REGION_PORT, host: v.HOST, auth: authOptionsOf(v) });
}
