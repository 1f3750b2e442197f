import http from 'node:http';
import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';
import { graphqlHandler, listenForGraphQL, sendInternalError } from '../../gateway/http/graphql-handler';
import { anonymousGate, callerOrUnauthenticated, callerVerifierFromEnv, type CallerVerifier } from '../../schema/caller';
import { ANONYMOUS } from '../../schema/sharing-catalog';
import { projectFile } from '../../schema/registry/project-file';
import type { Registry } from '../../schema/registry/registry';
import type { RegistryContext } from './access';
import { registryResolvers } from './resolvers';

/** contract-registry.graphql with the federation link and the shared DateTime and PageInfo. */
export const REGISTRY_SDL = readFileSync(projectFile('subgraphs', 'registry', 'registry.graphql'), 'utf8');

export function registrySubgraphSchema(registry: Registry): GraphQLSchema {
  return buildSubgraphSchema([{ typeDefs: parse(REGISTRY_SDL), resolvers: registryResolvers(registry) }]);
}

export interface RegistrySubgraphOptions {
  registry: Registry;
  /** 0 or absent: an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Verifies the bearer token each request carries (default: from JWT_* and ALLOW_ANONYMOUS). */
  auth?: CallerVerifier;
}

export interface RunningRegistrySubgraph {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4220/graphql. */
  url: string;
  close(): Promise<void>;
}

const BODY_LIMIT_BYTES = 1 << 20;

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

export async function startRegistrySubgraph(options: RegistrySubgraphOptions): Promise<RunningRegistrySubgraph> {
  const host = options.host ?? '127.0.0.1';
  const verifier = options.auth ?? callerVerifierFromEnv(process.env);
  const server = new ApolloServer<RegistryContext>({
    schema: registrySubgraphSchema(options.registry),
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginLandingPageDisabled(), anonymousGate<RegistryContext>(verifier, (c) => c.caller ?? ANONYMOUS)],
  });
  await server.start();
  const handle = graphqlHandler<RegistryContext>(
    server,
    async ({ req }) => ({ authorization: req.headers.authorization ?? null, caller: await callerOrUnauthenticated(verifier, req.headers.authorization) }),
    BODY_LIMIT_BYTES,
  );

  const httpServer = http.createServer((req, res) => {
    const route = (req.url ?? '/').split('?')[0];
    if (route === '/health') return sendJson(res, 200, { status: 'ok' });
    if (route !== '/graphql') return sendJson(res, 404, { error: 'not found' });
    handle(req, res).catch(() => sendInternalError(res));
  });
  httpServer.keepAliveTimeout = 30_000;
  const url = await listenForGraphQL(httpServer, options.port ?? 0, host);
  return {
    url,
    async close() {
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await server.stop();
    },
  };
}
