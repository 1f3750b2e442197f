import type http from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ErrorCodes } from '../../../schema/error-codes';
import type { GatewayContext } from '../../context';
import type { OperationTypes } from '../../http/operation-types';

export const SUBSCRIPTION_TRANSPORTS =
  'subscriptions are not served over a plain HTTP POST or GET: subscribe over GraphQL over WebSocket (the graphql-ws protocol, ' +
  'subprotocol graphql-transport-ws) by opening a WebSocket to /graphql on this host, or over GraphQL over SSE (the graphql-sse protocol) ' +
  'by a POST to /graphql with the header Accept: text/event-stream';

/** The caller's error for a subscription sent as plain GraphQL over HTTP, naming the two transports that carry it. */
export function subscriptionOverHttpError(): GraphQLError {
  return new GraphQLError(SUBSCRIPTION_TRANSPORTS, { extensions: { code: ErrorCodes.BAD_REQUEST, http: { status: 400 } } });
}

/** A subscription in a POST (or a persisted query) is refused once its operation is known, before the gateway tries to plan it. */
export function useSubscriptionsOverHttpRefusal(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === 'subscription') throw subscriptionOverHttpError();
        },
      };
    },
  };
}

/**
 * Whether a GET asks for a subscription. Apollo Server answers those 405 before any plugin sees
 * the operation, with a message that names no transport, so the gateway answers them itself.
 */
export function isSubscriptionOverGet(req: http.IncomingMessage, operationTypes: OperationTypes): boolean {
  if (req.method !== 'GET') return false;
  const params = new URL(req.url ?? '/', 'http://gateway.local').searchParams;
  const query = params.get('query');
  return query !== null && operationTypes.of({ query, operationName: params.get('operationName') ?? undefined }) === 'subscription';
}
