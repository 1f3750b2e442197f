import { ApolloGateway, type GatewayConfig } from '@apollo/gateway';

/**
 * An ApolloGateway that sends nothing to Apollo. When it is constructed without
 * APOLLO_TELEMETRY_DISABLED, @apollo/gateway exports its own usage metrics to
 * usage-reporting.api.apollographql.com and probes the AWS, GCP, Azure and Alibaba metadata
 * endpoints to describe the host. A gateway of the region's emergency data sends nothing outside
 * the deployment, so the variable is set for the construction whatever the environment says.
 */
export function apolloGateway(config: GatewayConfig): ApolloGateway {
  const before = process.env.APOLLO_TELEMETRY_DISABLED;
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  try {
    return new ApolloGateway(config);
  } finally {
    if (before === undefined) delete process.env.APOLLO_TELEMETRY_DISABLED;
    else process.env.APOLLO_TELEMETRY_DISABLED = before;
  }
}
