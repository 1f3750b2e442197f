import type {
  BaseLevel,
  HazardClass,
  MajorHazardGrade,
  MutualAidStatus,
  RescueCapability,
  RescueForceType,
  WarningEvent,
  WarningLevel,
  WarningMessageType,
  WaybillStatus,
} from '../../schema/model';

/**
 * ahyj's code tables (legacy-apis/README.md and anhui.md), written out here rather than taken
 * from adapters/kit: the simulator stands in for a system we do not own, so it shares no code with
 * the adapters that read it.
 */

export const AH_EVENT: Readonly<Record<WarningEvent, string>> = {
  TYPHOON: '台风预警', RAINSTORM: '暴雨预警', BLIZZARD: '暴雪预警', COLD_WAVE: '寒潮预警', GALE: '大风预警',
  HIGH_TEMPERATURE: '高温预警', THUNDERSTORM: '雷电预警', FOG: '大雾预警', ROAD_ICING: '道路结冰预警', FLOOD: '洪水预警',
  GEOLOGICAL_HAZARD: '地质灾害预警', FOREST_FIRE: '森林火险预警', EARTHQUAKE: '地震预警', STORM_SURGE: '风暴潮预警',
  HAZMAT_INCIDENT: '危化品事故预警',
  HAIL: '冰雹预警', FROST: '霜冻预警', HAZE: '霾预警', DROUGHT: '干旱预警', FLASH_FLOOD: '山洪预警', URBAN_WATERLOGGING: '城市内涝预警',
};

/** Counts downwards: 1 is red. */
export const AH_LEVEL: Readonly<Record<WarningLevel, number>> = { RED: 1, ORANGE: 2, YELLOW: 3, BLUE: 4 };

export const AH_MESSAGE_TYPE: Readonly<Record<WarningMessageType, string>> = { ALERT: '发布', UPDATE: '更新', CANCEL: '解除' };

export const AH_CAPABILITY: Readonly<Record<RescueCapability, string>> = {
  HAZMAT: '危险化学品', WATER: '水域救援', EARTHQUAKE: '地震救援', FOREST_FIRE: '森林灭火', AVIATION: '航空救援',
  MINE: '矿山救援', MOUNTAIN: '山岳救援', FLOOD_CONTROL: '防汛抢险',
};

/** DWXX lllx, each team's kind since the 2026 release (additions-v1.1.md). */
export const AH_FORCE_TYPE: Readonly<Record<RescueForceType, string>> = {
  FIRE_AND_RESCUE: '国家综合性消防救援队伍', PROFESSIONAL: '专业应急救援队伍', SOCIAL: '社会应急力量', ENTERPRISE: '企业专职救援队',
};

export const AH_BASE_LEVEL: Readonly<Record<BaseLevel, string>> = { NATIONAL: '国家级', PROVINCIAL: '省级', CITY: '市级', COUNTY: '县级' };

export const AH_WAYBILL_STATUS: Readonly<Record<WaybillStatus, string>> = { PLANNED: '待发车', IN_TRANSIT: '运输中', ARRIVED: '已到达', CANCELLED: '已作废' };

export const AH_MUTUAL_AID_STATUS: Readonly<Record<MutualAidStatus, string>> = {
  SUBMITTED: '已提交', ACCEPTED: '已接收', REJECTED: '已拒绝', DISPATCHED: '已派出', COMPLETED: '已完成',
};

export const AH_GRADE: Readonly<Record<MajorHazardGrade, string>> = { GRADE_1: '一级', GRADE_2: '二级', GRADE_3: '三级', GRADE_4: '四级' };

export const AH_ON_DUTY = { true: '是', false: '否' } as const;

/** CLASS_2_1 → "2.1", as GB 6944 writes a class or division. */
export function hazardClassCode(c: HazardClass): string {
  return c.replace(/^CLASS_/, '').replace('_', '.');
}

/** Codes the system does not know, for records held with an UNKNOWN_CODE defect. */
export const UNKNOWN_EVENT = '冰雹预警';
export const UNKNOWN_BASE_LEVEL = '乡镇级';
