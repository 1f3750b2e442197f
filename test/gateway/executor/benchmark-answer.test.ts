import { checkBenchmarkAnswer } from '../../../bench/gateways-benchmark/expected-answer';
import { startBenchmarkSubgraphs, type RunningSubgraphs } from '../../../bench/gateways-benchmark/subgraphs/server';
import { BENCHMARK_QUERY } from '../../../bench/gateways-benchmark/supergraph-file';
import { withBenchmarkGateway } from '../../support/benchmark-gateway';

/**
 * Issue 21: the gateway with compiled result shaping (the default) answers the gateways
 * benchmark's query, and its varied form, byte for byte as with @apollo/gateway's own walk
 * (COMPILED_RESULT_SHAPING=false), and with the plan executor (the default) as with
 * @apollo/gateway's executeQueryPlan (OWN_PLAN_EXECUTOR=false), through real HTTP to the benchmark's subgraphs.
 */

const VARIED_QUERY = BENCHMARK_QUERY.replace('query TestQuery {', 'query TestQuery($id: ID!) {\n  user(id: $id) { id name }');

describe('compiled result shaping over the gateways benchmark', () => {
  let subgraphs: RunningSubgraphs;
  beforeAll(async () => {
    subgraphs = await startBenchmarkSubgraphs();
  });
  afterAll(() => subgraphs.close());

  function answersWith(env: Record<string, string>): Promise<string[]> {
    const bodies = [{ query: BENCHMARK_QUERY }, { query: VARIED_QUERY, variables: { id: '3' } }, { query: VARIED_QUERY, variables: { id: 'none' } }];
    return withBenchmarkGateway((name) => subgraphs.url(name), env, (url) =>
      Promise.all(
        bodies.map(async (body) => {
          const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
          expect(res.status).toBe(200);
          return res.text();
        }),
      ),
    );
  }

  it('gives the benchmark answer, byte for byte the stock walk\'s, on the benchmark and the varied query', async () => {
    const stock = await answersWith({ COMPILED_RESULT_SHAPING: 'false' });
    const compiled = await answersWith({});
    expect(checkBenchmarkAnswer(JSON.parse(compiled[0]))).toBeNull();
    expect(JSON.parse(compiled[1]).data.user).toEqual({ id: '3', name: expect.any(String) });
    expect(compiled).toEqual(stock);
  });

  it('gives the same bytes with @apollo/gateway\'s executor (OWN_PLAN_EXECUTOR=false) as with the plan executor', async () => {
    const apollos = await answersWith({ OWN_PLAN_EXECUTOR: 'false' });
    const own = await answersWith({});
    expect(checkBenchmarkAnswer(JSON.parse(own[0]))).toBeNull();
    expect(own).toEqual(apollos);
  });
});
