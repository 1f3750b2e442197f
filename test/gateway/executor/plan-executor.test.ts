import { setFlagsFromString } from 'node:v8';
import { RemoteGraphQLDataSource, type ApolloGateway, type GatewayConfig, type GraphQLDataSource } from '@apollo/gateway';
import type { ApolloServerPlugin } from '@apollo/server';
import type { PlanNode, QueryPlan } from '@apollo/query-planner';
import { GraphQLError } from 'graphql';
import { apolloGateway, correctedApolloGateway } from '../../../gateway/apollo-gateway';
import { executesWithOwnExecutor, installedApolloGateway, portsApolloGateway, useOwnPlanExecutor } from '../../../gateway/executor/plan-executor';
import { distinctRepresentationsDataSource } from '../../../gateway/plugins/fetch/distinct-representations';
import { sharesEntities } from '../../../gateway/plugins/fetch/shared-entities';
import { miniFederationForTests } from '../../support/mini-federation';

/**
 * Issue 21: the plan executor (OWN_PLAN_EXECUTOR) sends what @apollo/gateway's executeQueryPlan
 * sends and answers what it answers. A differential test: one supergraph, the same subgraphs on
 * real HTTP, Apollo's executor against ours in one process; every subgraph request (service,
 * operation, variables) and every answer (data, errors with their paths and codes, extensions)
 * equal. The cases are what execution decides: flattening lists of lists with nulls, entity
 * fetches with @requires, representations skipped, an @interfaceObject's rewrites, conditions on
 * variables, errors of root and entity fetches (hydrated paths, codes, none), a subgraph's
 * malformed `_entities`, mutations in sequence, introspection beside data.
 */

setFlagsFromString('--allow-natives-syntax');
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;

interface StationRecord {
  id: string;
  name: string;
  district: { code: string };
  shifts: ({ id: string } | null)[][] | null;
}
const stations: Record<string, StationRecord> = {
  s1: { id: 's1', name: 'Harbour', district: { code: 'pd' }, shifts: [[{ id: 'c1' }, null], [{ id: 'c2' }]] },
  s2: { id: 's2', name: 'Hill', district: { code: 'xh' }, shifts: null },
  s3: { id: 's3', name: 'Bridge', district: { code: 'pd' }, shifts: [[], [{ id: 'c3' }, { id: 'c1' }]] },
};
const opened: string[] = [];

const stationsSubgraph = {
  name: 'stations',
  typeDefs: `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@shareable"])
    type Query { stations: [Station] station(id: ID!): Station failing: Station assets: [Asset!]! }
    type Mutation { open(id: ID!): Station }
    interface Asset @key(fields: "id") { id: ID! }
    type Station implements Asset @key(fields: "id") { id: ID! name: String! district: District! shifts: [[Crew]] }
    type District @shareable { code: ID! }
    type Crew @key(fields: "id") { id: ID! }
  `,
  resolvers: {
    Query: {
      stations: () => [stations.s1, null, stations.s2, stations.s3],
      station: (_: unknown, { id }: { id: string }) => stations[id] ?? null,
      failing: () => {
        throw new GraphQLError('stations are closed', { extensions: { code: 'STATIONS_CLOSED' } });
      },
      assets: () => [stations.s1, stations.s3],
    },
    Mutation: {
      open: (_: unknown, { id }: { id: string }) => {
        opened.push(id);
        return stations[id] ?? null;
      },
    },
    Asset: { __resolveType: () => 'Station' },
    Station: { __resolveReference: (key: { id: string }) => stations[key.id] ?? null },
  },
};

const peopleSubgraph = {
  name: 'people',
  typeDefs: `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@requires", "@external"])
    type Crew @key(fields: "id") { id: ID! leader: String size: Int! base: Station }
    type Station @key(fields: "id") {
      id: ID!
      name: String! @external
      headcount: Int @requires(fields: "name")
      alerts: [String!]
    }
  `,
  resolvers: {
    Crew: {
      __resolveReference: (key: { id: string }) => (key.id === 'c3' ? null : { id: key.id }),
      leader: (crew: { id: string }) => {
        if (crew.id === 'c2') throw new Error('leader unknown');
        return `lead-${crew.id}`;
      },
      size: (crew: { id: string }) => Number(crew.id.slice(1)) + 2,
      base: (crew: { id: string }) => ({ id: crew.id === 'c1' ? 's2' : 's1' }),
    },
    Station: {
      __resolveReference: (key: { id: string; name?: string }) => key,
      headcount: (station: { name?: string }) => {
        if (station.name === 'Hill') throw new GraphQLError('no count on the hill', { extensions: { code: 'NOT_COUNTED' } });
        return station.name?.length ?? null;
      },
      alerts: (station: { id: string }) => (station.id === 's1' ? ['flood'] : []),
    },
  },
};

