import { RemoteGraphQLDataSource, type ApolloGateway, type GatewayConfig, type GraphQLDataSource } from '@apollo/gateway';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { correctedApolloGateway } from '../../../gateway/apollo-gateway';
import { useOwnPlanExecutor } from '../../../gateway/executor/plan-executor';
import { miniFederationForTests } from '../../support/mini-federation';

/**
 * MERGE_SIBLING_FETCHES: a plan whose standalone entity fetch is asked within its sibling
 * sequence's last fetch answers what the plan as it was answers, however the sequence and the
 * merged fetch fare. The pattern is the gateways benchmark's (inventory's `inStock` beside its
 * `shippingEstimate`, which @requires products' price and weight): here a depot's `inStock` beside
 * its `shipping`, which @requires the catalog's price and weight. Where the merged fetch cannot
 * stand for its parts (an item the catalog answers null, with or without an error; an answer of
 * the depot with errors), the executor runs the parts, as the plan as it was would have.
 */

interface Item {
  sku: string;
  price: number;
  weight: number;
}
const catalog: Record<string, Item> = {
  a: { sku: 'a', price: 12, weight: 4 },
  b: { sku: 'b', price: 2000, weight: 9 },
  c: { sku: 'c', price: 7, weight: 30 },
  d: { sku: 'd', price: 3, weight: 1 },
};

/** What the listings show: skus the catalog knows, one it does not (`unknown`), one it fails on (`faulty`), one the depot fails on when asked its shipping (`heavy`). */
let listed: string[] = [];

const shelfSubgraph = {
  name: 'shelf',
  typeDefs: `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Query { listings: [Listing] }
    type Listing { id: ID! item: Item }
    type Item @key(fields: "sku") { sku: ID! }
  `,
  resolvers: { Query: { listings: () => listed.map((sku, i) => ({ id: `l${i}`, item: { sku } })) } },
};

const catalogSubgraph = {
  name: 'catalog',
  typeDefs: `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Item @key(fields: "sku") { sku: ID! price: Int weight: Int }
  `,
  resolvers: {
    Item: {
      // Async, so that a failure costs its own entity, not the whole `_entities` list.
      __resolveReference: async ({ sku }: { sku: string }) => {
        if (sku === 'faulty') throw new GraphQLError('the catalog cannot read this item', { extensions: { code: 'CATALOG_FAULT' } });
        return catalog[sku] ?? (sku === 'heavy' ? { sku, price: 50, weight: 999 } : null);
      },
    },
  },
};

const depotSubgraph = {
  name: 'depot',
  typeDefs: `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires"])
    type Item @key(fields: "sku") {
      sku: ID!
      price: Int @external
      weight: Int @external
      inStock: Boolean
      shipping: Int @requires(fields: "price weight")
    }
  `,
  resolvers: {
    Item: {
      // An item asked with its weight (for its shipping) fails when too heavy: the whole item is null in that answer.
      __resolveReference: async (reference: { sku: string; weight?: number }) => {
        if (reference.weight === 999) throw new GraphQLError('too heavy to ship', { extensions: { code: 'NO_SHIPPING' } });
        return reference;
      },
      inStock: ({ sku }: { sku: string }) => sku !== 'c',
      shipping: ({ price, weight }: { price: number | null; weight: number | null }) => (price !== null && price > 1000 ? 0 : Math.ceil((weight ?? 0) / 2)),
    },
  },
};

const QUERY = '{ listings { id item { sku inStock shipping } } }';

/** Subgraph requests, by service; with `depotDown`, every depot request answers an error and no data. */
function countingService(sent: string[], depotDown: boolean) {
  return ({ name, url }: { name: string; url?: string }): GraphQLDataSource => {
    const remote = new RemoteGraphQLDataSource({ url });
    return {
      process(options) {
        sent.push(name);
        if (name === 'depot' && depotDown) return Promise.resolve({ errors: [{ message: 'the depot is down', extensions: { code: 'DEPOT_DOWN' } }] });
        return remote.process(options);
      },
    };
  };
}

const federation = miniFederationForTests([shelfSubgraph, catalogSubgraph, depotSubgraph]);

const plain = (config: GatewayConfig): ApolloGateway => useOwnPlanExecutor(true, correctedApolloGateway(config));
const merging = (config: GatewayConfig): ApolloGateway => useOwnPlanExecutor(true, correctedApolloGateway(config, { mergeSiblingFetches: true }));
const mergingWithApolloExecutor = (config: GatewayConfig): ApolloGateway => correctedApolloGateway(config, { mergeSiblingFetches: true });

