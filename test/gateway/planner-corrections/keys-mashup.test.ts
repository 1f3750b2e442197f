import { apolloGateway, correctedApolloGateway } from '../../../gateway/apollo-gateway';
import { resolvableKeysFirst } from '../../../gateway/planner-corrections/resolvable-keys-first';
import { miniFederationForTests } from '../../support/mini-federation';

/**
 * Issue 21, one of Apollo's blind spots: resolvable and non-resolvable keys mixed, and a @requires
 * that leads back to the subgraph. Apollo's planner goes back to `rosters` with the first key it
 * declares for Unit (`code { region district }`, not resolvable there); the subgraph finds no
 * unit, `callSign` is non-null, and the whole roster comes back null with no error.
 */

const units: Record<string, { id: string; code: { region: string; district: string; serial: string }; name: string }> = {
  u1: { id: 'u1', code: { region: 'r1', district: 'd1', serial: 's1' }, name: 'Engine 1' },
  u2: { id: 'u2', code: { region: 'r1', district: 'd2', serial: 's2' }, name: 'Engine 2' },
};

const fleet = {
  name: 'fleet',
  typeDefs: `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
    type Unit @key(fields: "id") @key(fields: "code { region district }", resolvable: false) @key(fields: "id code { district serial }", resolvable: false) {
      id: ID!
      code: UnitCode!
      name: String!
    }
    type UnitCode { region: ID! district: ID! serial: ID! }
  `,
  resolvers: { Unit: { __resolveReference: (key: { id: string }) => units[key.id] ?? null } },
};

const rosters = {
  name: 'rosters',
  typeDefs: `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@requires", "@external"])
    type Query { roster: Roster }
    type Roster @key(fields: "id") { id: ID! units: [Unit!]! }
    type Unit @key(fields: "code { region district }", resolvable: false) @key(fields: "id code { district serial }") @key(fields: "id", resolvable: false) {
      id: ID!
      code: UnitCode!
      name: String! @external
      callSign: String! @requires(fields: "name")
    }
    type UnitCode { region: ID! district: ID! serial: ID! }
  `,
  resolvers: {
    Query: { roster: () => ({ id: 'night', units: ['u1', 'u2'] }) },
    Roster: { units: (roster: { units: string[] }) => roster.units.map((id) => ({ id, code: units[id].code })) },
    Unit: {
      __resolveReference: (key: { id?: string; name?: string }) => (key.id && units[key.id] ? { ...units[key.id], name: key.name } : null),
      callSign: (unit: { name?: string }) => {
        if (!unit.name) throw new Error('Unit.name was not provided');
        return `${unit.name} (night)`;
      },
    },
  },
};

const query = '{ roster { id units { id name callSign } } }';

const federation = miniFederationForTests([fleet, rosters]);

describe('resolvable and non-resolvable keys with a @requires that leads back', () => {
  it('answers the roster, going back to the subgraph by its resolvable key', async () => {
    expect(await federation().query(correctedApolloGateway, query)).toEqual({
      data: { roster: { id: 'night', units: [{ id: 'u1', name: 'Engine 1', callSign: 'Engine 1 (night)' }, { id: 'u2', name: 'Engine 2', callSign: 'Engine 2 (night)' }] } },
    });
  });

  it('stock @apollo/gateway answers a null roster with no error (the blind spot reproduced)', async () => {
    const answer = await federation().query(apolloGateway, query);
    expect(answer.data).toEqual({ roster: null });
    expect(answer.errors).toBeUndefined();
  });
});

describe('resolvableKeysFirst', () => {
  it('moves each type’s non-resolvable keys after the others and leaves the rest of the supergraph alone', () => {
    const sdl = 'type Unit @join__type(graph: R, key: "code", resolvable: false) @join__type(graph: R, key: "id") @join__type(graph: F, key: "id") { id: ID! }';
    expect(resolvableKeysFirst(sdl).replace(/\s+/g, ' ')).toBe('type Unit @join__type(graph: R, key: "id") @join__type(graph: F, key: "id") @join__type(graph: R, key: "code", resolvable: false) { id: ID! }');
    const without = 'type Unit @join__type(graph: R, key: "id") { id: ID! }';
    expect(resolvableKeysFirst(without)).toBe(without);
  });
});
