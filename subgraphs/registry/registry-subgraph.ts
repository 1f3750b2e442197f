import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';
import { graphqlHandler, serveGraphQL } from '../../schema/http/graphql-handler';
import { anonymousGate, callerOrUnauthenticated, CallerVerifier } from '../../schema/caller';
import { loadAuthOptions } from '../../schema/config/shared-config';
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
  /** Verifies the bearer token each request carries (the process passes its JWT_* and ALLOW_ANONYMOUS; default: their defaults). */
  auth?: CallerVerifier;
}

export interface RunningRegistrySubgraph {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4220/graphql. */
  url: string;
  close(): Promise<void>;
}

const BODY_LIMIT_BYTES = 1 << 20;


export async function startRegistrySubgraph(options: RegistrySubgraphOptions): Promise<RunningRegistrySubgraph> {
  const host = options.host ?? '127.0.0.1';
  const verifier = options.auth ?? new CallerVerifier(loadAuthOptions({}));
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

  return serveGraphQL(handle, () => server.stop(), options.port ?? 0, host);
}
