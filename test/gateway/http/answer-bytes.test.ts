import { startBenchmarkSubgraphs, type RunningSubgraphs } from '../../../bench/gateways-benchmark/subgraphs/server';
import { checkBenchmarkAnswer } from '../../../bench/gateways-benchmark/expected-answer';
import { BENCHMARK_QUERY } from '../../../bench/gateways-benchmark/supergraph-file';
import { withBenchmarkGateway } from '../../support/benchmark-gateway';

/**
 * The gateway writes an answer as bytes (written as a string, Node copied it whole twice more),
 * the same bytes, with their length, whether the request ran alone or shared an identical one in
 * flight: Apollo Server's compact JSON and its closing newline.
 */

describe("the bytes of the gateway's answer", () => {
  let subgraphs: RunningSubgraphs;
  beforeAll(async () => {
    subgraphs = await startBenchmarkSubgraphs();
  });
  afterAll(async () => {
    await subgraphs?.close();
  });

  async function ask(url: string) {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: BENCHMARK_QUERY }) });
    const bytes = Buffer.from(await res.arrayBuffer());
    return { status: res.status, length: Number(res.headers.get('content-length')), bytes };
  }

  it.each([
    ['run alone', { GATEWAY_INBOUND_DEDUP: 'false' }],
    ['shared with identical requests in flight (inbound de-duplication)', { GATEWAY_INBOUND_DEDUP: 'true' }],
  ])("are Apollo Server's JSON of the answer, with their length: %s", async (_, env) => {
    const { status, length, bytes } = await withBenchmarkGateway(subgraphs.url, env, ask);
    expect(status).toBe(200);
    expect(length).toBe(bytes.length);
    const text = bytes.toString('utf8');
    const answer = JSON.parse(text) as unknown;
    expect(checkBenchmarkAnswer(answer)).toBeNull();
    expect(text).toBe(`${JSON.stringify(answer)}\n`);
  });
});