async function run(build: (config: GatewayConfig) => ApolloGateway, options: { depotDown?: boolean; plugins?: ApolloServerPlugin[] } = {}) {
  const sent: string[] = [];
  const answer = await federation().query((config) => build({ ...config, buildService: countingService(sent, options.depotDown ?? false) }), QUERY, undefined, options.plugins);
  return { answer, sent: sent.sort() };
}

describe('a merged plan answers what the plan as it was answers', () => {
  afterEach(() => {
    listed = [];
  });

  // First in the file: before any gateway of it installs our executor in this process, Apollo's runs alone.
  it("merges nothing where the gateway runs Apollo's executor (OWN_PLAN_EXECUTOR=false)", async () => {
    listed = ['a', 'unknown'];
    const after = await run(mergingWithApolloExecutor);
    const before = await run(plain);
    expect(after.sent).toEqual(['catalog', 'depot', 'depot', 'shelf']);
    expect(JSON.stringify(after.answer)).toBe(JSON.stringify(before.answer));
  });

  it('merges: one depot fetch instead of two, the same answer', async () => {
    listed = ['a', 'b', 'c', 'd'];
    const [before, after] = [await run(plain), await run(merging)];
    expect(before.sent).toEqual(['catalog', 'depot', 'depot', 'shelf']);
    expect(after.sent).toEqual(['catalog', 'depot', 'shelf']);
    expect(after.answer).toEqual(before.answer);
    expect(before.answer.errors).toBeUndefined();
    expect(before.answer.data).toEqual({
      listings: [
        { id: 'l0', item: { sku: 'a', inStock: true, shipping: 2 } },
        { id: 'l1', item: { sku: 'b', inStock: true, shipping: 0 } },
        { id: 'l2', item: { sku: 'c', inStock: false, shipping: 15 } },
        { id: 'l3', item: { sku: 'd', inStock: true, shipping: 1 } },
      ],
    });
  });

  it.each<[string, string, string[], string[]]>([
    // The catalog answers `unknown` as null: its shipping cannot be asked, its inStock still can; the merged fetch is not sent.
    ['an item the catalog answers null, without an error', 'unknown', ['catalog', 'depot', 'depot', 'shelf'], []],
    ['an item the catalog fails on, with an error', 'faulty', ['catalog', 'depot', 'depot', 'shelf'], ['CATALOG_FAULT']],
    // The depot's answer has an error that takes the whole item with it there: the parts are asked instead.
    ['an item the merged fetch fails on, taking the item with it', 'heavy', ['catalog', 'depot', 'depot', 'depot', 'shelf'], ['NO_SHIPPING']],
  ])('%s', async (_, sku, mergedSent, codes) => {
    listed = ['a', sku, 'c'];
    const [before, after] = [await run(plain), await run(merging)];
    expect(before.sent).toEqual(['catalog', 'depot', 'depot', 'shelf']);
    expect(after.sent).toEqual(mergedSent);
    expect(after.answer).toEqual(before.answer);
    expect(JSON.stringify(after.answer)).toBe(JSON.stringify(before.answer));
    // The item whose shipping could not be had keeps what the standalone fetch asked: in stock.
    expect(before.answer.data?.listings).toEqual([
      { id: 'l0', item: { sku: 'a', inStock: true, shipping: 2 } },
      { id: 'l1', item: { sku, inStock: true, shipping: null } },
      { id: 'l2', item: { sku: 'c', inStock: false, shipping: 15 } },
    ]);
    expect((before.answer.errors ?? []).map((e) => e.extensions?.code)).toEqual(codes);
  });

  it('a depot that answers only errors: each part fails as it would alone', async () => {
    listed = ['a', 'b'];
    const [before, after] = [await run(plain, { depotDown: true }), await run(merging, { depotDown: true })];
    expect(after.sent).toEqual(['catalog', 'depot', 'depot', 'depot', 'shelf']);
    expect(JSON.stringify(after.answer)).toBe(JSON.stringify(before.answer));
    expect(before.answer.errors?.filter((e) => e.extensions?.code === 'DEPOT_DOWN')).toHaveLength(2);
  });

  it("a request that captures a federated trace runs the plan as it was (Apollo's executor knows nothing of merges)", async () => {
    listed = ['a', 'unknown'];
    const capture: ApolloServerPlugin = {
      async requestDidStart(requestContext) {
        requestContext.metrics.captureTraces = true;
      },
    };
    const [before, after] = [await run(plain), await run(merging, { plugins: [capture] })];
    expect(after.sent).toEqual(['catalog', 'depot', 'depot', 'shelf']);
    expect(JSON.stringify(after.answer)).toBe(JSON.stringify(before.answer));
  });

});
