import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { buildSchema, graphql, GraphQLError, parse } from 'graphql';
import { checkBenchmarkAnswer } from '../../../../bench/gateways-benchmark/expected-answer';
import { startBenchmarkSubgraphs, type RunningSubgraphs } from '../../../../bench/gateways-benchmark/subgraphs/server';
import { BENCHMARK_QUERY } from '../../../../bench/gateways-benchmark/supergraph-file';
import { batchedFetchesDataSource } from '../../../../gateway/plugins/fetch/batched-fetches';
import { subgraphUnavailable } from '../../../../gateway/plugins/fetch/subgraph-unavailable';
import { ErrorCodes } from '../../../../schema/error-codes';
import { withBenchmarkGateway } from '../../../support/benchmark-gateway';

/**
 * BATCH_SUBGRAPH_FETCHES: the fetches one request sends a subgraph in the same turn of the event
 * loop leave as one operation, and each fetch is answered what it would have been alone.
 */

const schema = buildSchema(`
  type Query { item(id: ID!): Item  items(ids: [ID!]!): [Item]! }
  type Mutation { rename(id: ID!, name: String!): Item }
  type Item { id: ID!  name: String  broken: String }
`);
const rootValue = {
  item: ({ id }: { id: string }) => ({ id, name: `item ${id}`, broken: () => new GraphQLError(`item ${id} is broken`) }),
  items: ({ ids }: { ids: string[] }) => ids.map((id) => ({ id, name: `item ${id}` })),
  rename: ({ id, name }: { id: string; name: string }) => ({ id, name }),
};

/** A subgraph executing what it is sent against the schema above, counting the operations it receives. */
class CountingSubgraph implements GraphQLDataSource {
  readonly received: string[] = [];
  constructor(private readonly refuse: (query: string) => GatewayGraphQLResponse | Error | null = () => null) {}
  async process(options: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
    const query = options.request.query ?? '';
    this.received.push(query);
    const refused = this.refuse(query);
    if (refused instanceof Error) throw refused;
    if (refused) return refused;
    const result = await graphql({ schema, source: query, rootValue, variableValues: options.request.variables });
    return JSON.parse(JSON.stringify(result)) as GatewayGraphQLResponse;
  }
}

const incoming = (context: object, query: string, variables?: Record<string, unknown>): GraphQLDataSourceProcessOptions =>
  ({ kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION, request: { query, variables }, context, incomingRequestContext: {} }) as unknown as GraphQLDataSourceProcessOptions;

const FETCHES: [string, Record<string, unknown>?][] = [
  ['query A { item(id: "1") { ...F } } fragment F on Item { id name }'],
  ['query B($id: ID!) { item(id: $id) { ...F } } fragment F on Item { id broken }', { id: '2' }],
  ['query C($ids: [ID!]!, $id: ID!) { list: items(ids: $ids) { id } item(id: $id) { name } }', { ids: ['3', '4'], id: '5' }],
];

/** What each fetch is answered alone; error locations left out (they point into the document sent, and @apollo/gateway drops them). */
async function alone(): Promise<GatewayGraphQLResponse[]> {
  const subgraph = new CountingSubgraph();
  return withoutLocations(await Promise.all(FETCHES.map(([query, variables]) => subgraph.process(incoming({}, query, variables)))));
}

const withoutLocations = (answers: GatewayGraphQLResponse[]): GatewayGraphQLResponse[] =>
  answers.map((answer) => (answer.errors ? { ...answer, errors: answer.errors.map(({ locations: _, ...error }) => error) } : answer));

