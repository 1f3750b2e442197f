import { parse, type DocumentNode } from 'graphql';
import { DATUM_DESCRIPTIONS } from '../../schema/datum';

const block = (text: string): string => `"""\n${text}\n"""`;

export const BOUNDARY_DESCRIPTION = [
  "The division's area as a GeoJSON geometry (RFC 7946): a Polygon or MultiPolygon of [lng, lat] positions, rings closed, from the reference boundaries (one per province, city and county, simplified to about 100 m; data/README.md).",
  'Null where the reference data has no boundary (two counties changed after its 2016 source: 320812, 330283).',
  'A GeoJSON scalar (an object), not a String of GeoJSON: map SDKs (Leaflet, AMap, Baidu) take the object as it arrives, with no JSON parsed inside JSON, and code generators can map the named scalar to a GeoJSON type.',
  'RFC 7946 says WGS-84; the other datums are for maps that draw in them (error as for Datum).',
  '行政区边界（GeoJSON 几何对象，RFC 7946，来自参考边界数据，约 100 米简化）；以 GeoJSON 标量（对象）而非字符串返回，地图 SDK 可直接使用；参考数据缺边界时为 null。',
].join('\n');

const GEOJSON_DESCRIPTION = 'A GeoJSON geometry object (RFC 7946), served as JSON, not as a string.\nGeoJSON 几何对象（RFC 7946），以 JSON 对象返回。';

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

${block(DATUM_DESCRIPTIONS.enum)}
enum Datum {
  ${block(DATUM_DESCRIPTIONS.WGS84)}
  WGS84
  ${block(DATUM_DESCRIPTIONS.GCJ02)}
  GCJ02
  ${block(DATUM_DESCRIPTIONS.BD09)}
  BD09
}

${block(GEOJSON_DESCRIPTION)}
scalar GeoJSON

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
  centre(${block(DATUM_DESCRIPTIONS.argument)} datum: Datum! = WGS84): GeoPoint
  ${block(BOUNDARY_DESCRIPTION)}
  boundary(${block(DATUM_DESCRIPTIONS.argument)} datum: Datum! = WGS84): GeoJSON
}

type Zone { code: ID! name: String! divisions: [AdminDivision!]! }
`;

export const regionTypeDefs: DocumentNode = parse(REGION_SDL);
