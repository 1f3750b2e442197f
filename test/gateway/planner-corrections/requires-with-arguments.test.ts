import { apolloGateway, correctedApolloGateway } from '../../../gateway/apollo-gateway';
import { miniFederationForTests } from '../../support/mini-federation';

/**
 * Issue 21, three of Apollo's blind spots: `lead` requires `reports(limit: 3)` while the client
 * asks `reports(limit: 1)` — directly, through a variable, through fragments. Apollo's planner
 * fetches both under the response name `reports` and keeps the required one: the client gets
 * three reports. Our gateway gives the client's field an alias of its own for the plan.
 */

const reports = [
  { id: 'r1', incidentId: 'i1', responderId: 's1' },
  { id: 'r2', incidentId: 'i1', responderId: 's1' },
  { id: 'r3', incidentId: 'i1', responderId: 's2' },
  { id: 'r4', incidentId: 'i1', responderId: 's3' },
  { id: 'r5', incidentId: 'i2', responderId: 's3' },
  { id: 'r6', incidentId: 'i2', responderId: 's3' },
  { id: 'r7', incidentId: 'i2', responderId: 's1' },
];
const reportsOf = (incidentId: string, limit: number) => reports.filter((r) => r.incidentId === incidentId).slice(0, limit);

const incidents = {
  name: 'incidents',
  typeDefs: `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Query { incidents: [Incident] }
    type Incident @key(fields: "id") { id: ID! }
    type Report @key(fields: "id") { id: ID! responderId: ID }
  `,
  resolvers: {
    Query: { incidents: () => [{ id: 'i1' }, { id: 'i2' }] },
    Report: { __resolveReference: (key: { id: string }) => reports.find((r) => r.id === key.id) ?? null },
  },
};

const dispatch = {
  name: 'dispatch',
  typeDefs: `
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires"])
    type Incident @key(fields: "id") {
      id: ID!
      reports(limit: Int!): [Report]
      lead: Responder @requires(fields: "reports(limit: 3) { responderId }")
    }
    type Report @key(fields: "id") { id: ID! responderId: ID @external }
    type Responder { id: ID! }
  `,
  resolvers: {
    Incident: {
      __resolveReference(key: { id: string; reports?: { responderId: string }[] }) {
        if (key.reports && key.reports.length !== 3) throw new Error(`the lead needs the first 3 reports, got ${key.reports.length}`);
        return { id: key.id, leadId: key.reports?.[2].responderId };
      },
      reports: (incident: { id: string }, { limit }: { limit: number }) => reportsOf(incident.id, limit).map((r) => ({ id: r.id })),
      lead: (incident: { leadId?: string }) => (incident.leadId ? { id: incident.leadId } : null),
    },
    Report: { __resolveReference: (key: { id: string }) => ({ id: key.id }) },
  },
};

const expected = { incidents: [{ lead: { id: 's2' }, reports: [{ id: 'r1' }] }, { lead: { id: 's1' }, reports: [{ id: 'r5' }] }] };

const queries: Record<string, string> = {
  directly: '{ incidents { lead { id } reports(limit: 1) { id } } }',
  'through a variable': 'query ($limit: Int = 1) { incidents { lead { id } reports(limit: $limit) { id } } }',
  'through fragments': `query ($limit: Int = 1) { incidents { lead { id } ...One ...Two } }
    fragment One on Incident { reports(limit: $limit) { id } }
    fragment Two on Incident { reports(limit: $limit) { id } }`,
};

const federation = miniFederationForTests([incidents, dispatch]);

describe('a field argument in @requires beside the client’s own arguments', () => {
  it.each(Object.entries(queries))('answers the client’s reports(limit: 1) and the lead from reports(limit: 3), %s', async (_, query) => {
    expect(await federation().query(correctedApolloGateway, query)).toEqual({ data: expected });
  });

  it.each(Object.entries(queries))('stock @apollo/gateway answers the required three reports instead, %s (the blind spot reproduced)', async (_, query) => {
    const answer = await federation().query(apolloGateway, query);
    expect(answer.data).toEqual({ incidents: [expect.objectContaining({ reports: [{ id: 'r1' }, { id: 'r2' }, { id: 'r3' }] }), expect.anything()] });
  });

  it('keeps a client’s own alias and a field with the required arguments as they are', async () => {
    const answer = await federation().query(correctedApolloGateway, '{ incidents { id lead { id } first: reports(limit: 1) { id } reports(limit: 3) { id } } }');
    expect(answer).toEqual({
      data: {
        incidents: [
          { id: 'i1', lead: { id: 's2' }, first: [{ id: 'r1' }], reports: [{ id: 'r1' }, { id: 'r2' }, { id: 'r3' }] },
          { id: 'i2', lead: { id: 's1' }, first: [{ id: 'r5' }], reports: [{ id: 'r5' }, { id: 'r6' }, { id: 'r7' }] },
        ],
      },
    });
  });
});
