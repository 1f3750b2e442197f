import type http from 'node:http';
import type { GraphQLError } from 'graphql';
import { createHandler, type Handler } from 'graphql-sse';
import type { Counter } from 'prom-client';
import { UnauthenticatedError, UNAUTHENTICATED, type CallerVerifier } from '../../schema/caller';
import { openOperation, type OperationOpener } from './open-operation';
import { distinctSseStreams } from './sse-distinct-streams';
import { dropUnopened, onNodeHttp } from './sse-node-adapter';
import { refusal, sendRefusal } from './sse-refusals';
import { ReservedConnections, TOKEN_HEADER, tokenOf } from './sse-reserved-connections';
import { subscriberOf } from './subscriber-auth';

type SseResponse = readonly [string, { status: number; statusText: string; headers: Record<string, string> }];

function asResponse(status: number, errors: readonly { message: string; extensions?: Record<string, unknown> }[]): SseResponse {
  const r = refusal(status, errors);
  return [r.body as string, { status: r.status, statusText: r.statusText, headers: r.headers }];
}

/** A request of graphql-sse's distinct connections mode: an event stream of its own, not a reserved single connection. */
function isDistinct(req: http.IncomingMessage): boolean {
  return req.headers.accept === 'text/event-stream' && req.headers[TOKEN_HEADER] === undefined && !new URLSearchParams((req.url ?? '').split('?')[1]).has('token');
}

/** graphql-sse's answer to an operation sent with a token it does not hold. */
const STREAM_NOT_FOUND = refusal(404, [{ message: 'Stream not found' }]);

/** A single connection's event stream asked for (GET with a token and no operation of its own). */
function opensReservation(req: http.IncomingMessage): boolean {
  return req.method === 'GET' && req.headers.accept === 'text/event-stream' && !new URLSearchParams((req.url ?? '').split('?')[1]).has('query');
}

export interface SseReservations {
  /** SSE_RESERVATION_TTL_MS. */
  unopenedTtlMs: number;
  /** Counts the reservations dropped unopened. */
  expired?: Counter;
}

/**
 * GraphQL over Server-Sent Events (the graphql-sse protocol) at /graphql: the bearer token is
 * verified when the stream opens, a refused operation is answered 400 (401 for the token) with
 * its errors before anything subscribes, and Last-Event-ID resumes when the operation gives no
 * `after` (each payload names its event in `extensions.eventId`). Distinct connections (the
 * client's default, and the fan-out to thousands) are served by sse-distinct-streams.ts; the single
 * connection mode (a reserved stream, operations sent beside it) by graphql-sse's own handler,
 * each operation bound to its reserved connection (sse-reserved-connections.ts), which is closed
 * whole when one of them falls past SUBSCRIBER_MAX_QUEUED_EVENTS, and dropped with its operations
 * when its stream does not open within SSE_RESERVATION_TTL_MS; its token is then unknown, to the
 * stream's GET as to graphql-sse's POST and DELETE (404 `Stream not found`). A body over the
 * gateway's limit (GATEWAY_BODY_LIMIT_BYTES) is refused 413 PAYLOAD_TOO_LARGE in both.
 */
export function graphQLOverSse(verifier: CallerVerifier, opener: OperationOpener, bodyLimit: number, reservations: SseReservations): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> {
  const distinct = distinctSseStreams(verifier, opener, bodyLimit);
  const connections: ReservedConnections = new ReservedConnections({
    bound: opener.maxQueued ?? null,
    tooSlow: opener.tooSlow,
    unopenedTtlMs: reservations.unopenedTtlMs,
    expired: reservations.expired,
    dropUnopened: (token: string): Promise<boolean> => dropUnopened(handler, token),
  });
  const handler: Handler<http.IncomingMessage, undefined> = createHandler<http.IncomingMessage, undefined>({
    onSubscribe: async (req, params) => {
      const raw = req.raw;
      let subscriber;
      try {
        subscriber = await subscriberOf(verifier, raw.headers.authorization, raw);
      } catch (e) {
        if (e instanceof UnauthenticatedError) return asResponse(401, [{ message: e.message, extensions: { code: UNAUTHENTICATED } }]);
        throw e;
      }
      const lastEventId = req.headers.get('last-event-id') ?? null;
      const opened = await openOperation(opener, subscriber, { query: params.query, variables: params.variables ?? null, operationName: params.operationName ?? null }, lastEventId);
      if (opened.kind === 'errors') return asResponse(400, opened.errors as readonly GraphQLError[]);
      if (opened.kind === 'single') return await opened.result;
      const opId = params.extensions?.operationId;
      return connections.gate(tokenOf(raw), opId == null ? null : String(opId), opened.iterator);
    },
  });
  const single = onNodeHttp(handler, bodyLimit, connections);
  return async (req, res) => {
    if (isDistinct(req)) return distinct(req, res);
    const token = tokenOf(req);
    // graphql-sse would read a GET for a token it does not hold as a distinct operation without a query.
    if (token !== null && opensReservation(req) && !connections.holds(token)) return sendRefusal(res, STREAM_NOT_FOUND);
    return single(req, res);
  };
}

/** Whether a request at /graphql speaks graphql-sse (an event stream, or its single-connection reservation) rather than plain GraphQL over HTTP. */
export function wantsEventStream(req: http.IncomingMessage): boolean {
  return (req.headers.accept ?? '').includes('text/event-stream') || req.method === 'PUT' || req.headers['x-graphql-event-stream-token'] !== undefined;
}