const ratingsSubgraph = {
  name: 'ratings',
  typeDefs: `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@interfaceObject"])
    type Asset @key(fields: "id") @interfaceObject { id: ID! rating: Int }
  `,
  resolvers: { Asset: { __resolveReference: (key: { id: string }) => ({ id: key.id, rating: key.id === 's1' ? 4 : null }) } },
};

type Tamper = 'short' | 'not-an-array' | null;
let tamper: Tamper = null;

interface SentRequest {
  service: string;
  query: string;
  variables: unknown;
}

/** Apollo's data source, recording what it sends; with `tamper` set, the people subgraph's `_entities` come back broken. */
function recordingService(sent: SentRequest[]) {
  return ({ name, url }: { name: string; url?: string }): GraphQLDataSource => {
    const remote = new RemoteGraphQLDataSource({ url });
    return {
      async process(options) {
        sent.push({ service: name, query: options.request.query ?? '', variables: options.request.variables });
        const response = await remote.process(options);
        const entities = response.data?._entities;
        if (name === 'people' && Array.isArray(entities) && tamper) {
          return { ...response, data: { _entities: tamper === 'short' ? entities.slice(1) : { broken: true } } };
        }
        return response;
      },
    };
  };
}

const cases: { name: string; query: string; variables?: Record<string, unknown>; tamper?: Tamper }[] = [
  { name: 'lists of lists with nulls flattened into one entity fetch, an entity resolved to null, an error in an entity fetch', query: '{ stations { id shifts { id leader size } } }' },
  { name: 'a @requires: representations from the first fetch, an entity whose requirement is missing (null station) skipped, an error with a code', query: '{ stations { id name headcount alerts } }' },
  { name: 'a @requires asked without the required field in the client\'s selection', query: '{ station(id: "s1") { headcount } other: station(id: "s2") { id headcount } }' },
  { name: 'an @interfaceObject: representations rewritten to the interface and answers back to the type', query: '{ assets { id rating ... on Station { name } } }' },
  { name: 'a condition on a variable, taken', query: 'query ($people: Boolean!) { stations { id alerts @include(if: $people) headcount @skip(if: $people) } }', variables: { people: true } },
  { name: 'a condition on a variable, not taken', query: 'query ($people: Boolean!) { stations { id alerts @include(if: $people) } }', variables: { people: false } },
  { name: 'a root fetch failing with a code beside one that answers', query: '{ failing { id headcount } station(id: "s3") { name shifts { size } } }' },
  { name: 'a station that does not exist: no entity fetch', query: '{ station(id: "none") { id headcount shifts { leader } } }' },
  { name: 'variables: only those a fetch uses are sent', query: 'query ($a: ID!, $b: ID!) { one: station(id: $a) { name alerts } two: station(id: $b) { name } }', variables: { a: 's1', b: 's2' } },
  { name: 'a subgraph answering fewer entities than asked', query: '{ stations { id alerts } }', tamper: 'short' },
  { name: 'a subgraph answering `_entities` that are not a list', query: '{ stations { id alerts } }', tamper: 'not-an-array' },
  { name: 'response names an object inherits (constructor, toString, valueOf, __proto__) merged from an entity fetch into objects of a root fetch', query: '{ stations { constructor: id toString: name valueOf: headcount hasOwnProperty: alerts __proto__: alerts } }' },
  { name: 'an entity at several places whose answer holds an object that a later fetch completes', query: '{ stations { id shifts { id size base { id name alerts } } } }' },
  { name: 'introspection beside data', query: '{ __typename station(id: "s1") { __typename id } __type(name: "Crew") { fields { name } } }' },
];

const federation = miniFederationForTests([stationsSubgraph, peopleSubgraph, ratingsSubgraph]);

interface SharedEntities {
  /** Per entity fetch: its subgraph, and whether the executor took one entity for the places of a representation. */
  shared: { service: string; shared: boolean }[];
  /** The subgraphs whose entity fetches in the plan rewrite their answers. */
  rewriting: Set<string>;
}

/** The entity fetches of a plan that have output rewrites, by subgraph. */
function collectRewriting(node: QueryPlan['node'] | PlanNode | undefined, into: Set<string>): void {
  if (!node) return;
  if (node.kind === 'Fetch') {
    if (node.requires && node.outputRewrites?.length) into.add(node.serviceName);
  } else if (node.kind === 'Sequence' || node.kind === 'Parallel') node.nodes.forEach((child) => collectRewriting(child, into));
  else if (node.kind === 'Flatten') collectRewriting(node.node, into);
  else if (node.kind === 'Condition') [node.ifClause, node.elseClause].forEach((child) => collectRewriting(child, into));
}

