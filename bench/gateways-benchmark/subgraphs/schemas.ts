import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse, type GraphQLSchema } from 'graphql';
import { projectFile } from '../../../schema/registry/project-file';

/** The benchmark's four subgraphs with the Rust originals' data and quirks (SOURCE.md). */

interface User { id: string; name: string; username: string; birthday: number }
interface Product { upc: string; name: string; price: number; weight: number }
interface Review { id: string; body: string; productUpc: string }
interface Data { users: User[]; products: Product[]; inventory: { upc: string; inStock: boolean }[]; reviews: Review[] }

const data = JSON.parse(readFileSync(projectFile('bench', 'gateways-benchmark', 'data.json'), 'utf8')) as Data;
const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires", "@provides", "@shareable"])';

const reviewOut = (r: Review) => ({ id: r.id, body: r.body, product: { upc: r.productUpc } });
/** Every user's reviews are reviews 1 and 2, whoever the user is. */
const firstTwoReviews = () => data.reviews.slice(0, 2).map(reviewOut);

const accounts = {
  typeDefs: `${LINK}
    type Query { me: User user(id: ID!): User users: [User] }
    type User @key(fields: "id") { id: ID! name: String username: String birthday: Int }`,
  resolvers: {
    Query: {
      me: () => data.users[0],
      user: (_: unknown, { id }: { id: string }) => data.users.find((u) => u.id === id) ?? null,
      users: () => data.users,
    },
    User: { __resolveReference: (ref: { id: string }) => data.users.find((u) => u.id === ref.id) ?? null },
  },
};

const inventory = {
  typeDefs: `${LINK}
    type Product @key(fields: "upc") {
      upc: String!
      weight: Int @external
      price: Int @external
      inStock: Boolean
      shippingEstimate: Int @requires(fields: "price weight")
    }`,
  resolvers: {
    Product: {
      // The original's entity resolver returns its own row, without the required price and weight.
      __resolveReference: (ref: { upc: string }) => {
        const row = data.inventory.find((p) => p.upc === ref.upc);
        return row ? { upc: row.upc, inStock: row.inStock, price: null, weight: null } : null;
      },
      shippingEstimate: (p: { price: number | null; weight: number | null }) => {
        if (p.price === null) return null;
        if (p.price > 1000) return 0;
        return p.weight === null ? null : Math.floor(p.weight / 2);
      },
    },
  },
};

const products = {
  typeDefs: `${LINK}
    type Query { topProducts(first: Int = 5): [Product] }
    type Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int }`,
  resolvers: {
    Query: { topProducts: (_: unknown, { first }: { first: number }) => data.products.slice(0, first) },
    Product: { __resolveReference: (ref: { upc: string }) => data.products.find((p) => p.upc === ref.upc) ?? null },
  },
};

const reviews = {
  typeDefs: `${LINK}
    type Review @key(fields: "id") { id: ID! body: String product: Product author: User @provides(fields: "username") }
    type User @key(fields: "id") { id: ID! username: String @external reviews: [Review] }
    type Product @key(fields: "upc") { upc: String! reviews: [Review] }`,
  resolvers: {
    Review: {
      __resolveReference: (ref: { id: string }) => {
        const r = data.reviews.find((x) => x.id === ref.id);
        return r ? reviewOut(r) : null;
      },
      author: () => ({ id: '1', username: 'urigo', reviews: firstTwoReviews() }),
    },
    User: {
      __resolveReference: (ref: { id: string }) => ({ id: ref.id, username: 'user', reviews: firstTwoReviews() }),
    },
    Product: {
      __resolveReference: (ref: { upc: string }) => ({ upc: ref.upc }),
      reviews: (p: { upc: string }) => data.reviews.filter((r) => r.productUpc === p.upc).map(reviewOut),
    },
  },
};

export const BENCHMARK_SUBGRAPHS = ['accounts', 'inventory', 'products', 'reviews'] as const;
export type BenchmarkSubgraph = (typeof BENCHMARK_SUBGRAPHS)[number];

const DEFINITIONS: Record<BenchmarkSubgraph, { typeDefs: string; resolvers: unknown }> = { accounts, inventory, products, reviews };

export function benchmarkSubgraphSchema(name: BenchmarkSubgraph): GraphQLSchema {
  const def = DEFINITIONS[name];
  return buildSubgraphSchema({ typeDefs: parse(def.typeDefs), resolvers: def.resolvers as GraphQLResolverMap<unknown> });
}
