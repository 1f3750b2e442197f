import { composeServices } from '@apollo/composition';
import type { ApolloGateway, GatewayConfig } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

type Resolvers = Extract<Parameters<typeof buildSubgraphSchema>[0], { typeDefs: unknown }>['resolvers'];

/** One subgraph of a small reproduction: its SDL and resolvers, served by @apollo/subgraph. */
export interface MiniSubgraph {
  name: string;
  typeDefs: string;
  resolvers: NonNullable<Resolvers>;
}

export interface MiniAnswer {
  data?: Record<string, unknown> | null;
  errors?: readonly { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

export interface MiniFederation {
  /** Queries the gateway built by `build` over the composed supergraph. */
  query(build: (config: GatewayConfig) => ApolloGateway, query: string, variables?: Record<string, unknown>, plugins?: ApolloServerPlugin[]): Promise<MiniAnswer>;
  stop(): Promise<void>;
}

/**
 * Serves each subgraph on its own loopback port (real HTTP), composes their supergraph with
 * @apollo/composition, and answers operations through a gateway of the caller's construction.
 */
export async function startMiniFederation(subgraphs: readonly MiniSubgraph[]): Promise<MiniFederation> {
  const servers: ApolloServer[] = [];
  const served: { name: string; url: string; typeDefs: ReturnType<typeof parse> }[] = [];
  for (const subgraph of subgraphs) {
    const typeDefs = parse(subgraph.typeDefs);
    const server = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs, resolvers: subgraph.resolvers }), plugins: [ApolloServerPluginInlineTraceDisabled()] });
    const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
    servers.push(server);
    served.push({ name: subgraph.name, url, typeDefs });
  }
  const composed = composeServices(served);
  if (composed.errors) {
    await Promise.all(servers.map((s) => s.stop()));
    throw new Error(composed.errors.map((e) => e.message).join('\n'));
  }
  const supergraphSdl = composed.supergraphSdl;
  return {
    async query(build, query, variables, plugins = []) {
      const server = new ApolloServer({ gateway: build({ supergraphSdl }), plugins });
      await server.start();
      try {
        const response = await server.executeOperation({ query, ...(variables ? { variables } : {}) });
        if (response.body.kind !== 'single') throw new Error('expected a single answer');
        return response.body.singleResult as MiniAnswer;
      } finally {
        await server.stop();
      }
    },
    async stop() {
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}

/** A mini federation started before a test file's tests and stopped after them. */
export function miniFederationForTests(subgraphs: readonly MiniSubgraph[]): () => MiniFederation {
  let federation: MiniFederation | undefined;
  beforeAll(async () => {
    federation = await startMiniFederation(subgraphs);
  });
  afterAll(() => federation?.stop());
  return () => {
    if (!federation) throw new Error('the mini federation did not start');
    return federation;
  };
}
