import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { secondsSince, type FetchOutcome, type GatewayMetrics } from '../../metrics';
import { ShardFailure, type ShardCall, type ShardRequest, type ShardResponse, type ShardTransport } from '../../shard-router/shard-transport';
import { ErrorCodes } from '../../../schema/error-codes';

/** Times every fetch the query plan makes through a data source; schema loading is not counted. */
export function instrumentDataSource(subgraph: string, source: GraphQLDataSource, metrics: GatewayMetrics): GraphQLDataSource {
  return {
    async process(options: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
      if (options.kind !== GraphQLDataSourceRequestKind.INCOMING_OPERATION) return source.process(options);
      const start = process.hrtime.bigint();
      try {
        const response = await source.process(options);
        metrics.recordSubgraphFetch(subgraph, response.errors?.length ? 'error' : 'ok', secondsSince(start));
        return response;
      } catch (err) {
        metrics.recordSubgraphFetch(subgraph, 'unavailable', secondsSince(start));
        throw err;
      }
    },
  };
}

function legacyCallsOf(response: ShardResponse): Record<string, number> | null {
  const extensions = (response as { extensions?: unknown }).extensions;
  if (typeof extensions !== 'object' || extensions === null) return null;
  const calls = (extensions as { legacyCalls?: unknown }).legacyCalls;
  if (typeof calls !== 'object' || calls === null || Array.isArray(calls)) return null;
  const valid: Record<string, number> = {};
  for (const [endpoint, count] of Object.entries(calls as Record<string, unknown>)) {
    if (typeof count === 'number' && Number.isFinite(count) && count > 0) valid[endpoint] = count;
  }
  return valid;
}

/**
 * A ShardTransport that counts and times every shard fetch and the legacy calls each province
 * subgraph reports in `extensions.legacyCalls`; it returns exactly what the wrapped transport does.
 */
export class InstrumentedShardTransport implements ShardTransport {
  constructor(
    private readonly inner: ShardTransport,
    private readonly metrics: GatewayMetrics,
  ) {}

  async send(call: ShardCall, request: ShardRequest): Promise<ShardResponse> {
    const start = process.hrtime.bigint();
    try {
      const response = await this.inner.send(call, request);
      this.metrics.recordShardFetch(call.province, response.errors?.length ? 'error' : 'ok', secondsSince(start));
      const calls = legacyCallsOf(response);
      if (calls) this.metrics.recordLegacyCalls(call.province, calls);
      return response;
    } catch (err) {
      const outcome: FetchOutcome = err instanceof ShardFailure && err.code === ErrorCodes.PROVINCE_TIMEOUT ? 'timeout' : 'unavailable';
      this.metrics.recordShardFetch(call.province, outcome, secondsSince(start));
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}
