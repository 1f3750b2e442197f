import type {
  BaseLevel, HazardClass, MajorHazardGrade, RescueCapability, RescueForceType, WarningEvent, WarningLevel, WarningMessageType, WaybillStatus,
} from '../../schema/model';

/**
 * Shanghai's code tables as its document writes them (legacy-apis/shanghai.md). The simulator keeps
 * its own copy, written from the document: sharing the adapters' tables would let one misreading
 * pass both sides unnoticed.
 */

export const SH_EVENT: Readonly<Record<WarningEvent, string>> = {
  TYPHOON: '台风', RAINSTORM: '暴雨', BLIZZARD: '暴雪', COLD_WAVE: '寒潮', GALE: '大风', HIGH_TEMPERATURE: '高温', THUNDERSTORM: '雷电',
  FOG: '大雾', ROAD_ICING: '道路结冰', FLOOD: '洪水', GEOLOGICAL_HAZARD: '地质灾害', FOREST_FIRE: '森林火险', EARTHQUAKE: '地震',
  STORM_SURGE: '风暴潮', HAZMAT_INCIDENT: '危化品事故',
  HAIL: '冰雹', FROST: '霜冻', HAZE: '霾', DROUGHT: '干旱', FLASH_FLOOD: '山洪', URBAN_WATERLOGGING: '城市内涝',
};
export const SH_LEVEL: Readonly<Record<WarningLevel, string>> = { RED: '红色', ORANGE: '橙色', YELLOW: '黄色', BLUE: '蓝色' };
export const SH_MESSAGE_TYPE: Readonly<Record<WarningMessageType, string>> = { ALERT: 'Alert', UPDATE: 'Update', CANCEL: 'Cancel' };
export const SH_CAPABILITY: Readonly<Record<RescueCapability, string>> = {
  HAZMAT: '危化品', WATER: '水域', EARTHQUAKE: '地震', FOREST_FIRE: '森林火灾', AVIATION: '航空', MINE: '矿山', MOUNTAIN: '山岳', FLOOD_CONTROL: '防汛',
};
/** Shanghai has no city level: its bases are national, municipal or district. */
export const SH_BASE_LEVEL: Readonly<Partial<Record<BaseLevel, string>>> = { NATIONAL: '国家级', PROVINCIAL: '市级', COUNTY: '区级' };
/** Team kinds since the 2026 release (additions-v1.1.md). */
export const SH_FORCE_TYPE: Readonly<Record<RescueForceType, string>> = { FIRE_AND_RESCUE: '消防救援', PROFESSIONAL: '专业', SOCIAL: '社会', ENTERPRISE: '企业' };
export const SH_WAYBILL_STATUS: Readonly<Record<WaybillStatus, string>> = { PLANNED: '待发', IN_TRANSIT: '在途', ARRIVED: '已到达', CANCELLED: '已取消' };
export const SH_HAZARD_GRADE: Readonly<Record<MajorHazardGrade, string>> = { GRADE_1: '一级', GRADE_2: '二级', GRADE_3: '三级', GRADE_4: '四级' };

const HAZARD_CLASS: Readonly<Record<HazardClass, string>> = {
  CLASS_1: '1', CLASS_2_1: '2.1', CLASS_2_2: '2.2', CLASS_2_3: '2.3', CLASS_3: '3', CLASS_4_1: '4.1', CLASS_4_2: '4.2',
  CLASS_4_3: '4.3', CLASS_5_1: '5.1', CLASS_5_2: '5.2', CLASS_6_1: '6.1', CLASS_6_2: '6.2', CLASS_7: '7', CLASS_8: '8', CLASS_9: '9',
};

export function shHazardClass(c: HazardClass): string {
  return HAZARD_CLASS[c];
}

export function shBaseLevel(level: BaseLevel): string {
  const code = SH_BASE_LEVEL[level];
  if (code === undefined) throw new RangeError(`Shanghai has no ${level} bases`);
  return code;
}

/** Name → contract value, for the system's own filters (`capability`, `status`). */
export function decodeFrom<K extends string>(table: Readonly<Partial<Record<K, string>>>, name: string): K | undefined {
  return (Object.entries(table) as [K, string][]).find(([, v]) => v === name)?.[0];
}
