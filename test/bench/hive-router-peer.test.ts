import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { apolloGateway } from '../../gateway/apollo-gateway';
import { checkBenchmarkAnswer } from '../../bench/gateways-benchmark/expected-answer';
import { BENCHMARK_QUERY, benchmarkSupergraphSdl, writeBenchmarkSupergraph } from '../../bench/gateways-benchmark/supergraph-file';
import { startBenchmarkSubgraphs, type RunningSubgraphs } from '../../bench/gateways-benchmark/subgraphs/server';
import { freePort, waitForGraphQL } from '../../bench/lib/processes';
import { startHiveRouter } from '../../bench/scenarios/gateway-throughput';

/**
 * gateway-throughput's peers do what their names say: the benchmark subgraphs count the fetches a
 * gateway makes, and Hive Gateway with router-runtime shares identical fetches in flight by default
 * and not when its peer of "ours without any de-duplication" turns that off.
 */

let subgraphs: RunningSubgraphs;
beforeAll(async () => {
  // Slow answers, so that concurrent requests' fetches are surely in flight together.
  subgraphs = await startBenchmarkSubgraphs(0, '127.0.0.1', { delayMs: 50 });
});
afterAll(async () => {
  await subgraphs?.close();
});

async function ask(url: string): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: BENCHMARK_QUERY }) });
  expect(res.status).toBe(200);
  return res.json();
}

/** Subgraph fetches made for `answers` identical requests sent at once, each answer checked. */
async function fetchesFor(url: string, answers: number): Promise<number> {
  const before = subgraphs.fetches();
  const bodies = await Promise.all(Array.from({ length: answers }, () => ask(url)));
  for (const body of bodies) expect(checkBenchmarkAnswer(body)).toBeNull();
  return subgraphs.fetches() - before;
}

describe('the subgraph fetches of gateway-throughput\'s peers', () => {
  it('stock @apollo/gateway makes 16 fetches for one answer of the benchmark query (Apollo\'s plan), counted by the subgraphs', async () => {
    const server = new ApolloServer({ gateway: apolloGateway({ supergraphSdl: benchmarkSupergraphSdl(subgraphs.url) }) });
    const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
    try {
      await ask(url);
      expect(await fetchesFor(url, 1)).toBe(16);
    } finally {
      await server.stop();
    }
  });

  it.each([
    { share: false, expectation: 'makes its own 7 fetches (the Rust planner\'s plan) for each of 10 identical requests at once' },
    { share: true, expectation: 'shares identical fetches in flight among 10 identical requests at once (its default)' },
  ])('Hive Gateway with router-runtime, shareInFlightFetches $share, $expectation', async ({ share }) => {
    const port = await freePort();
    const hive = startHiveRouter(port, writeBenchmarkSupergraph(subgraphs.url), 1, share);
    try {
      const url = `http://127.0.0.1:${port}/graphql`;
      await waitForGraphQL(url);
      expect(await fetchesFor(url, 1)).toBe(7);
      const fetches = await fetchesFor(url, 10);
      if (share) expect(fetches).toBeLessThanOrEqual(35);
      else expect(fetches).toBe(70);
    } finally {
      await hive.stop();
    }
  });
});
