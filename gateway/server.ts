import http from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ApolloGateway, IntrospectAndCompose, RemoteGraphQLDataSource, type GraphQLDataSource } from '@apollo/gateway';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { compareProvinceCursors } from './shard-router/orders';
import { HttpShardTransport } from './shard-router/shard-transport';
import { ShardRouter } from './shard-router/shard-router';
import type { GatewayConfig } from './config';
import { graphqlHandler } from './http/graphql-handler';

export interface GatewayContext extends BaseContext {
  requestId: string;
}

export const PROVINCES_SUBGRAPH = 'provinces';
/** The logical provinces subgraph has no URL of its own; its data source is the shard router. */
const PROVINCES_PLACEHOLDER_URL = 'http://provinces.shards.invalid/graphql';

/** Forwards the caller's token and the request id to a subgraph. */
class ForwardingDataSource extends RemoteGraphQLDataSource {
  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource['willSendRequest']>>[0]): void {
    const ctx = context as Partial<GatewayContext> & { authorization?: string };
    if (ctx.requestId) request.http?.headers.set('x-request-id', ctx.requestId);
    if (ctx.authorization) request.http?.headers.set('authorization', ctx.authorization);
  }
}

export interface RunningGateway {
  url: string;
  gateway: ApolloGateway;
  close(): Promise<void>;
}

export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  const transport = new HttpShardTransport(config.provinces);
  const subgraphs = [config.region, ...(config.registry ? [config.registry] : []), { name: PROVINCES_SUBGRAPH, url: PROVINCES_PLACEHOLDER_URL }];
  const gateway = new ApolloGateway({
    ...(config.supergraphFile
      ? { supergraphSdl: readFileSync(config.supergraphFile, 'utf8') }
      : { supergraphSdl: new IntrospectAndCompose({ subgraphs }) }),
    buildService({ name, url }): GraphQLDataSource {
      if (name === PROVINCES_SUBGRAPH) {
        return new ShardRouter({ transport, compareCursors: compareProvinceCursors, timeoutMs: config.shardTimeoutMs });
      }
      return new ForwardingDataSource({ url });
    },
  });

  const server = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: false,
  });
  await server.start();

  const handle = graphqlHandler<GatewayContext>(server, async ({ req }) => ({ requestId: String(req.headers['x-request-id'] ?? randomUUID()) }), config.bodyLimitBytes);
  const httpServer = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok' }));
      return;
    }
    if (path === '/graphql') {
      handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
      });
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'not found' }));
  });
  httpServer.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const address = httpServer.address() as AddressInfo;
  return {
    url: `http://${config.host}:${address.port}/graphql`,
    gateway,
    async close() {
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await server.stop();
      await transport.close();
    },
  };
}
