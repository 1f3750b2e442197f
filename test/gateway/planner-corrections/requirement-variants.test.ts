import { apolloGateway, correctedApolloGateway } from '../../../gateway/apollo-gateway';
import { miniFederationForTests } from '../../support/mini-federation';

/**
 * Issue 21, one of Apollo's blind spots: two @requires of one field with different arguments,
 * `ration(unit: "KG")` for `loadKg` and `ration(unit: "LB")` for `loadLb`. Apollo's planner
 * fetches one of them under `ration` and gives it to both.
 */

const stock = [
  { sku: 'w1', name: 'water', rationKg: 3, count: 2 },
  { sku: 'b1', name: 'blanket', rationKg: 0.5, count: 10 },
  { sku: 'z1', name: 'nothing', rationKg: 0, count: 1 },
];

const depot = {
  name: 'depot',
  typeDefs: `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Query { supplies: [Supply] }
    type Supply @key(fields: "sku") { sku: ID! name: String ration(unit: String!): Float count: Int }
  `,
  resolvers: {
    Query: { supplies: () => stock },
    Supply: {
      __resolveReference: (key: { sku: string }) => stock.find((s) => s.sku === key.sku) ?? null,
      ration: (supply: { rationKg: number }, { unit }: { unit: string }) => {
        if (unit === 'KG') return supply.rationKg;
        if (unit === 'LB') return supply.rationKg * 2;
        throw new Error(`unknown unit ${unit}`);
      },
    },
  },
};

const loading = {
  name: 'loading',
  typeDefs: `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires"])
    type Supply @key(fields: "sku") {
      sku: ID!
      count: Int @external
      ration(unit: String!): Float @external
      loadKg: Float @requires(fields: "ration(unit: \\"KG\\") count")
      loadLb: Float @requires(fields: "ration(unit: \\"LB\\") count")
    }
  `,
  resolvers: {
    Supply: {
      loadKg: (supply: { ration: number; count: number }) => supply.ration * supply.count,
      loadLb: (supply: { ration: number; count: number }) => supply.ration * supply.count,
    },
  },
};

const federation = miniFederationForTests([depot, loading]);
const query = '{ supplies { sku name loadKg loadLb } }';

describe('two @requires of one field with different arguments', () => {
  it('gives each requiring field the variant it requires, a required 0 included', async () => {
    expect(await federation().query(correctedApolloGateway, query)).toEqual({
      data: { supplies: [{ sku: 'w1', name: 'water', loadKg: 6, loadLb: 12 }, { sku: 'b1', name: 'blanket', loadKg: 5, loadLb: 10 }, { sku: 'z1', name: 'nothing', loadKg: 0, loadLb: 0 }] },
    });
  });

  it('answers one alone, and beside the client’s own ration', async () => {
    expect(await federation().query(correctedApolloGateway, '{ supplies { loadLb ration(unit: "KG") } }')).toEqual({
      data: { supplies: [{ loadLb: 12, ration: 3 }, { loadLb: 10, ration: 0.5 }, { loadLb: 0, ration: 0 }] },
    });
  });

  it('stock @apollo/gateway gives both the same variant (the blind spot reproduced)', async () => {
    const answer = await federation().query(apolloGateway, query);
    const [water] = (answer.data as { supplies: { loadKg: number; loadLb: number }[] }).supplies;
    expect(water.loadKg).toBe(water.loadLb);
  });
});
