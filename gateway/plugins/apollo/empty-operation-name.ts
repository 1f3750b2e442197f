import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../../context';

/**
 * `operationName: ""` (or `?operationName=`) means no operation name. An empty string is not a
 * GraphQL Name, so it can name no operation; the GraphQL-over-HTTP spec makes an empty
 * operationName parameter equivalent to omitting it, and that is what many clients send for a
 * document with one operation. graphql-js (and so Apollo Server) would look for an operation
 * named "" while the gateway's planner runs the only one: the two disagreed and the request
 * ended as an internal error. Removing the name before either looks keeps them in step.
 */
export function useEmptyOperationNameAsAbsent(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ request }) {
      if (request.operationName === '') delete request.operationName;
    },
  };
}
