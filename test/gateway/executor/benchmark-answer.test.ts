import { checkBenchmarkAnswer } from '../../../bench/gateways-benchmark/expected-answer';
import { startBenchmarkSubgraphs, type RunningSubgraphs } from '../../../bench/gateways-benchmark/subgraphs/server';
import { BENCHMARK_QUERY, writeBenchmarkSupergraph } from '../../../bench/gateways-benchmark/supergraph-file';
import { loadGatewayConfig } from '../../../gateway/config';
import { startGateway } from '../../../gateway/server';

/**
 * Issue 21: the gateway with compiled result shaping (the default) answers the gateways
 * benchmark's query, and its varied form, byte for byte as with @apollo/gateway's own walk
 * (COMPILED_RESULT_SHAPING=false), through real HTTP to the benchmark's subgraphs.
 */

const VARIED_QUERY = BENCHMARK_QUERY.replace('query TestQuery {', 'query TestQuery($id: ID!) {\n  user(id: $id) { id name }');

describe('compiled result shaping over the gateways benchmark', () => {
  let subgraphs: RunningSubgraphs;
  beforeAll(async () => {
    subgraphs = await startBenchmarkSubgraphs();
  });
  afterAll(() => subgraphs.close());

  async function answersWith(env: Record<string, string>): Promise<string[]> {
    const gateway = await startGateway(loadGatewayConfig({ GATEWAY_PORT: '0', LOG_LEVEL: 'silent', SUBGRAPH_DEDUP: 'false', GATEWAY_INBOUND_DEDUP: 'false', RESPONSE_CACHE_MAX_MB: '0', ...env }, ['--supergraph', writeBenchmarkSupergraph((name) => subgraphs.url(name))]));
    try {
      const bodies = [{ query: BENCHMARK_QUERY }, { query: VARIED_QUERY, variables: { id: '3' } }, { query: VARIED_QUERY, variables: { id: 'none' } }];
      return await Promise.all(
        bodies.map(async (body) => {
          const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
          expect(res.status).toBe(200);
          return res.text();
        }),
      );
    } finally {
      await gateway.close();
    }
  }

  it('gives the benchmark answer, byte for byte the stock walk\'s, on the benchmark and the varied query', async () => {
    const stock = await answersWith({ COMPILED_RESULT_SHAPING: 'false' });
    const compiled = await answersWith({});
    expect(checkBenchmarkAnswer(JSON.parse(compiled[0]))).toBeNull();
    expect(JSON.parse(compiled[1]).data.user).toEqual({ id: '3', name: expect.any(String) });
    expect(compiled).toEqual(stock);
  });
});
