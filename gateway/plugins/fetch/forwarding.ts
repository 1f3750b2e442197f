import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import { ShardRouter } from '../../shard-router/shard-router';
import type { ShardResponse } from '../../shard-router/shard-transport';
import { mergeTally, newTally } from '../../../schema/access-log/tally';
import type { GatewayContext } from '../../context';
import { forgetText, rememberText, textOf } from '../../http/answer-text';
import { sendWithoutNodeFetchRequest } from './lean-send-request';
import { subgraphUnavailable } from './subgraph-unavailable';

type IncomingOptions = Extract<GraphQLDataSourceProcessOptions, { kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION }>;

/** The headers every subgraph and shard fetch of a request carries: its id and the caller's token. */
export function forwardedHeaders(context: Partial<GatewayContext> | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (context?.requestId) headers['x-request-id'] = context.requestId;
  if (context?.authorization) headers.authorization = context.authorization;
  return headers;
}

type ReceivedResponse = Parameters<NonNullable<RemoteGraphQLDataSource['didReceiveResponse']>>[0];

/**
 * A subgraph data source (region, credit, registry) that forwards the request id and the caller's
 * token, keeps the text of each answer beside it (for de-duplicated fetches, see answer-text), and
 * names the subgraph when it does not answer.
 */
export class ForwardingDataSource extends RemoteGraphQLDataSource {
  /** The subgraph's name in the supergraph, for the error when it does not answer. */
  readonly subgraph: string;

  constructor({ subgraph, ...config }: NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]> & { subgraph?: string }) {
    super(config);
    this.subgraph = subgraph ?? 'subgraph';
  }

  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource['willSendRequest']>>[0]): void {
    for (const [name, value] of Object.entries(forwardedHeaders(context as Partial<GatewayContext>))) request.http?.headers.set(name, value);
  }

  /** A subgraph that does not answer, or answers 5xx, fails with a coded error naming it; other errors pass as they are. */
  override didEncounterError(error: Error, _request: unknown, response?: { status: number }): void {
    if (response === undefined || response.status >= 500) throw subgraphUnavailable(this.subgraph, response?.status ?? null);
    throw error;
  }

  /** The text the fetcher kept moves to the answer (the answer holds the HTTP response, which need not hold it too). */
  override didReceiveResponse({ response }: ReceivedResponse): ReceivedResponse['response'] {
    const text = response.http ? textOf(response.http) : undefined;
    if (text === undefined || !response.http) return response;
    forgetText(response.http);
    return rememberText(response, text);
  }
}
sendWithoutNodeFetchRequest(ForwardingDataSource);

/**
 * The shard router reading the headers to forward from the gateway's request context (the
 * planner's fetch to the logical provinces subgraph carries no HTTP headers of its own), and
 * leaving in that context what the shards released under the catalog.
 */
export class ForwardingShardRouter extends ShardRouter {
  protected override headersFor(options: IncomingOptions | null): Record<string, string> {
    return { ...super.headersFor(options), ...forwardedHeaders(options?.context as Partial<GatewayContext> | undefined) };
  }

  /** What each shard released and refused under the catalog joins the request's trace, for the access log. */
  protected override received(options: IncomingOptions, response: ShardResponse): void {
    const trace = (options.context as Partial<GatewayContext> | undefined)?.trace;
    const catalogHash = response.extensions?.catalogHash;
    if (trace && typeof catalogHash === 'string') (trace.catalogHashes ??= new Set()).add(catalogHash);
    const reported = response.extensions?.catalogAccess;
    if (!trace || !reported) return;
    trace.access ??= newTally();
    mergeTally(trace.access, reported);
  }
}