/** `distinct`: each distinct representation sent once (the gateway's default), recording what SharedEntities says. */
async function run(build: (config: GatewayConfig) => ApolloGateway, query: string, variables?: Record<string, unknown>, plugins?: ApolloServerPlugin[], distinct?: SharedEntities) {
  const sent: SentRequest[] = [];
  const recording = recordingService(sent);
  const buildService = !distinct
    ? recording
    : (service: { name: string; url?: string }): GraphQLDataSource => {
        const source = distinctRepresentationsDataSource(recording(service));
        return {
          process: (options) => {
            if (options.request.variables?.representations) distinct.shared.push({ service: service.name, shared: sharesEntities(options.request) });
            return source.process(options);
          },
        };
      };
  const planned = distinct ? { experimental_didResolveQueryPlan: ({ queryPlan }: { queryPlan: QueryPlan }) => collectRewriting(queryPlan.node, distinct.rewriting) } : {};
  const answer = await federation().query((config) => build({ ...config, ...planned, buildService }), query, variables, plugins);
  sent.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { answer, sent };
}

describe('the plan executor sends and answers what @apollo/gateway\'s executeQueryPlan does', () => {
  let built: ApolloGateway | null = null;
  const ours = (config: GatewayConfig): ApolloGateway => {
    built = useOwnPlanExecutor(true, apolloGateway(config));
    return built;
  };
  afterEach(() => {
    tamper = null;
  });

  it.each(cases)('$name', async ({ query, variables, tamper: broken }) => {
    tamper = broken ?? null;
    const stock = await run(apolloGateway, query, variables);
    const own = await run(ours, query, variables);
    expect(built && executesWithOwnExecutor(built)).toBe(true);
    expect(own.sent).toEqual(stock.sent);
    expect(own.answer).toEqual(stock.answer);
    expect(JSON.stringify(own.answer)).toBe(JSON.stringify(stock.answer));
  });

  it.each(cases)('each distinct representation sent once, one entity for all its places: $name', async ({ query, variables, tamper: broken }) => {
    tamper = broken ?? null;
    const stockShared: SharedEntities = { shared: [], rewriting: new Set() };
    const stock = await run(apolloGateway, query, variables, undefined, stockShared);
    const ownShared: SharedEntities = { shared: [], rewriting: new Set() };
    const own = await run(ours, query, variables, undefined, ownShared);
    expect(own.sent).toEqual(stock.sent);
    expect(JSON.stringify(own.answer)).toBe(JSON.stringify(stock.answer));
    // Apollo's executor writes into what it is given: it never takes shared entities. Ours does, except in a fetch that rewrites its answers.
    expect(stockShared.shared.every((f) => !f.shared)).toBe(true);
    expect(ownShared.shared.map((f) => f.shared)).toEqual(ownShared.shared.map((f) => !ownShared.rewriting.has(f.service)));
  });

  it('takes one entity for the places of a repeated representation, and the later fetch through it sees the same object twice', async () => {
    const recorded: SharedEntities = { shared: [], rewriting: new Set() };
    const own = await run(ours, '{ stations { id shifts { id size base { id name alerts } } } }', undefined, undefined, recorded);
    expect(recorded.shared).toEqual([
      { service: 'people', shared: true },
      { service: 'stations', shared: true },
    ]);
    // c1 at two places: one representation, its base (s2) completed by the stations subgraph once for both.
    expect(own.sent.filter((r) => r.service === 'people').map((r) => (r.variables as { representations: unknown[] }).representations)).toEqual([
      [{ __typename: 'Crew', id: 'c1' }, { __typename: 'Crew', id: 'c2' }, { __typename: 'Crew', id: 'c3' }],
    ]);
    const crews = (own.answer.data?.stations as { shifts: { id: string; base: unknown }[][] | null }[]).flatMap((s) => s?.shifts ?? []).flat();
    expect(crews.filter((c) => c?.id === 'c1').map((c) => c.base)).toEqual([
      { id: 's2', name: 'Hill', alerts: [] },
      { id: 's2', name: 'Hill', alerts: [] },
    ]);
  });

  it('the cases reach what execution decides: hydrated error paths, codes, skipped representations, malformed entities', async () => {
    const shifts = await run(ours, cases[0].query);
    // Shaping's own errors (c3's missing non-null size) are dropped when a fetch failed: Apollo answers only the fetch's.
    expect(shifts.answer.errors?.map((e) => [e.message, e.path])).toEqual([['leader unknown', ['stations', 0, 'shifts', 1, 0, 'leader']]]);
    expect((shifts.answer.data?.stations as { shifts: unknown[][] }[])[3].shifts[1]).toEqual([null, { id: 'c1', leader: 'lead-c1', size: 3 }]);
    expect(shifts.sent.filter((r) => r.service === 'people').map((r) => (r.variables as { representations: unknown[] }).representations)).toEqual([
      [{ __typename: 'Crew', id: 'c1' }, { __typename: 'Crew', id: 'c2' }, { __typename: 'Crew', id: 'c3' }, { __typename: 'Crew', id: 'c1' }],
    ]);
    const headcount = await run(ours, cases[1].query);
    expect(headcount.answer.errors?.map((e) => [e.message, e.path, e.extensions?.code, e.extensions?.serviceName])).toEqual([['no count on the hill', ['stations', 2, 'headcount'], 'NOT_COUNTED', 'people']]);
    expect((headcount.answer.data?.stations as unknown[])[1]).toBeNull();
    const assets = await run(ours, cases[3].query);
    expect(assets.answer.data).toEqual({ assets: [{ id: 's1', rating: 4, name: 'Harbour' }, { id: 's3', rating: null, name: 'Bridge' }] });
    expect(assets.sent.find((r) => r.service === 'ratings')?.variables).toEqual({ representations: [{ __typename: 'Asset', id: 's1' }, { __typename: 'Asset', id: 's3' }] });
    tamper = 'short';
    expect((await run(ours, cases[9].query)).answer.errors?.map((e) => e.message)).toEqual(['Expected "data._entities" to contain 3 elements']);
  });

  it('builds representations as plain objects with fast properties (Apollo builds dictionaries without a prototype)', async () => {
    const representationsOf = (sent: SentRequest[]) => sent.filter((r) => r.service === 'people').flatMap((r) => (r.variables as { representations: object[] }).representations);
    const own = representationsOf((await run(ours, cases[1].query)).sent);
    const stock = representationsOf((await run(apolloGateway, cases[1].query)).sent);
    expect(own).toEqual(stock);
    expect(own.length).toBeGreaterThan(1);
    expect(own.map((r) => [Object.getPrototypeOf(r) === Object.prototype, hasFastProperties(r)])).toEqual(own.map(() => [true, true]));
    expect(stock.map((r) => [Object.getPrototypeOf(r), hasFastProperties(r)])).toEqual(stock.map(() => [null, false]));
  });

  it('mutations run one after the other, in the order asked', async () => {
    opened.length = 0;
    const query = 'mutation { a: open(id: "s2") { id headcount } b: open(id: "s1") { id alerts } c: open(id: "s3") { name } }';
    const stock = await run(apolloGateway, query);
    const stockOrder = opened.splice(0);
    const own = await run(ours, query);
    expect(opened).toEqual(stockOrder);
    expect(opened).toEqual(['s2', 's1', 's3']);
    expect(own.sent).toEqual(stock.sent);
    expect(JSON.stringify(own.answer)).toBe(JSON.stringify(stock.answer));
  });

  it('a request that captures a federated trace is run by Apollo\'s executor, which builds the trace', async () => {
    let planTrace: unknown = null;
    const capture: ApolloServerPlugin = {
      async requestDidStart(requestContext) {
        requestContext.metrics.captureTraces = true;
        return {
          async willSendResponse(end) {
            planTrace = end.metrics.queryPlanTrace ?? null;
          },
        };
      },
    };
    const own = await run(ours, cases[1].query, undefined, [capture]);
    expect(planTrace).not.toBeNull();
    expect(JSON.stringify(own.answer)).toBe(JSON.stringify((await run(apolloGateway, cases[1].query)).answer));
    planTrace = null;
    await run(ours, cases[1].query);
    expect(planTrace).toBeNull();
  });

  it('with the planner corrections (as the gateway runs), and a gateway without it keeps Apollo\'s executor in the same process', async () => {
    const corrected = await run((config) => useOwnPlanExecutor(true, correctedApolloGateway(config)), cases[1].query);
    expect(JSON.stringify(corrected.answer)).toBe(JSON.stringify((await run((config) => correctedApolloGateway(config), cases[1].query)).answer));
    let stock: ApolloGateway | null = null;
    await run((config) => (stock = apolloGateway(config)), cases[0].query);
    expect(stock && executesWithOwnExecutor(stock)).toBe(false);
  });

  it('is a port of the installed @apollo/gateway release; another release keeps Apollo\'s executor until the port is reviewed', () => {
    expect(portsApolloGateway(installedApolloGateway)).toBe(true);
    expect(portsApolloGateway('2.14.9')).toBe(true);
    expect(portsApolloGateway('2.15.0')).toBe(false);
    expect(portsApolloGateway('3.0.0')).toBe(false);
  });
});
