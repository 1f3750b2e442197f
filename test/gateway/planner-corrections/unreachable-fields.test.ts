import { apolloGateway, correctedApolloGateway } from '../../../gateway/apollo-gateway';
import { NO_QUERY_PLAN } from '../../../gateway/planner-corrections/corrected-gateway';
import { miniFederationForTests } from '../../support/mini-federation';

/**
 * Issue 21, one of Apollo's blind spots: `status` is reachable only through the inventory's
 * @interfaceObject Asset, whose key is not resolvable, so nothing can fetch it for an Asset that
 * the registry returns. Apollo's planner makes a plan with no fetch and the gateway answers
 * `asset: null` with no error; ours answers an error.
 */

const registry = {
  name: 'registry',
  typeDefs: `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@interfaceObject"])
    interface Asset @key(fields: "id") { id: ID! }
    type Query { asset: Asset }
  `,
  resolvers: {
    Query: { asset: () => ({ id: 'p1' }) },
  },
};

const inventory = {
  name: 'inventory',
  typeDefs: `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@interfaceObject"])
    type Asset @key(fields: "id", resolvable: false) @interfaceObject { id: ID! status: String }
    type Query { stocked: Asset }
  `,
  resolvers: {
    Query: { stocked: () => ({ id: 'p1' }) },
    Asset: { status: () => 'ready' },
  },
};

const federation = miniFederationForTests([registry, inventory]);

describe('a field reachable only through a non-resolvable @interfaceObject key', () => {
  it('answers no data and an error with a code', async () => {
    const answer = await federation().query(correctedApolloGateway, '{ asset { status } }');
    expect(answer.data).toBeNull();
    expect(answer.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: NO_QUERY_PLAN }) })]);
  });

  it('stock @apollo/gateway answers null with no error (the blind spot reproduced)', async () => {
    expect(await federation().query(apolloGateway, '{ asset { status } }')).toEqual({ data: { asset: null } });
  });

  it('still answers what can be reached, and operations with nothing to fetch', async () => {
    expect(await federation().query(correctedApolloGateway, '{ stocked { id status } }')).toEqual({ data: { stocked: { id: 'p1', status: 'ready' } } });
    expect(await federation().query(correctedApolloGateway, '{ __typename skipped: stocked @skip(if: true) { id } }')).toEqual({ data: { __typename: 'Query' } });
  });
});
