import type {
  BaseLevel,
  HazardClass,
  MajorHazardGrade,
  RescueCapability,
  RescueForceType,
  WarningEvent,
  WarningLevel,
  WaybillStatus,
} from '../../schema/model';

/**
 * The 浙里急 system's own codes (legacy-apis/README.md and zhejiang.md). Written out here rather
 * than taken from adapters/kit: simulators stand in for systems we do not own and never import
 * adapter code, so an adapter that misreads a table is caught by the simulator's independent copy.
 */

export const YJLX: Readonly<Record<WarningEvent, string>> = {
  TYPHOON: 'TF', RAINSTORM: 'BY', BLIZZARD: 'BX', COLD_WAVE: 'HC', GALE: 'DF', HIGH_TEMPERATURE: 'GW', THUNDERSTORM: 'LD',
  FOG: 'DW', ROAD_ICING: 'DLJB', FLOOD: 'HS', GEOLOGICAL_HAZARD: 'DZZH', FOREST_FIRE: 'SLHX', EARTHQUAKE: 'DZ',
  STORM_SURGE: 'FBC', HAZMAT_INCIDENT: 'WHP',
  HAIL: 'BB', FROST: 'SD', HAZE: 'M', DROUGHT: 'GH', FLASH_FLOOD: 'SH', URBAN_WATERLOGGING: 'CSNL',
};

/** Zhejiang counts upwards: 1 blue … 4 red. */
export const YJJB: Readonly<Record<WarningLevel, number>> = { BLUE: 1, YELLOW: 2, ORANGE: 3, RED: 4 };

export const NL: Readonly<Record<RescueCapability, string>> = {
  HAZMAT: '危化', WATER: '水域', EARTHQUAKE: '地震', FOREST_FIRE: '森林', AVIATION: '航空', MINE: '矿山', MOUNTAIN: '山岳', FLOOD_CONTROL: '防汛',
};
export const NL_CODES: ReadonlySet<string> = new Set(Object.values(NL));

/** lllx, each team's kind since the 2026 release (additions-v1.1.md). */
export const LLLX: Readonly<Record<RescueForceType, string>> = { FIRE_AND_RESCUE: 'XFJY', PROFESSIONAL: 'ZYDW', SOCIAL: 'SHLL', ENTERPRISE: 'QYZZ' };

export const JB: Readonly<Record<BaseLevel, string>> = { NATIONAL: 'GJ', PROVINCIAL: 'SJ', CITY: 'DSJ', COUNTY: 'XJ' };

export const ZT: Readonly<Record<WaybillStatus, string>> = { PLANNED: 'PLANNED', IN_TRANSIT: 'TRANSIT', ARRIVED: 'ARRIVED', CANCELLED: 'CANCELLED' };

/** 1 (highest) … 4; 0 when the site is not a major hazard installation. */
export function wxydj(grade: MajorHazardGrade | null): number {
  return grade === null ? 0 : Number(grade.slice('GRADE_'.length));
}

/** CLASS_2_3 → "2.3", CLASS_3 → "3". */
export function hazardClassCode(c: HazardClass): string {
  return c.slice('CLASS_'.length).replace('_', '.');
}

/** Codes the system's tables do not hold, for records stored with an UNKNOWN_CODE defect. */
export const UNKNOWN = { yjlx: 'QT', jb: 'CJ', zt: 'LOST', wxydj: 9 } as const;
