import { AUTH_VARIABLES } from './auth-variables';
import { CACHE_VARIABLES } from './cache-variables';
import { GATEWAY_VARIABLES } from './gateway-variables';
import { LAUNCHER_VARIABLES } from './launcher-variables';
import { CREDIT_PLATFORM_VARIABLES, LEGACY_CACHE_VARIABLES, LEGACY_HTTP_VARIABLES, LEGACY_RECONCILE_VARIABLES, LEGACY_SYSTEM_VARIABLES } from './legacy-variables';
import { ACCESS_LOG_VARIABLES, REGISTRY_PUBLISHER_VARIABLES, REGISTRY_STORE_VARIABLES, REGISTRY_SUBGRAPH_VARIABLES } from './registry-variables';
import { SIMULATOR_VARIABLES } from './simulator-variables';
import { CREDIT_SUBGRAPH_VARIABLES, PROVINCE_SUBGRAPH_VARIABLES, REGION_SUBGRAPH_VARIABLES, SUBGRAPH_HOST_VARIABLES } from './subgraph-variables';
import { TELEMETRY_VARIABLES } from './telemetry-variables';
import type { Declarations } from './variable';
import { WEBHOOK_DELIVERY_VARIABLES, WEBHOOK_STORE_VARIABLES } from './webhook-variables';

/** Every declared variable, by area, in the order the README lists them. */
export const CONFIG_AREAS: readonly { title: string; variables: Declarations[] }[] = [
  { title: 'Gateway', variables: [GATEWAY_VARIABLES] },
  { title: 'Redis and the shared caches (gateway and province subgraphs)', variables: [CACHE_VARIABLES] },
  { title: 'Tokens (gateway and every subgraph)', variables: [AUTH_VARIABLES] },
  { title: 'Schema registry', variables: [REGISTRY_STORE_VARIABLES, ACCESS_LOG_VARIABLES, REGISTRY_SUBGRAPH_VARIABLES, REGISTRY_PUBLISHER_VARIABLES] },
  { title: 'Webhooks and notifications (gateway, registry and `npm run webhooks`)', variables: [WEBHOOK_STORE_VARIABLES, WEBHOOK_DELIVERY_VARIABLES] },
  { title: 'Province, region and credit subgraphs', variables: [PROVINCE_SUBGRAPH_VARIABLES, SUBGRAPH_HOST_VARIABLES, REGION_SUBGRAPH_VARIABLES, CREDIT_SUBGRAPH_VARIABLES] },
  { title: 'Legacy systems (province and credit subgraphs; the simulators check the same credentials)', variables: [LEGACY_SYSTEM_VARIABLES, CREDIT_PLATFORM_VARIABLES, LEGACY_HTTP_VARIABLES, LEGACY_CACHE_VARIABLES, LEGACY_RECONCILE_VARIABLES] },
  { title: 'Traces (OpenTelemetry, every process)', variables: [TELEMETRY_VARIABLES] },
  { title: 'Simulators', variables: [SIMULATOR_VARIABLES] },
  { title: '`npm start`', variables: [LAUNCHER_VARIABLES] },
];
