import type http from 'node:http';
import type { GraphQLError } from 'graphql';
import { createHandler } from 'graphql-sse/lib/use/http';
import { UnauthenticatedError, UNAUTHENTICATED, type CallerVerifier } from '../../schema/caller';
import { openOperation, type OperationOpener } from './open-operation';
import { subscriberOf } from './subscriber-auth';

type SseResponse = readonly [string, { status: number; statusText: string; headers: Record<string, string> }];

function refusal(status: number, errors: readonly { message: string; extensions?: Record<string, unknown> }[]): SseResponse {
  const body = JSON.stringify({ errors: errors.map((e) => ({ message: e.message, extensions: e.extensions })) });
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}) };
  return [body, { status, statusText: status === 401 ? 'Unauthorized' : 'Bad Request', headers }];
}

/**
 * GraphQL over Server-Sent Events (the graphql-sse protocol) at /graphql: the bearer token is
 * verified when the stream opens, a refused operation is answered 400 (401 for the token) with
 * its errors before anything subscribes, and Last-Event-ID resumes when the operation gives no
 * `after` (each payload names its event in `extensions.eventId`).
 */
export function graphQLOverSse(verifier: CallerVerifier, opener: OperationOpener): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> {
  return createHandler<undefined>({
    onSubscribe: async (req, params) => {
      const raw = req.raw;
      let subscriber;
      try {
        subscriber = await subscriberOf(verifier, raw.headers.authorization, raw);
      } catch (e) {
        if (e instanceof UnauthenticatedError) return refusal(401, [{ message: e.message, extensions: { code: UNAUTHENTICATED } }]);
        throw e;
      }
      const lastEventId = req.headers.get('last-event-id') ?? null;
      const opened = await openOperation(opener, subscriber, { query: params.query, variables: params.variables ?? null, operationName: params.operationName ?? null }, lastEventId);
      if (opened.kind === 'errors') return refusal(400, opened.errors as readonly GraphQLError[]);
      return opened.kind === 'stream' ? opened.iterator : await opened.result;
    },
  });
}

/** Whether a request at /graphql speaks graphql-sse (an event stream, or its single-connection reservation) rather than plain GraphQL over HTTP. */
export function wantsEventStream(req: http.IncomingMessage): boolean {
  return (req.headers.accept ?? '').includes('text/event-stream') || req.method === 'PUT' || req.headers['x-graphql-event-stream-token'] !== undefined;
}
