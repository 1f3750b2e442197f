import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../../context';

/** The code of each error, UNKNOWN for an error without one. */
export function errorCodesOf(errors: readonly { extensions?: Record<string, unknown> }[] | undefined): string[] {
  return (errors ?? []).map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'UNKNOWN'));
}

/** Records each request's operation (name, document hash, kind) and error codes into its context, for the log line and the access log. */
export function useRequestTrace(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operationName, queryHash, operation }) {
          contextValue.trace.operationName = operationName ?? null;
          contextValue.trace.operationHash = queryHash;
          if (operation) contextValue.trace.operationKind = operation.operation;
        },
        async willSendResponse({ contextValue, response, operationName }) {
          if (operationName) contextValue.trace.operationName = operationName;
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors;
          contextValue.trace.errorCodes = errorCodesOf(errors);
        },
      };
    },
  };
}
