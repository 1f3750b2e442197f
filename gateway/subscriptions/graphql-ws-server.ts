import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { CloseCode, handleProtocols, makeServer } from 'graphql-ws';
import { GraphQLError, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { WebSocketServer, type WebSocket } from 'ws';
import { UnauthenticatedError, UNAUTHENTICATED, type CallerVerifier } from '../../schema/caller';
import { ErrorCodes } from '../../schema/error-codes';
import { openOperation, type OpenedOperation, type OperationOpener } from './open-operation';
import type { Subscriber } from './subscriber';
import { subscriberOf } from './subscriber-auth';
import { KEEP_ALIVE_MS } from './keep-alive';
import { CLOSE_GRACE_MS, closeReason, TOO_SLOW_CLOSE, tooSlowMessage } from './slow-subscribers';

interface Extra {
  socket: WebSocket;
  request: http.IncomingMessage;
  subscriber?: Subscriber;
}

/** Sent to a connection whose token expired, after its streams ended with UNAUTHENTICATED. */
const TOKEN_EXPIRED_CLOSE = 4401;

/**
 * Closes a connection whose subscription fell more than `bound` events behind: every subscription
 * on it shares the socket that stopped reading. A socket that does not complete the closing
 * handshake within the grace is terminated, releasing what it still buffers.
 */
function closeTooSlow(socket: WebSocket, bound: number): void {
  if (socket.readyState !== socket.OPEN) return;
  socket.close(TOO_SLOW_CLOSE, closeReason(ErrorCodes.SUBSCRIBER_TOO_SLOW, tooSlowMessage(bound)));
  const timer = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

function authorizationOf(params: Record<string, unknown> | undefined, request: http.IncomingMessage): string | undefined {
  const given = params?.authorization ?? params?.Authorization;
  return typeof given === 'string' ? given : request.headers.authorization;
}

/**
 * GraphQL over WebSocket (the graphql-ws protocol) at the gateway's /graphql: the token (in the
 * connection_init payload's `authorization`, or the upgrade request's header) is verified at
 * connect; each subscribe opens an operation as open-operation.ts does, so a refused one is an
 * `error` message before anything subscribes.
 */
export function serveGraphQLOverWebSocket(httpServer: http.Server, path: string, verifier: CallerVerifier, opener: OperationOpener): { close(): Promise<void> } {
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => handleProtocols(protocols) });
  const server = makeServer<Record<string, unknown> | undefined, Extra>({
    schema: () => opener.executor.schema() as GraphQLSchema,
    onConnect: async (ctx) => {
      try {
        const subscriber = await subscriberOf(verifier, authorizationOf(ctx.connectionParams, ctx.extra.request), ctx.extra.request);
        ctx.extra.subscriber = subscriber;
        if (subscriber.expiresAt !== null) {
          const timer = setTimeout(() => ctx.extra.socket.close(TOKEN_EXPIRED_CLOSE, 'UNAUTHENTICATED: the token has expired'), Math.min(2 ** 31 - 1, Math.max(0, subscriber.expiresAt - Date.now() + 100)));
          ctx.extra.socket.once('close', () => clearTimeout(timer));
        }
        return true;
      } catch (e) {
        // graphql-ws's own refusal is a bare 4403 "Forbidden"; this one names the cause, as /graphql and SSE do.
        if (!(e instanceof UnauthenticatedError)) throw e;
        ctx.extra.socket.close(CloseCode.Forbidden, closeReason(UNAUTHENTICATED, e.message));
        return false;
      }
    },
    onSubscribe: async (ctx, _id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
      const subscriber = ctx.extra.subscriber as Subscriber;
      const opened = await openOperation(opener, subscriber, payload, null);
      if (opened.kind === 'errors') return opened.errors;
      const { socket } = ctx.extra;
      if (opened.kind === 'stream')
        opened.iterator.onTooSlow(
          () => {
            opener.tooSlow?.inc({ transport: 'graphql-ws' });
            closeTooSlow(socket, opener.maxQueued ?? 0);
          },
          // Bytes still in the socket's own buffer: the kernel's is full, the client does not read.
          () => socket.bufferedAmount > 0,
        );
      return { schema: opener.executor.schema() as GraphQLSchema, document: opened.document, operationName: payload.operationName, contextValue: opened };
    },
    subscribe: (args) => (args.contextValue as OpenedOperation & { kind: 'stream' }).iterator,
    execute: (args) => {
      const opened = args.contextValue as OpenedOperation;
      return opened.kind === 'single' ? opened.result : opened.kind === 'stream' ? opened.iterator : { errors: [...opened.errors] };
    },
  });
  wss.on('connection', (socket: WebSocket, request: http.IncomingMessage) => {
    const ping = setInterval(() => socket.readyState === socket.OPEN && socket.ping(), KEEP_ALIVE_MS);
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) => new Promise<void>((resolve, reject) => (socket.readyState === socket.OPEN ? socket.send(data, (err) => (err ? reject(err) : resolve())) : resolve())),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (cb) =>
          socket.on('message', (data: Buffer) => {
            cb(String(data)).catch(() => socket.close(CloseCode.InternalServerError, 'Internal server error'));
          }),
      },
      { socket, request },
    );
    socket.once('close', (code, reason) => {
      clearInterval(ping);
      void closed(code, String(reason));
    });
  });
  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer): void => {
    if ((req.url ?? '/').split('?')[0] !== path) return void socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  httpServer.on('upgrade', onUpgrade);
  return {
    async close() {
      httpServer.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.close(1001, 'Going away');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
