import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { PROVINCE_ADCODE, childrenOf, division, divisions, successorOf, type Division } from '../../schema/geography';
import { PROVINCE_CODES, type DivisionLevel, type GeoPoint, type ProvinceCode } from '../../schema/model';
import { fromWgs84, type Datum } from '../../schema/datum';
import { divisionBoundary } from './boundary';
import { divisionsAt } from './divisions-at';
import { GeoJSONScalar } from './geojson-scalar';
import { isAdcode, requireAdcode, requireGeoPoint } from './input';
import { ZONES, type ZoneDefinition } from '../../schema/zones';

export interface ProvinceView {
  code: ProvinceCode;
  adcode: string;
  name: string;
  nameEn: string;
}

const PROVINCE_NAMES_EN: Readonly<Record<ProvinceCode, string>> = { SH: 'Shanghai', JS: 'Jiangsu', ZJ: 'Zhejiang', AH: 'Anhui' };

/** A division the reference data must hold (provinces, zone members): its absence is a broken deployment. */
function referenceDivision(adcode: string): Division {
  const found = division(adcode);
  if (!found) throw new Error(`reference geography has no division ${adcode}`);
  return found;
}

export function provinces(): ProvinceView[] {
  return PROVINCE_CODES.map((code) => {
    const { adcode, name } = referenceDivision(PROVINCE_ADCODE[code]);
    return { code, adcode, name, nameEn: PROVINCE_NAMES_EN[code] };
  });
}

function divisionsOfProvince(code: ProvinceCode, level: DivisionLevel | null | undefined): Division[] {
  return [...divisions().values()]
    .filter((d) => d.province === code && d.adcode !== PROVINCE_ADCODE[code] && (level == null || d.level === level))
    .sort((a, b) => a.adcode.localeCompare(b.adcode));
}

/** Abolished codes answer as their successors; unknown codes as null. */
function currentDivision(adcode: string): Division | null {
  return division(successorOf(adcode)) ?? null;
}

export function zoneDivisions(zone: ZoneDefinition): Division[] {
  return zone.adcodes.map(referenceDivision);
}

export const regionResolvers: GraphQLResolverMap<unknown> = {
  GeoJSON: GeoJSONScalar,
  Query: {
    provinces: (): ProvinceView[] => provinces(),
    division: (_: unknown, args: { adcode: string }): Division | null => currentDivision(requireAdcode(args.adcode, 'adcode')),
    divisionsAt: (_: unknown, args: { point: GeoPoint }): Division[] => divisionsAt(requireGeoPoint(args.point, 'point')),
    zones: (): readonly ZoneDefinition[] => ZONES,
  },
  Province: {
    divisions: (province: ProvinceView, args: { level?: DivisionLevel | null }): Division[] => divisionsOfProvince(province.code, args.level),
  },
  AdminDivision: {
    __resolveReference: (reference: { adcode: string }): Division | null =>
      isAdcode(reference.adcode) ? currentDivision(reference.adcode) : null,
    parent: (d: Division): Division | null => (d.parent === null ? null : (division(d.parent) ?? null)),
    children: (d: Division): Division[] => childrenOf(d.adcode),
    centre: (d: Division, args: { datum: Datum }): GeoPoint | null => (d.centre ? fromWgs84(d.centre, args.datum) : null),
    boundary: (d: Division, args: { datum: Datum }) => divisionBoundary(d.adcode, args.datum),
  },
  Zone: {
    divisions: (zone: ZoneDefinition): Division[] => zoneDivisions(zone),
  },
};
