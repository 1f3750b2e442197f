import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../../context';
import { secondsSince, type GatewayMetrics } from '../../metrics';
import { errorCodesOf } from './request-trace';

/** Requests, latency and errors per operation name. */
export function useMetrics(metrics: GatewayMetrics): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const start = process.hrtime.bigint();
      return {
        async willSendResponse({ response, operationName }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors;
          metrics.recordRequest(operationName, secondsSince(start), errorCodesOf(errors));
        },
      };
    },
  };
}

