import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext, type ContextFunction, type HTTPGraphQLResponse } from '@apollo/server';
import { ErrorCodes } from '../error-codes';
import { phaseClockOf } from './server-timing';
import { serveInSpan } from '../telemetry/server-span';
import { tracer } from '../telemetry/spans';
import type { AnswerBytes } from './answer-bytes';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body exceeds ${limit} bytes`);
  }
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLargeError(limit));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/**
 * A whole answer, its body encoded once: what identical requests share (answers of up to a hundred
 * kilobytes go out hundreds of times a second, and encoding each copy again cost a third of the
 * time of writing it).
 */
export interface CompleteAnswer {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

/** Runs `execute` for a JSON POST, or hands back the answer of an identical request in flight. */
export type ShareInFlight = (
  req: IncomingMessage,
  request: { rawBody: string; body: unknown; headers: IncomingMessage['headers'] },
  execute: () => Promise<CompleteAnswer>,
) => Promise<CompleteAnswer>;

export interface GraphQLHandlerOptions {
  share?: ShareInFlight;
  /** Answers with data go out as `encodeAnswer`'s bytes (the server's `stringifyResult` and a plugin of the same instance). */
  answerBytes?: AnswerBytes;
}

/** Apollo Server's answer, and its bytes when `AnswerBytes` wrote them in place of its text. */
interface Executed {
  answer: HTTPGraphQLResponse;
  bytes: Buffer | undefined;
}

/** The bytes of a complete answer: the ones written for it, or its text encoded. */
function bytesOf({ bytes }: Executed, text: string): Buffer {
  return bytes !== undefined && text === '' ? bytes : Buffer.from(text, 'utf8');
}

async function completeAnswer(executed: Executed): Promise<CompleteAnswer> {
  const { answer } = executed;
  const headers = [...answer.headers];
  if (answer.body.kind === 'complete') return { status: answer.status ?? 200, headers, body: bytesOf(executed, answer.body.string) };
  let body = '';
  for await (const chunk of answer.body.asyncIterator) body += chunk;
  return { status: answer.status ?? 200, headers, body: Buffer.from(body, 'utf8') };
}

/** Apollo Server on plain node:http (no framework): parses the body, runs the request, streams the answer. */
export function graphqlHandler<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  context: ContextFunction<[{ req: IncomingMessage }], TContext>,
  bodyLimit: number,
  options: GraphQLHandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const clock = phaseClockOf(req);
    clock?.mark('auth');
    let body: unknown = undefined;
    let rawBody: string | null = null;
    if (req.method === 'POST') {
      let raw: Buffer;
      try {
        raw = await readBody(req, bodyLimit);
      } catch (e) {
        if (e instanceof BodyTooLargeError) {
          return sendJson(res, 413, { errors: [{ message: e.message, extensions: { code: ErrorCodes.PAYLOAD_TOO_LARGE } }] });
        }
        throw e;
      }
      const type = req.headers['content-type'] ?? '';
      if (type.startsWith('application/json') || type.startsWith('application/graphql-response+json')) {
        try {
          rawBody = raw.toString('utf8');
          body = raw.length > 0 ? JSON.parse(rawBody) : undefined;
        } catch {
          return sendJson(res, 400, { errors: [{ message: 'request body is not valid JSON', extensions: { code: ErrorCodes.BAD_REQUEST } }] });
        }
      } else {
        body = raw.toString('utf8');
      }
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    // Only a query string needs parsing (about a microsecond a request otherwise, for an empty string).
    const search = req.url?.includes('?') ? new URL(req.url, 'http://gateway.local').search : '';
    clock?.mark('body');
    const execute = async (): Promise<Executed> => {
      const httpGraphQLRequest = { method: (req.method ?? 'GET').toUpperCase(), headers, search, body };
      const slot = options.answerBytes?.expect(httpGraphQLRequest);
      const answer = await server.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: () => context({ req }) });
      return { answer, bytes: slot?.bytes };
    };
    if (options.share && rawBody !== null) {
      const shared = await options.share(req, { rawBody, body, headers: req.headers }, async () => {
        const answer = await completeAnswer(await execute());
        clock?.mark('serialise');
        return answer;
      });
      for (const [name, value] of shared.headers) res.setHeader(name, value);
      if (clock) res.setHeader('server-timing', clock.header());
      res.statusCode = shared.status;
      res.end(shared.body);
      return;
    }
    const executed = await execute();
    const { answer } = executed;
    clock?.mark('serialise');
    for (const [name, value] of answer.headers) res.setHeader(name, value);
    res.statusCode = answer.status ?? 200;
    if (clock) res.setHeader('server-timing', clock.header());
    if (answer.body.kind === 'complete') {
      // As bytes: a string would be copied whole on the heap twice more (Node measures it for the
      // length, then writes it behind the head as one string), the answer's largest cost in garbage.
      res.end(bytesOf(executed, answer.body.string));
      return;
    }
    for await (const chunk of answer.body.asyncIterator) res.write(chunk);
    res.end();
  };
}

/** The answer when a request fails outside GraphQL execution: no detail leaves the process. */
export function sendInternalError(res: ServerResponse): void {
  if (res.headersSent) return void res.end();
  sendJson(res, 500, { errors: [{ message: 'internal error', extensions: { code: ErrorCodes.INTERNAL_SERVER_ERROR } }] });
}

/** Listens on `port` (0: ephemeral) and answers the GraphQL endpoint's URL. */
export async function listenForGraphQL(httpServer: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const { port: bound } = httpServer.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${bound}/graphql`;
}

/**
 * A plain GraphQL service on node:http: `/health`, `/graphql` through `handle`, 404 elsewhere.
 * `stop` runs after the HTTP server has closed (e.g. Apollo Server's own stop).
 */
export async function serveGraphQL(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  stop: () => Promise<void>,
  port: number,
  host: string,
  /** Answers other paths the process serves (true when it did). */
  routes?: (req: IncomingMessage, res: ServerResponse) => boolean,
): Promise<{ url: string; close(): Promise<void> }> {
  const httpServer = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (routes?.(req, res)) return;
    if (path === '/health') return sendJson(res, 200, { status: 'ok' });
    // Nothing to wait for once listening (the schema is built before): ready as soon as alive.
    if (path === '/ready') return sendJson(res, 200, { status: 'ready' });
    if (path !== '/graphql') return sendJson(res, 404, { error: 'not found' });
    serveInSpan(tracer('yrd-subgraph'), req, res, {}, () => {
      handle(req, res).catch(() => sendInternalError(res));
    });
  });
  httpServer.keepAliveTimeout = 30_000;
  const url = await listenForGraphQL(httpServer, port, host);
  return {
    url,
    async close() {
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await stop();
    },
  };
}
