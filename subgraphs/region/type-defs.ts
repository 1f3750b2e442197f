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

"""
What can be read through the gateway.
可通过网关查询的内容。
"""
type Query {
  """
  The four provinces of the region.
  长三角区域的四个省级行政区。
  """
  provinces: [Province!]!
  """
  A division by its adcode (GB/T 2260).
  按行政区划代码（GB/T 2260）查询一个行政区。
  """
  division(
    """
    The six-digit adcode, e.g. 320505.
    六位行政区划代码，例如 320505。
    """
    adcode: ID!
  ): AdminDivision
  """
  The county, city and province divisions that contain the point (innermost first).
  包含该点的县、市、省级行政区（由内到外）。
  """
  divisionsAt(
    """
    A WGS-84 point.
    WGS-84 坐标点。
    """
    point: GeoPointInput!
  ): [AdminDivision!]!
  """
  Named groups of divisions, e.g. DEMO_ZONE (Qingpu, Wujiang, Jiashan).
  命名的行政区组合，例如 DEMO_ZONE（青浦、吴江、嘉善）。
  """
  zones: [Zone!]!
}

"""
A province of the region: SH Shanghai, JS Jiangsu, ZJ Zhejiang, AH Anhui.
区域内的省级行政区：SH 上海，JS 江苏，ZJ 浙江，AH 安徽。
"""
enum ProvinceCode {
  """
  Shanghai.
  上海市。
  """
  SH
  """
  Jiangsu.
  江苏省。
  """
  JS
  """
  Zhejiang.
  浙江省。
  """
  ZJ
  """
  Anhui.
  安徽省。
  """
  AH
}

"""
The level of an administrative division.
行政区划的级别。
"""
enum DivisionLevel {
  """
  A province (or a municipality such as Shanghai).
  省级（含上海等直辖市）。
  """
  PROVINCE
  """
  A prefecture-level city.
  地级市。
  """
  CITY
  """
  A county, county-level city or district.
  县、县级市或市辖区。
  """
  COUNTY
}

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

"""
A WGS-84 point.
WGS-84 坐标点。
"""
type GeoPoint @shareable {
  """
  Longitude in degrees (WGS-84).
  经度（度，WGS-84）。
  """
  lng: Float!
  """
  Latitude in degrees (WGS-84).
  纬度（度，WGS-84）。
  """
  lat: Float!
}

"""
A WGS-84 point given by the caller.
调用方提供的 WGS-84 坐标点。
"""
input GeoPointInput {
  """
  Longitude in degrees, -180 to 180.
  经度（度），-180 至 180。
  """
  lng: Float!
  """
  Latitude in degrees, -90 to 90.
  纬度（度），-90 至 90。
  """
  lat: Float!
}

"""
A province of the region.
区域内的一个省级行政区。
"""
type Province {
  """
  Its code in this API.
  在本接口中的代码。
  """
  code: ProvinceCode!
  """
  Its adcode, e.g. 320000.
  行政区划代码，例如 320000。
  """
  adcode: ID!
  """
  Its Chinese name.
  中文名称。
  """
  name: String!
  """
  Its English name.
  英文名称。
  """
  nameEn: String!
  """
  The divisions inside the province (not the province itself), by adcode.
  省内的行政区（不含本省），按区划代码排序。
  """
  divisions(
    """
    Only divisions of this level.
    仅返回该级别的行政区。
    """
    level: DivisionLevel
  ): [AdminDivision!]!
}

"""
An administrative division (GB/T 2260).
行政区划（GB/T 2260）。
"""
type AdminDivision @key(fields: "adcode") {
  """
  Its six-digit adcode.
  六位行政区划代码。
  """
  adcode: ID!
  """
  Its Chinese name.
  中文名称。
  """
  name: String!
  """
  Province, city or county.
  级别：省、市或县。
  """
  level: DivisionLevel!
  """
  The province it lies in.
  所属省级行政区。
  """
  province: ProvinceCode!
  """
  The division it belongs to; null for a province.
  上级行政区；省级为 null。
  """
  parent: AdminDivision
  """
  By adcode.
  下级行政区，按区划代码排序。
  """
  children: [AdminDivision!]!
  """
  Its centre point, when the reference data has one.
  中心点坐标（参考数据中有时）。
  """
  centre(${block(DATUM_DESCRIPTIONS.argument)} datum: Datum! = WGS84): GeoPoint
  ${block(BOUNDARY_DESCRIPTION)}
  boundary(${block(DATUM_DESCRIPTIONS.argument)} datum: Datum! = WGS84): GeoJSON
}

"""
A named group of divisions.
命名的行政区组合。
"""
type Zone {
  """
  Its code, e.g. DEMO_ZONE.
  代码，例如 DEMO_ZONE。
  """
  code: ID!
  """
  Its name.
  名称。
  """
  name: String!
  """
  The divisions it groups.
  包含的行政区。
  """
  divisions: [AdminDivision!]!
}
`;

export const regionTypeDefs: DocumentNode = parse(REGION_SDL);
