import { GraphQLError, parse, type DocumentNode, type ExecutionResult } from 'graphql';
import type { Counter } from 'prom-client';
import { ErrorCodes } from '../../schema/error-codes';
import type { LimitOptions } from '../plugins/apollo/limits';
import type { PayloadStream } from './event-iterator';
import type { EventStreams } from './event-streams';
import type { PreparedOperations } from './prepared-operations';
import type { GatewayExecutor, Subscriber } from './subscriber';
import { isPrepared, originOf, prepareSubscription, type SubscriptionOperation } from './subscription-operation';

export interface OperationRequest {
  query: string | DocumentNode;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/** What an operation sent over graphql-ws or graphql-sse becomes: a stream, one result (queries and mutations), or errors before anything ran. */
export type OpenedOperation =
  | { kind: 'stream'; document: DocumentNode; iterator: PayloadStream }
  | { kind: 'single'; document: DocumentNode; result: Promise<ExecutionResult> }
  | { kind: 'errors'; errors: readonly GraphQLError[] };

export interface OperationOpener {
  executor: GatewayExecutor;
  streams: EventStreams;
  limits: LimitOptions;
  /** Operations already prepared, shared by the subscribers that send the same. */
  prepared?: PreparedOperations;
  /** Live events one stream may hold back behind a connection that does not read (SUBSCRIBER_MAX_QUEUED_EVENTS). */
  maxQueued?: number;
  /** Counts the streams closed past `maxQueued`, by transport. */
  tooSlow?: Counter<'transport'>;
}

function parsed(query: string | DocumentNode): DocumentNode | GraphQLError {
  if (typeof query !== 'string') return query;
  try {
    return parse(query);
  } catch (e) {
    return new GraphQLError(e instanceof Error ? e.message : 'the document does not parse', { extensions: { code: ErrorCodes.GRAPHQL_PARSE_FAILED } });
  }
}

export async function openOperation(o: OperationOpener, subscriber: Subscriber, request: OperationRequest, lastEventId: string | null): Promise<OpenedOperation> {
  const schema = o.executor.schema();
  if (!schema) return { kind: 'errors', errors: [new GraphQLError('the supergraph is not loaded yet', { extensions: { code: ErrorCodes.INTERNAL_SERVER_ERROR } })] };
  const text = typeof request.query === 'string' ? request.query : null;
  const held = text === null ? undefined : o.prepared?.get(schema, text, request.operationName, request.variables);
  if (held) return stream(o, held, subscriber, lastEventId);
  const document = parsed(request.query);
  if (document instanceof GraphQLError) return { kind: 'errors', errors: [document] };
  const isSubscription = document.definitions.some((d) => d.kind === 'OperationDefinition' && d.operation === 'subscription' && (!request.operationName || d.name?.value === request.operationName));
  if (!isSubscription) {
    const result = o.executor.execute(document, request.variables ?? {}, subscriber).then((a) => ({ data: a.data, ...(a.errors.length > 0 ? { errors: a.errors as GraphQLError[] } : {}) }));
    return { kind: 'single', document, result };
  }
  const op = prepareSubscription(schema, document, request.variables, request.operationName, o.limits);
  if (!isPrepared(op)) return { kind: 'errors', errors: op };
  const prepared: SubscriptionOperation = { ...op, origin: originOf(request.query, op.operation) };
  if (text !== null) o.prepared?.set(schema, text, request.operationName, request.variables, prepared);
  return stream(o, prepared, subscriber, lastEventId);
}

async function stream(o: OperationOpener, op: SubscriptionOperation, subscriber: Subscriber, lastEventId: string | null): Promise<OpenedOperation> {
  const opened = await o.streams.open(op, subscriber, lastEventId, o.maxQueued ?? null);
  return Array.isArray(opened) ? { kind: 'errors', errors: opened } : { kind: 'stream', document: op.document, iterator: opened as PayloadStream };
}
