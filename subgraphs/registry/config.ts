import type { CallerVerifierOptions } from '../../schema/caller';
import { AUTH_VARIABLES } from '../../schema/config/auth-variables';
import { CACHE_VARIABLES } from '../../schema/config/cache-variables';
import { GATEWAY_VARIABLES } from '../../schema/config/gateway-variables';
import { deepFreeze } from '../../schema/config/deep-freeze';
import { readVariables, type Env } from '../../schema/config/read-variables';
import { ACCESS_LOG_VARIABLES, REGISTRY_STORE_VARIABLES, REGISTRY_SUBGRAPH_VARIABLES } from '../../schema/config/registry-variables';
import { WEBHOOK_DELIVERY_VARIABLES, WEBHOOK_STORE_VARIABLES } from '../../schema/config/webhook-variables';
import { webhooksOf, type WebhooksConfig } from '../../schema/webhooks/config';
import { signingKeyProblems } from '../../schema/config/signing-key';
import { serviceSecretProblems } from '../../schema/config/token-keys';
import { accessLogOf, authOptionsOf, registryStoreOf, type AccessLogConfig, type RegistryStoreConfig } from '../../schema/config/shared-config';

export interface RegistrySubgraphConfig {
  port: number;
  host: string;
  store: RegistryStoreConfig;
  /** The access log the gateways write and the auditors read here. */
  accessLog: AccessLogConfig;
  auth: CallerVerifierOptions;
  /** The webhooks registered here, in the gateways' store; the allow-list refuses targets at registration. */
  webhooks: WebhooksConfig;
}

const REGISTRY_PROCESS_VARIABLES = { ...REGISTRY_SUBGRAPH_VARIABLES, ...REGISTRY_STORE_VARIABLES, ...ACCESS_LOG_VARIABLES, REDIS_URL: CACHE_VARIABLES.REDIS_URL, REDIS_CLUSTER: CACHE_VARIABLES.REDIS_CLUSTER, NODE_ENV: GATEWAY_VARIABLES.NODE_ENV, ...AUTH_VARIABLES, ...WEBHOOK_STORE_VARIABLES, ...WEBHOOK_DELIVERY_VARIABLES } as const;

export function loadRegistrySubgraphConfig(env: Env): RegistrySubgraphConfig {
  const v = readVariables(REGISTRY_PROCESS_VARIABLES, env, (values) => [...signingKeyProblems(values, values.NODE_ENV === 'production'), ...serviceSecretProblems(values)]);
  return deepFreeze({ port: v.REGISTRY_PORT, host: v.REGISTRY_HOST, store: registryStoreOf(v), accessLog: accessLogOf(v), auth: authOptionsOf(v), webhooks: webhooksOf(v) });
}
