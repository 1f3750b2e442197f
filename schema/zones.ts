import { isWithin, provinceOfAdcode } from './geography';
import { PROVINCE_CODES, type ProvinceCode } from './model';

/**
 * The region's zones: named groups of divisions that cross provincial borders (contract
 * `Query.zones`, and the `zone` filter of every connection).
 *
 * The region subgraph owns them (it serves `Query.zones`), but they are reference data like the
 * divisions of schema/geography.ts, versioned with the code and deployed with it: so they live here,
 * in schema/, which every layer reads. A province subgraph filtering by zone and the shard router
 * choosing which provinces to ask read the same table in process, with no call to the region
 * subgraph per request, no cache to expire and no way for the three to disagree within one
 * release. A zone is added by a release (as the four of contract v1.1 were), never at run time;
 * if zones ever became data that operators edit, this module would become a copy synced from the
 * region subgraph like the legacy copies, and its readers would not change.
 */

export interface ZoneDefinition {
  code: string;
  name: string;
  /** GB/T 2260 county-level codes (data/yrd-divisions.csv). */
  adcodes: readonly string[];
}

export const ZONES: readonly ZoneDefinition[] = [
  {
    code: 'DEMO_ZONE',
    name: '长三角生态绿色一体化发展示范区',
    adcodes: ['310118', '320509', '330421'], // 青浦区, 吴江区, 嘉善县
  },
  {
    code: 'TAIHU_SHORE',
    name: '太湖沿湖',
    // 虎丘区, 吴中区, 相城区, 吴江区, 滨湖区, 宜兴市, 武进区, 吴兴区, 长兴县
    adcodes: ['320505', '320506', '320507', '320509', '320211', '320282', '320412', '330502', '330522'],
  },
  {
    code: 'NINGMA',
    name: '宁马省际毗邻地区',
    adcodes: ['320115', '320117', '320118', '340504', '340506', '340521'], // 江宁区, 溧水区, 高淳区, 雨山区, 博望区, 当涂县
  },
  { code: 'CHANGXING_GUANGDE', name: '长兴—广德', adcodes: ['330522', '341822'] },
  { code: 'JINSHAN_PINGHU', name: '金山—平湖', adcodes: ['310116', '330482'] },
];

const BY_CODE: ReadonlyMap<string, ZoneDefinition> = new Map(ZONES.map((z) => [z.code, z]));

export function zoneByCode(code: string): ZoneDefinition | undefined {
  return BY_CODE.get(code);
}

/** Why a `zone` argument names no zone, or null when it names one. */
export function unknownZoneMessage(code: string): string | null {
  return BY_CODE.has(code) ? null : `unknown zone "${code}"; the zones are ${ZONES.map((z) => z.code).join(', ')} (Query.zones)`;
}

/** The provinces the zone's divisions lie in, in the region's order. */
export function zoneProvinces(zone: ZoneDefinition): ProvinceCode[] {
  const inZone = new Set(zone.adcodes.map(provinceOfAdcode));
  return PROVINCE_CODES.filter((p) => inZone.has(p));
}

/** Whether a division (or a division inside one) lies in the zone. */
export function inZone(zone: ZoneDefinition, adcode: string): boolean {
  return zone.adcodes.some((z) => isWithin(adcode, z));
}
