import { apolloGateway } from '../../gateway/apollo-gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { checkBenchmarkAnswer } from '../../bench/gateways-benchmark/expected-answer';
import { BENCHMARK_QUERY, benchmarkSupergraphSdl, writeBenchmarkSupergraph } from '../../bench/gateways-benchmark/supergraph-file';
import { startBenchmarkSubgraphs, type RunningSubgraphs } from '../../bench/gateways-benchmark/subgraphs/server';
import { loadGatewayConfig } from '../../gateway/config';
import { startGateway, type RunningGateway } from '../../gateway/server';
import { meanPhases, runTimedLoad } from '../../bench/lib/timed-load';

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

  it('our gateway with stock plans (PLANNER_CORRECTIONS=false, the cpu-per-request peer) gives the same answer', async () => {
    const file = writeBenchmarkSupergraph(subgraphs.url);
    let gateway: RunningGateway | undefined;
    try {
      gateway = await startGateway(loadGatewayConfig({ GATEWAY_PORT: '0', LOG_LEVEL: 'silent', PLANNER_CORRECTIONS: 'false' }, ['--supergraph', file]));
      expect(checkBenchmarkAnswer(await ask(gateway.url))).toBeNull();
    } finally {
      await gateway?.close();
    }
  });

  it('the request-phases load reads each answer\'s Server-Timing beside the client\'s latency', async () => {
    const file = writeBenchmarkSupergraph(subgraphs.url);
    let gateway: RunningGateway | undefined;
    try {
      // Every request runs its plan (no response cache, no sharing), so each answer has a fetch phase even when the
      // first load ends before its first answer and a later one carries the load.
      gateway = await startGateway(loadGatewayConfig({ GATEWAY_PORT: '0', LOG_LEVEL: 'silent', GATEWAY_SERVER_TIMING: 'true', RESPONSE_CACHE_MAX_MB: '0', GATEWAY_INBOUND_DEDUP: 'false' }, ['--supergraph', file]));
      // A 1 s load on a busy machine can end before its first answer: loads run until one has answered (a cap only a hang reaches).
      let result = await runTimedLoad({ url: gateway.url, connections: 4, durationS: 1, body: () => JSON.stringify({ query: BENCHMARK_QUERY }) });
      for (let load = 1; load < 30 && result.requests === 0 && result.errors === 0; load++) result = await runTimedLoad({ url: gateway.url, connections: 4, durationS: 1, body: () => JSON.stringify({ query: BENCHMARK_QUERY }) });
      expect(result.errors).toBe(0);
      expect(result.timed.length).toBe(result.requests);
      expect(result.timed.length).toBeGreaterThan(0);
      for (const r of result.timed) {
        const total = r.phases.get('total') ?? Number.NaN;
        expect(total).toBeLessThanOrEqual(r.latencyMs);
        expect(r.phases.get('arrival')).toBeGreaterThanOrEqual(r.sentAt - 1);
      }
      expect(result.timed.every((r) => r.phases.has('fetch'))).toBe(true);
      const means = meanPhases(result.timed);
      expect(means['to arrival']).toBeGreaterThanOrEqual(-1);
      expect(means['from answer']).toBeGreaterThanOrEqual(-1);
    } finally {
      await gateway?.close();
    }
  });

  it('the check itself refuses a wrong answer', () => {
    expect(checkBenchmarkAnswer({ data: { users: [], topProducts: [] } })).not.toBeNull();
    expect(checkBenchmarkAnswer({ errors: [{ message: 'x' }] })).not.toBeNull();
  });
});
