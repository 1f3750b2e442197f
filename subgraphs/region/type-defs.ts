import { parse, type DocumentNode } from 'graphql';

/** The region subgraph's SDL: the contract's reference geography, owned here. */
export const REGION_SDL = /* GraphQL */ `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])

type Query {
  provinces: [Province!]!
  division(adcode: ID!): AdminDivision
  "The county, city and province divisions that contain the point (innermost first)."
  divisionsAt(point: GeoPointInput!): [AdminDivision!]!
  "Named groups of divisions, e.g. DEMO_ZONE (Qingpu, Wujiang, Jiashan)."
  zones: [Zone!]!
}

enum ProvinceCode { SH JS ZJ AH }

enum DivisionLevel { PROVINCE CITY COUNTY }

type GeoPoint @shareable { lng: Float! lat: Float! }

input GeoPointInput { lng: Float! lat: Float! }

type Province {
  code: ProvinceCode!
  adcode: ID!
  name: String!
  nameEn: String!
  "The divisions inside the province (not the province itself), by adcode."
  divisions(level: DivisionLevel): [AdminDivision!]!
}

type AdminDivision @key(fields: "adcode") {
  adcode: ID!
  name: String!
  level: DivisionLevel!
  province: ProvinceCode!
  parent: AdminDivision
  "By adcode."
  children: [AdminDivision!]!
  centre: GeoPoint
}

type Zone { code: ID! name: String! divisions: [AdminDivision!]! }
`;

export const regionTypeDefs: DocumentNode = parse(REGION_SDL);
