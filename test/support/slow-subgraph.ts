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

/** How many requests the gateway at `graphqlUrl` has answered from another request's execution (inbound de-duplication). */
export async function dedupFollowers(graphqlUrl: string): Promise<number> {
  const text = await (await fetch(graphqlUrl.replace('/graphql', '/metrics'))).text();
  return Number(/gateway_inbound_dedup_requests_total\{role="follower"\} (\d+)/.exec(text)?.[1] ?? 0);
}

/**
 * Sends the requests while the subgraph holds its answers, until `joined` of them have joined an
 * execution in flight at the gateway (at most 10 s), then `holdMs` more: on a busy machine the first
 * execution could otherwise answer before the last request arrived, and nothing would be in flight
 * to share. `holdMs` gives every follower at least that long a wait.
 */
export async function inFlightTogether<T>(counter: Counter, graphqlUrl: string, requests: () => Promise<T>[], joined: number, holdMs = 0): Promise<T[]> {
  const before = await dedupFollowers(graphqlUrl);
  let open = (): void => undefined;
  counter.gate = new Promise<void>((resolve) => (open = resolve));
  const answers = Promise.all(requests());
  const deadline = Date.now() + 10_000;
  while ((await dedupFollowers(graphqlUrl)) - before < joined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, holdMs));
  counter.gate = undefined;
  open();
  return answers;
}

export function supergraphFile(url: string): string {
  const composed = composeServices([{ name: 'slow', url, typeDefs: parse(SUBGRAPH_SDL) }]);
  if (!composed.supergraphSdl) throw new Error(`composition failed: ${composed.errors?.map((e) => e.message).join('; ')}`);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'inbound-dedup-')), 'supergraph.graphql');
  writeFileSync(file, composed.supergraphSdl);
  return file;
}
