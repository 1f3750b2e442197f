import { apolloGateway } from '../../gateway/apollo-gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { checkBenchmarkAnswer } from '../../bench/gateways-benchmark/expected-answer';
import { BENCHMARK_QUERY, benchmarkSupergraphSdl, writeBenchmarkSupergraph } from '../../bench/gateways-benchmark/supergraph-file';
import { startBenchmarkSubgraphs, type RunningSubgraphs } from '../../bench/gateways-benchmark/subgraphs/server';
import { loadGatewayConfig } from '../../gateway/config';
import { startGateway, type RunningGateway } from '../../gateway/server';

/** The Node port of the gateways benchmark's subgraphs answers as the Rust originals do. */

let subgraphs: RunningSubgraphs;
beforeAll(async () => {
  subgraphs = await startBenchmarkSubgraphs();
});
afterAll(async () => {
  await subgraphs?.close();
});

async function ask(url: string): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: BENCHMARK_QUERY }) });
  expect(res.status).toBe(200);
  return res.json();
}

describe('the gateways benchmark scenario', () => {
  it('stock @apollo/gateway over the port gives the benchmark\'s answer', async () => {
    const server = new ApolloServer({ gateway: apolloGateway({ supergraphSdl: benchmarkSupergraphSdl(subgraphs.url) }) });
    const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
    try {
      expect(checkBenchmarkAnswer(await ask(url))).toBeNull();
    } finally {
      await server.stop();
    }
  });

  it('our gateway on any supergraph file (--supergraph) gives the same answer', async () => {
    const file = writeBenchmarkSupergraph(subgraphs.url);
    let gateway: RunningGateway | undefined;
    try {
      gateway = await startGateway(loadGatewayConfig({ GATEWAY_PORT: '0', LOG_LEVEL: 'silent' }, ['--supergraph', file]));
      const answer = await ask(gateway.url);
      expect(checkBenchmarkAnswer(answer)).toBeNull();
    } finally {
      await gateway?.close();
    }
  });

  it('the check itself refuses a wrong answer', () => {
    expect(checkBenchmarkAnswer({ data: { users: [], topProducts: [] } })).not.toBeNull();
    expect(checkBenchmarkAnswer({ errors: [{ message: 'x' }] })).not.toBeNull();
  });
});