describe('fetches one request sends a subgraph together', () => {
  let aloneData: unknown[];
  beforeAll(async () => {
    aloneData = (await alone()).map((answer) => answer.data);
  });

  it('leave as one operation, each fetch answered as alone: its own fields, variables, fragments and errors', async () => {
    const subgraph = new CountingSubgraph();
    const batched = batchedFetchesDataSource(subgraph);
    const context = {};
    const answers = await Promise.all(FETCHES.map(([query, variables]) => batched.process(incoming(context, query, variables))));
    expect(subgraph.received).toHaveLength(1);
    expect(answers).toEqual(await alone());
    expect(answers[1].errors).toEqual([expect.objectContaining({ message: 'item 2 is broken', path: ['item', 'broken'] })]);
    expect(answers[0].errors).toBeUndefined();
  });

  it('keep answering right past the bound on merged texts kept (each new sequence of operations starts the cache again)', async () => {
    const subgraph = new CountingSubgraph();
    const batched = batchedFetchesDataSource(subgraph, { maxShapes: 1 });
    for (const pair of [[0, 1], [1, 2], [0, 1], [2, 0]]) {
      const context = {};
      const answers = await Promise.all(pair.map((i) => batched.process(incoming(context, FETCHES[i][0], FETCHES[i][1]))));
      expect(answers.map((a) => a.data)).toEqual(pair.map((i) => aloneData[i]));
    }
    expect(subgraph.received).toHaveLength(4);
  });

  it('are never merged across requests, nor with a mutation, nor when they leave in different turns', async () => {
    const subgraph = new CountingSubgraph();
    const batched = batchedFetchesDataSource(subgraph);
    await Promise.all([batched.process(incoming({}, FETCHES[0][0])), batched.process(incoming({}, FETCHES[0][0]))]);
    expect(subgraph.received).toHaveLength(2);
    const context = {};
    const renamed = await Promise.all([batched.process(incoming(context, 'mutation { rename(id: "1", name: "x") { name } }')), batched.process(incoming(context, FETCHES[0][0]))]);
    expect(renamed[0].data).toEqual({ rename: { name: 'x' } });
    expect(subgraph.received).toHaveLength(4);
    await batched.process(incoming(context, FETCHES[0][0]));
    await batched.process(incoming(context, FETCHES[0][0]));
    expect(subgraph.received).toHaveLength(6);
  });

  it('send a mutation whose parsed operation they are given at once, without waiting for the turn to end', async () => {
    const subgraph = new CountingSubgraph();
    const batched = batchedFetchesDataSource(subgraph);
    const context = {};
    const text = 'mutation { rename(id: "2", name: "y") { name } }';
    const query = batched.process(incoming(context, FETCHES[0][0]));
    const mutation = batched.process({ ...incoming(context, text), document: parse(text) } as GraphQLDataSourceProcessOptions);
    expect(subgraph.received).toEqual([text]);
    expect((await mutation).data).toEqual({ rename: { name: 'y' } });
    await query;
    expect(subgraph.received).toEqual([text, FETCHES[0][0]]);
  });

  it('leave together but for one that cannot be merged (a root field with a directive), which leaves alone', async () => {
    const subgraph = new CountingSubgraph();
    const batched = batchedFetchesDataSource(subgraph);
    const context = {};
    const directed = 'query D($on: Boolean!) { item(id: "6") @include(if: $on) { id name } }';
    const fetches: [string, Record<string, unknown>?][] = [FETCHES[0], [directed, { on: true }], FETCHES[2]];
    const answers = await Promise.all(fetches.map(([query, variables]) => batched.process({ ...incoming(context, query, variables), document: parse(query) } as GraphQLDataSourceProcessOptions)));
    expect(answers.map((a) => a.data)).toEqual([aloneData[0], { item: { id: '6', name: 'item 6' } }, aloneData[2]]);
    expect(subgraph.received).toHaveLength(2);
    expect(subgraph.received).toContain(directed);
    expect(subgraph.received.find((q) => q !== directed)).toMatch(/_0_item: item[\s\S]*_1_list: items/);
  });

  it('are sent again one by one when the subgraph refuses the merged operation as a whole', async () => {
    const tooWide = (query: string) => ((query.match(/_\d+_/g) ?? []).length ? { data: null, errors: [{ message: 'at most one root field' }] } : null);
    const subgraph = new CountingSubgraph(tooWide);
    const batched = batchedFetchesDataSource(subgraph);
    const context = {};
    const answers = await Promise.all(FETCHES.map(([query, variables]) => batched.process(incoming(context, query, variables))));
    expect(withoutLocations(answers)).toEqual(await alone());
    expect(subgraph.received).toHaveLength(1 + FETCHES.length);

    const badRequest = new CountingSubgraph((query) => (query.includes('_0_') ? new GraphQLError('400: Bad Request') : null));
    const again = batchedFetchesDataSource(badRequest);
    expect(withoutLocations(await Promise.all(FETCHES.map(([query, variables]) => again.process(incoming(context, query, variables)))))).toEqual(await alone());
    expect(badRequest.received).toHaveLength(1 + FETCHES.length);
  });

  it('all fail with the same error, asked once, when the subgraph is unavailable', async () => {
    const subgraph = new CountingSubgraph(() => subgraphUnavailable('inventory', 503));
    const batched = batchedFetchesDataSource(subgraph);
    const context = {};
    const answers = await Promise.allSettled(FETCHES.map(([query, variables]) => batched.process(incoming(context, query, variables))));
    expect(subgraph.received).toHaveLength(1);
    for (const answer of answers) expect(answer).toMatchObject({ status: 'rejected', reason: { extensions: { code: ErrorCodes.SUBGRAPH_UNAVAILABLE } } });
  });
});

describe('a gateway batching subgraph fetches (the default)', () => {
  let subgraphs: RunningSubgraphs;
  beforeAll(async () => {
    subgraphs = await startBenchmarkSubgraphs();
  });
  afterAll(async () => {
    await subgraphs?.close();
  });

  async function ask(url: string, query: string): Promise<string> {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    return res.text();
  }

  const run = (on: RunningSubgraphs, env: Record<string, string>, query: string) =>
    withBenchmarkGateway(on.url, env, async (url) => {
      await ask(url, query);
      const before = on.fetches();
      const answer = await ask(url, query);
      return { answer, fetches: on.fetches() - before };
    });

  it("answers the benchmark's query byte for byte as without it, in 8 subgraph fetches instead of 16 (7 with sibling fetches merged, the default, as the Rust planner's plan)", async () => {
    const plain = await run(subgraphs, { BATCH_SUBGRAPH_FETCHES: 'false', MERGE_SIBLING_FETCHES: 'false' }, BENCHMARK_QUERY);
    const batched = await run(subgraphs, { MERGE_SIBLING_FETCHES: 'false' }, BENCHMARK_QUERY);
    const both = await run(subgraphs, {}, BENCHMARK_QUERY);
    expect(checkBenchmarkAnswer(JSON.parse(batched.answer))).toBeNull();
    expect(batched.answer).toBe(plain.answer);
    expect(both.answer).toBe(plain.answer);
    expect([plain.fetches, batched.fetches, both.fetches]).toEqual([16, 8, 7]);
  });

  it('answers as without it when a subgraph fails', async () => {
    const down = await startBenchmarkSubgraphs(0, '127.0.0.1', { failing: ['products'] });
    try {
      const query = '{ users { reviews { product { upc inStock shippingEstimate } } } topProducts { upc } }';
      const plain = await run(down, { BATCH_SUBGRAPH_FETCHES: 'false' }, query);
      const batched = await run(down, {}, query);
      expect(JSON.parse(plain.answer).errors.length).toBeGreaterThan(0);
      expect(batched.answer).toBe(plain.answer);
    } finally {
      await down.close();
    }
  });
});
