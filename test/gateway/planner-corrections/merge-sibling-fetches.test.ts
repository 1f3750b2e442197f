import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { prettyFormatQueryPlan, QueryPlanner } from '@apollo/query-planner';
import { parse } from 'graphql';
import { readFileSync } from 'node:fs';
import { checkBenchmarkAnswer } from '../../../bench/gateways-benchmark/expected-answer';
import { startBenchmarkSubgraphs, type RunningSubgraphs } from '../../../bench/gateways-benchmark/subgraphs/server';
import { BENCHMARK_QUERY } from '../../../bench/gateways-benchmark/supergraph-file';
import { mergeSiblingFetches } from '../../../gateway/planner-corrections/merge-sibling-fetches';
import { projectFile } from '../../../schema/registry/project-file';
import { withBenchmarkGateway } from '../../support/benchmark-gateway';

/**
 * MERGE_SIBLING_FETCHES: an entity fetch that a Parallel runs beside a Sequence ending in a fetch
 * from the same subgraph at the same path is asked within that fetch (the gateways benchmark's
 * query: inventory's `inStock` beside its `shippingEstimate`, which @requires products' price and
 * weight). Same answers in fewer fetches; where a merged fetch cannot stand for its parts, the
 * executor runs them (test/gateway/executor/merged-fetches.test.ts has every such case).
 */

function benchmarkPlan() {
  const supergraph = Supergraph.build(readFileSync(projectFile('bench', 'gateways-benchmark', 'supergraph.graphql'), 'utf8'));
  return new QueryPlanner(supergraph).buildQueryPlan(operationFromDocument(supergraph.apiSchema(), parse(BENCHMARK_QUERY)));
}

const fetchesIn = (printed: string) => (printed.match(/Fetch\(service/g) ?? []).length;

describe('merging sibling fetches in a plan', () => {
  it("asks the benchmark query's standalone inventory fetches within the inventory fetch after products: 16 fetches become 13", () => {
    const stock = prettyFormatQueryPlan(benchmarkPlan());
    const merged = prettyFormatQueryPlan(mergeSiblingFetches(benchmarkPlan()));
    expect(fetchesIn(stock)).toBe(16);
    expect(fetchesIn(merged)).toBe(13);
    // Every inventory fetch now asks both fields, over the union of their requirements.
    const inventory = merged.split('Fetch(service: "inventory")').slice(1);
    expect(inventory).toHaveLength(4);
    for (const fetch of inventory) {
      const [requires, selects] = fetch.split('=>');
      expect(selects).toMatch(/inStock/);
      expect(selects).toMatch(/shippingEstimate/);
      for (const field of ['upc', 'price', 'weight']) expect(requires).toMatch(new RegExp(`\\b${field}\\b`));
    }
  });

  it('leaves a plan with nothing to merge as it is', () => {
    const supergraph = Supergraph.build(readFileSync(projectFile('bench', 'gateways-benchmark', 'supergraph.graphql'), 'utf8'));
    const plan = new QueryPlanner(supergraph).buildQueryPlan(operationFromDocument(supergraph.apiSchema(), parse('{ topProducts { upc inStock shippingEstimate reviews { id } } users { id name } }')));
    expect(mergeSiblingFetches(plan)).toBe(plan);
  });
});

describe('a gateway with MERGE_SIBLING_FETCHES=true', () => {
  let subgraphs: RunningSubgraphs;
  beforeAll(async () => {
    subgraphs = await startBenchmarkSubgraphs();
  });
  afterAll(async () => {
    await subgraphs?.close();
  });

  const withGateway = <T>(on: RunningSubgraphs, merge: boolean, use: (url: string) => Promise<T>): Promise<T> => withBenchmarkGateway(on.url, { MERGE_SIBLING_FETCHES: String(merge), BATCH_SUBGRAPH_FETCHES: 'false' }, use);

  async function ask(url: string, query: string): Promise<string> {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    return res.text();
  }

  it("answers the benchmark's query byte for byte as without it, in 13 subgraph fetches instead of 16", async () => {
    const run = (merge: boolean) =>
      withGateway(subgraphs, merge, async (url) => {
        await ask(url, BENCHMARK_QUERY);
        const before = subgraphs.fetches();
        const answer = await ask(url, BENCHMARK_QUERY);
        return { answer, fetches: subgraphs.fetches() - before };
      });
    const plain = await run(false);
    const merged = await run(true);
    expect(checkBenchmarkAnswer(JSON.parse(merged.answer))).toBeNull();
    expect(merged.answer).toBe(plain.answer);
    expect(plain.fetches).toBe(16);
    expect(merged.fetches).toBe(13);
  });

  it("answers as Apollo's plan does when the subgraph a merged fetch requires fails: the merged fetch's parts run instead, nothing is asked twice", async () => {
    const down = await startBenchmarkSubgraphs(0, '127.0.0.1', { failing: ['products'] });
    try {
      const query = '{ users { reviews { product { upc inStock shippingEstimate } } } }';
      type Answer = { data: { users: { reviews: { product: { upc: string; inStock: boolean | null; shippingEstimate: number | null } }[] }[] }; errors?: unknown[] };
      const run = (merge: boolean) =>
        withGateway(down, merge, async (url) => {
          const before = down.fetches();
          const answer = JSON.parse(await ask(url, query)) as Answer;
          return { answer, fetches: down.fetches() - before };
        });
      const plain = await run(false);
      const merged = await run(true);
      // The merged fetch alone would lose inStock with shippingEstimate; the answer is the plain plan's, inStock kept.
      expect(plain.answer.errors?.length).toBeGreaterThan(0);
      expect(plain.answer.data.users.flatMap((u) => u.reviews.map((r) => r.product)).every((p) => typeof p.inStock === 'boolean' && p.shippingEstimate === null)).toBe(true);
      expect(merged.answer).toEqual(plain.answer);
      expect(merged.fetches).toBe(plain.fetches);
    } finally {
      await down.close();
    }
  });
});
