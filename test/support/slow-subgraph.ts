import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';

/** A one-subgraph supergraph whose fields take `delayMs` to answer and count their executions (in-flight sharing and timing tests). */

const SUBGRAPH_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type Query { slow(tag: String): Execution! }
  type Mutation { bump: Execution! }
  type Execution { number: Int! tag: String caller: String }
`;

export interface Counter {
  executions: number;
  /** While set, executions also wait for it before answering: a test holds them in flight until its requests have all arrived. */
  gate?: Promise<void>;
}

export async function startSlowSubgraph(counter: Counter, delayMs: number): Promise<{ url: string; stop(): Promise<void> }> {
  const execution = async (tag: string | null, caller: string | undefined) => {
    counter.executions += 1;
    const number = counter.executions;
    await Promise.all([new Promise((r) => setTimeout(r, delayMs)), counter.gate]);
    return { number, tag, caller: caller ?? null };
  };
  const server = new ApolloServer<{ caller?: string }>({
    schema: buildSubgraphSchema({
      typeDefs: parse(SUBGRAPH_SDL),
      resolvers: {
        Query: { slow: (_: unknown, { tag }: { tag?: string }, ctx: unknown) => execution(tag ?? null, (ctx as { caller?: string }).caller) },
        Mutation: { bump: (_: unknown, __: unknown, ctx: unknown) => execution(null, (ctx as { caller?: string }).caller) },
      },
    }),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => ({ caller: req.headers.authorization }),
  });
  return { url, stop: () => server.stop() };
}

export function supergraphFile(url: string): string {
  const composed = composeServices([{ name: 'slow', url, typeDefs: parse(SUBGRAPH_SDL) }]);
  if (!composed.supergraphSdl) throw new Error(`composition failed: ${composed.errors?.map((e) => e.message).join('; ')}`);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'inbound-dedup-')), 'supergraph.graphql');
  writeFileSync(file, composed.supergraphSdl);
  return file;
}
