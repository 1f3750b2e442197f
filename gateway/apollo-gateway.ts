import { ApolloGateway, type GatewayConfig } from '@apollo/gateway';
import { CorrectedApolloGateway, type PlanOptions } from './planner-corrections/corrected-gateway';

/**
 * ApolloGateways that send nothing to Apollo. When one is constructed without
 * APOLLO_TELEMETRY_DISABLED, @apollo/gateway exports its own usage metrics to
 * usage-reporting.api.apollographql.com and probes the AWS, GCP, Azure and Alibaba metadata
 * endpoints to describe the host. A gateway of the region's emergency data sends nothing outside
 * the deployment, so the variable is set for the construction whatever the environment says.
 */
function withoutTelemetry<T>(build: () => T): T {
  const before = process.env.APOLLO_TELEMETRY_DISABLED;
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  try {
    return build();
  } finally {
    if (before === undefined) delete process.env.APOLLO_TELEMETRY_DISABLED;
    else process.env.APOLLO_TELEMETRY_DISABLED = before;
  }
}

/** Stock ApolloGateway, telemetry off: the benchmark's "stock @apollo/gateway" peer. */
export function apolloGateway(config: GatewayConfig): ApolloGateway {
  return withoutTelemetry(() => new ApolloGateway(config));
}

/** Ours: the same, with the corrections of gateway/planner-corrections over Apollo's planner. */
export function correctedApolloGateway(config: GatewayConfig, options: PlanOptions = {}): ApolloGateway {
  return withoutTelemetry(() => new CorrectedApolloGateway(config, options));
}
