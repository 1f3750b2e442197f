import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import { usedCoordinates } from '../../../schema/usage/used-coordinates';
import type { UsageRecorder } from '../../../schema/usage/usage-recorder';
import type { GatewayContext } from '../../context';
import { headerText } from '../../http/operation-types';

export const CLIENT_NAME_HEADER = 'apollographql-client-name';

/**
 * Which fields and arguments each operation uses, for usage-aware schema checks: worked out once
 * per document and schema, left in the request's trace (which an answer from the response cache or
 * an identical request in flight hands on), and counted per client once the answer is sent.
 */
export function useUsageReporting(): ApolloServerPlugin<GatewayContext> {
  const coordinates = new LRUCache<string, string[]>({ max: 2000 });
  const schemaIds = new WeakMap<GraphQLSchema, number>();
  let nextSchemaId = 0;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, queryHash, contextValue }) {
          let schemaId = schemaIds.get(schema);
          if (schemaId === undefined) schemaIds.set(schema, (schemaId = nextSchemaId++));
          const key = `${schemaId}:${queryHash}`;
          let used = coordinates.get(key);
          if (!used) coordinates.set(key, (used = usedCoordinates(schema, document)));
          contextValue.trace.usedCoordinates = used;
        },
      };
    },
  };
}

/** Counts the request's operation for its client (apollographql-client-name) once it is answered. */
export function recordUsageWhenDone(recorder: UsageRecorder, req: IncomingMessage, res: ServerResponse, context: GatewayContext): void {
  const client = headerText(req.headers[CLIENT_NAME_HEADER]).slice(0, 128) || null;
  res.once('finish', () => {
    const { usedCoordinates: used, operationHash, operationName } = context.trace;
    if (used && operationHash) recorder.record(client, operationName, operationHash, used);
  });
}
