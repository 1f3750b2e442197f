import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayConfig as ApolloGatewayConfig } from '@apollo/gateway';
import type { GatewayContext } from '../../context';

/**
 * The Apollo Server phases of a timed request (GATEWAY_SERVER_TIMING): up to the resolved
 * operation, and the plan's execution. Installed only when timing is on.
 */
export function useServerTiming(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue }) {
          contextValue.clock?.mark('validate');
        },
        async executionDidStart({ contextValue }) {
          return {
            async executionDidEnd() {
              contextValue.clock?.mark('fetch');
            },
          };
        },
      };
    },
  };
}

/** The gateway's hook that closes the plan phase, once the query plan is known. */
export const markPlanResolved: NonNullable<ApolloGatewayConfig['experimental_didResolveQueryPlan']> = ({ requestContext }) => {
  (requestContext.context as Partial<GatewayContext>).clock?.mark('plan');
};
