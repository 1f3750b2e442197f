import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { apolloGateway } from '../../gateway/apollo-gateway';
import { RegistrySupergraphManager } from '../../gateway/registry/registry-supergraph';
import type { Registry } from '../../schema/registry/registry';

/** A greetings subgraph and gateways fed by a registry: what hot-reload tests and the propagation bench publish to. */

export const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])';
/** What the greetings subgraph serves; the published SDLs reveal more of it over time. */
const SERVED = `${FEDERATION_LINK}\ntype Query { hello: String slow(ms: Int!): String world: String }`;
export const GREETINGS_V1 = `${FEDERATION_LINK}\ntype Query { hello: String slow(ms: Int!): String }`;
export const GREETINGS_V2 = `${FEDERATION_LINK}\ntype Query { hello: String slow(ms: Int!): String world: String }`;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Running {
  url: string;
  stop(): Promise<void>;
}

export interface RegistryGateway extends Running {
  manager: RegistrySupergraphManager;
}

export async function startGreetings(): Promise<Running> {
  const server = new ApolloServer({
    schema: buildSubgraphSchema({
      typeDefs: parse(SERVED),
      resolvers: {
        Query: {
          hello: () => 'hello',
          world: () => 'world',
          slow: async (_: unknown, { ms }: { ms: number }) => {
            await sleep(ms);
            return `slept ${ms}`;
          },
        },
      },
    }),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, stop: () => server.stop() };
}

export async function startRegistryGateway(registry: Registry): Promise<RegistryGateway> {
  const manager = new RegistrySupergraphManager({ registry });
  const server = new ApolloServer({ gateway: apolloGateway({ supergraphSdl: manager }) });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  return { url, manager, stop: () => server.stop() };
}

export interface GreetingsAnswer {
  data?: Record<string, string | null> | null;
  errors?: { message: string }[];
}

/** Transport failures come back as errors too, so that a dropped request fails the assertions rather than the run. */
export async function queryGreetings(url: string, text: string): Promise<GreetingsAnswer> {
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: text }) });
    return (await response.json()) as GreetingsAnswer;
  } catch (error) {
    return { errors: [{ message: `transport: ${(error as Error).message}` }] };
  }
}

/** Resolves with the ms from now until the manager hands the next version to its gateway; rejects when none comes within timeoutMs. */
export function nextUpdate(manager: RegistrySupergraphManager, timeoutMs: number): Promise<number> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no new version reached the gateway within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = manager.onUpdate(() => {
      clearTimeout(timer);
      off();
      resolve(Date.now() - started);
    });
  });
}
