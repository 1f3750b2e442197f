import { parse, type DocumentNode } from 'graphql';

/**
 * The credit subgraph's SDL (contract v1.1, "credit"): the joint work-safety sanctions list of the
 * region's credit platform, and the sanctions of the provinces' enterprises and rescue
 * organisations, joined by credit code.
 */
export const CREDIT_SDL = /* GraphQL */ `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])

"A calendar date, YYYY-MM-DD (Beijing)."
scalar Date
scalar DateTime

enum ProvinceCode { SH JS ZJ AH }

enum SanctionListType {
  "严重失信主体名单"
  SERIOUS_DISHONESTY
  "重点关注名单"
  KEY_ATTENTION
}
enum SanctionStatus { IN_FORCE EXPIRED REMOVED }

type Provenance @shareable {
  province: ProvinceCode!
  "The legacy system, e.g. \\"SH api/v2\\"."
  system: String!
  "The record's id in that system."
  sourceId: String!
  fetchedAt: DateTime!
  "True when the source failed and this copy came from the cache."
  stale: Boolean!
}

type PageInfo @shareable { hasNextPage: Boolean! endCursor: String }

type CreditSanction @key(fields: "id") {
  "\\"CR:CreditSanction:<decision number>\\""
  id: ID!
  creditCode: ID!
  name: String!
  listType: SanctionListType!
  "The province whose authority decided it; null for a national authority."
  province: ProvinceCode
  authority: String!
  decisionNumber: String!
  decidedOn: Date!
  reason: String!
  measures: String
  validUntil: Date
  "As of now (Beijing): REMOVED when the list removed it, EXPIRED after validUntil, else IN_FORCE."
  status: SanctionStatus!
  removedOn: Date
  updatedAt: DateTime!
  provenance: Provenance!
}

input SanctionFilter {
  provinces: [ProvinceCode!]
  listTypes: [SanctionListType!]
  statuses: [SanctionStatus!]
  updatedSince: DateTime
}

"A record that a source holds but that cannot be mapped to the contract; it is left out of answers."
type InvalidRecord @shareable {
  "SH, JS, ZJ, AH, or CR for the credit platform."
  source: String!
  sourceId: String!
  reason: String!
}

type CreditSanctionConnection {
  edges: [CreditSanctionEdge!]!
  pageInfo: PageInfo!
  totalCount: Int!
  invalidRecords: [InvalidRecord!]!
}
type CreditSanctionEdge { cursor: String! node: CreditSanction! }

type HazmatEnterprise @key(fields: "creditCode") {
  creditCode: ID!
  "Joint work-safety sanctions on this enterprise's credit code (legacy-apis/credit.md)."
  sanctions(includeRemoved: Boolean = false): [CreditSanction!]!
}

type ResourceOrganisation @key(fields: "creditCode") {
  creditCode: String
  sanctions(includeRemoved: Boolean = false): [CreditSanction!]!
}

type Query {
  "Ordered by decidedOn descending, then id."
  creditSanctions(filter: SanctionFilter, first: Int = 50, after: String): CreditSanctionConnection!
  "Every sanction on a credit code, newest first (removed ones included)."
  sanctionsOf(creditCode: ID!): [CreditSanction!]!
}
`;

export const creditTypeDefs: DocumentNode = parse(CREDIT_SDL);
