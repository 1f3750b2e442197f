import type {
  BaseLevel,
  HazardClass,
  MajorHazardGrade,
  MutualAidStatus,
  PackingGroup,
  ProvinceCode,
  RescueCapability,
  WarningEvent,
  WarningLevel,
  WarningMessageType,
  WaybillStatus,
} from '../../schema/model';
import { LegacyDataInvalidError } from './errors';

/**
 * The code tables of legacy-apis/README.md and the per-province files: each system's codes to the
 * contract's enums (decode) and back (encode).
 */

export type LegacyCode = string | number | null | undefined;

const show = (code: LegacyCode): string => String(code);

/** One field's codes in one system. Codes compare trimmed and case-insensitively. */
export class CodeTable<U extends string> {
  private readonly byCode = new Map<string, U>();
  private readonly byUnified = new Map<U, string>();

  constructor(
    readonly field: string,
    entries: readonly (readonly [code: string, unified: U])[],
    options: { aliases?: readonly (readonly [code: string, unified: U])[]; keyOf?: (code: string) => string } = {},
  ) {
    this.keyOf = options.keyOf ?? ((c) => c);
    for (const [code, unified] of entries) {
      this.byCode.set(this.key(code), unified);
      this.byUnified.set(unified, code);
    }
    for (const [code, unified] of options.aliases ?? []) this.byCode.set(this.key(code), unified);
  }

  private readonly keyOf: (code: string) => string;

  private key(code: string): string {
    return this.keyOf(code.trim().toUpperCase());
  }

  decode(code: LegacyCode): U {
    if (code === null || code === undefined || String(code).trim() === '') throw new LegacyDataInvalidError(`missing ${this.field}`);
    const unified = this.byCode.get(this.key(String(code)));
    if (unified === undefined) throw new LegacyDataInvalidError(`unknown ${this.field} code "${show(code)}"`);
    return unified;
  }

  encode(unified: U): string {
    const code = this.byUnified.get(unified);
    if (code === undefined) throw new RangeError(`${this.field} has no code for ${unified}`);
    return code;
  }

  has(unified: U): boolean {
    return this.byUnified.has(unified);
  }
}

const table = <U extends string>(field: string, pairs: Readonly<Partial<Record<U, string>>>, options?: ConstructorParameters<typeof CodeTable<U>>[2]) =>
  new CodeTable<U>(field, Object.entries(pairs).map(([unified, code]) => [code as string, unified as U] as const), options);

const EVENTS: readonly WarningEvent[] = [
  'TYPHOON', 'RAINSTORM', 'BLIZZARD', 'COLD_WAVE', 'GALE', 'HIGH_TEMPERATURE', 'THUNDERSTORM', 'FOG',
  'ROAD_ICING', 'FLOOD', 'GEOLOGICAL_HAZARD', 'FOREST_FIRE', 'EARTHQUAKE', 'STORM_SURGE', 'HAZMAT_INCIDENT',
  'HAIL', 'FROST', 'HAZE', 'DROUGHT', 'FLASH_FLOOD', 'URBAN_WATERLOGGING',
];
const SH_EVENT_NAMES = [
  '台风', '暴雨', '暴雪', '寒潮', '大风', '高温', '雷电', '大雾', '道路结冰', '洪水', '地质灾害', '森林火险', '地震', '风暴潮', '危化品事故',
  '冰雹', '霜冻', '霾', '干旱', '山洪', '城市内涝',
];
const ZJ_EVENT_CODES = ['TF', 'BY', 'BX', 'HC', 'DF', 'GW', 'LD', 'DW', 'DLJB', 'HS', 'DZZH', 'SLHX', 'DZ', 'FBC', 'WHP', 'BB', 'SD', 'M', 'GH', 'SH', 'CSNL'];
/** 01–15, then the 2026 release's six as 21–26 (additions-v1.1.md). */
const JS_EVENT_CODES = EVENTS.map((_, i) => String(i < 15 ? i + 1 : i + 6).padStart(2, '0'));
const byEvent = (codes: readonly string[]): Record<WarningEvent, string> =>
  Object.fromEntries(EVENTS.map((e, i) => [e, codes[i]])) as Record<WarningEvent, string>;

/** Jiangsu's two-digit codes may reach us as numbers once an XML parser has had them. */
const twoDigits = (code: string): string => (/^\d$/.test(code) ? `0${code}` : code);

interface ProvinceTables {
  event: CodeTable<WarningEvent>;
  level: CodeTable<WarningLevel>;
  messageType: CodeTable<WarningMessageType>;
  capability: CodeTable<RescueCapability>;
  baseLevel: CodeTable<BaseLevel>;
  waybillStatus: CodeTable<WaybillStatus>;
  mutualAidStatus: CodeTable<MutualAidStatus>;
  majorHazardGrade: CodeTable<MajorHazardGrade>;
  onDuty: CodeTable<'ON' | 'OFF'>;
}

const ENGLISH_MUTUAL_AID: Record<MutualAidStatus, string> = {
  SUBMITTED: 'SUBMITTED', ACCEPTED: 'ACCEPTED', REJECTED: 'REJECTED', DISPATCHED: 'DISPATCHED', COMPLETED: 'COMPLETED',
};
const CHINESE_GRADES: Record<MajorHazardGrade, string> = { GRADE_1: '一级', GRADE_2: '二级', GRADE_3: '三级', GRADE_4: '四级' };
const DIGIT_GRADES: Record<MajorHazardGrade, string> = { GRADE_1: '1', GRADE_2: '2', GRADE_3: '3', GRADE_4: '4' };

export const CODE_TABLES: Readonly<Record<ProvinceCode, ProvinceTables>> = {
  SH: {
    event: table('type', byEvent(SH_EVENT_NAMES)),
    level: table<WarningLevel>('color', { RED: '红色', ORANGE: '橙色', YELLOW: '黄色', BLUE: '蓝色' }),
    messageType: table<WarningMessageType>('msgType', { ALERT: 'Alert', UPDATE: 'Update', CANCEL: 'Cancel' }),
    capability: table<RescueCapability>('capabilities', {
      HAZMAT: '危化品', WATER: '水域', EARTHQUAKE: '地震', FOREST_FIRE: '森林火灾', AVIATION: '航空', MINE: '矿山', MOUNTAIN: '山岳', FLOOD_CONTROL: '防汛',
    }),
    baseLevel: table<BaseLevel>('level', { NATIONAL: '国家级', PROVINCIAL: '市级', COUNTY: '区级' }),
    waybillStatus: table<WaybillStatus>('status', { PLANNED: '待发', IN_TRANSIT: '在途', ARRIVED: '已到达', CANCELLED: '已取消' }),
    mutualAidStatus: table('status', ENGLISH_MUTUAL_AID),
    majorHazardGrade: table('hazardLevel', CHINESE_GRADES),
    onDuty: table<'ON' | 'OFF'>('onDuty', { ON: 'TRUE', OFF: 'FALSE' }),
  },
  JS: {
    event: table('WARN_TYPE', byEvent(JS_EVENT_CODES), { keyOf: twoDigits }),
    level: table<WarningLevel>('WARN_LEVEL', { RED: 'I', ORANGE: 'II', YELLOW: 'III', BLUE: 'IV' }),
    messageType: table<WarningMessageType>('MSG_TYPE', { ALERT: '1', UPDATE: '2', CANCEL: '3' }),
    capability: table<RescueCapability>('NL', {
      HAZMAT: 'WHP', WATER: 'SY', EARTHQUAKE: 'DZ', FOREST_FIRE: 'SLHZ', AVIATION: 'HK', MINE: 'KS', MOUNTAIN: 'SYUE', FLOOD_CONTROL: 'FX',
    }),
    baseLevel: table<BaseLevel>('JB', { NATIONAL: '国家级', PROVINCIAL: '省级', CITY: '市级', COUNTY: '县级' }, { aliases: [['区级', 'COUNTY']] }),
    waybillStatus: table<WaybillStatus>('ZT', { PLANNED: '0', IN_TRANSIT: '1', ARRIVED: '2', CANCELLED: '9' }),
    mutualAidStatus: table('ZT', ENGLISH_MUTUAL_AID),
    majorHazardGrade: table('ZDWXY_DJ', DIGIT_GRADES),
    onDuty: table<'ON' | 'OFF'>('ZB_ZT', { ON: '1', OFF: '0' }),
  },
  ZJ: {
    event: table('yjlx', byEvent(ZJ_EVENT_CODES)),
    level: table<WarningLevel>('yjjb', { RED: '4', ORANGE: '3', YELLOW: '2', BLUE: '1' }),
    messageType: table<WarningMessageType>('xxlx', { ALERT: 'ALERT', UPDATE: 'UPDATE', CANCEL: 'CANCEL' }),
    capability: table<RescueCapability>('nl', {
      HAZMAT: '危化', WATER: '水域', EARTHQUAKE: '地震', FOREST_FIRE: '森林', AVIATION: '航空', MINE: '矿山', MOUNTAIN: '山岳', FLOOD_CONTROL: '防汛',
    }),
    baseLevel: table<BaseLevel>('jb', { NATIONAL: 'GJ', PROVINCIAL: 'SJ', CITY: 'DSJ', COUNTY: 'XJ' }),
    waybillStatus: table<WaybillStatus>('zt', { PLANNED: 'PLANNED', IN_TRANSIT: 'TRANSIT', ARRIVED: 'ARRIVED', CANCELLED: 'CANCELLED' }),
    mutualAidStatus: table('zt', ENGLISH_MUTUAL_AID),
    majorHazardGrade: table('wxydj', DIGIT_GRADES),
    onDuty: table<'ON' | 'OFF'>('zbzt', { ON: 'ON', OFF: 'OFF' }),
  },
  AH: {
    event: table('YJLX', byEvent(SH_EVENT_NAMES.map((name) => `${name}预警`))),
    level: table<WarningLevel>('YJJB', { RED: '1', ORANGE: '2', YELLOW: '3', BLUE: '4' }),
    messageType: table<WarningMessageType>('XXLX', { ALERT: '发布', UPDATE: '更新', CANCEL: '解除' }),
    capability: table<RescueCapability>('JYNL', {
      HAZMAT: '危险化学品', WATER: '水域救援', EARTHQUAKE: '地震救援', FOREST_FIRE: '森林灭火', AVIATION: '航空救援', MINE: '矿山救援', MOUNTAIN: '山岳救援', FLOOD_CONTROL: '防汛抢险',
    }),
    baseLevel: table<BaseLevel>('JDJB', { NATIONAL: '国家级', PROVINCIAL: '省级', CITY: '市级', COUNTY: '县级' }, { aliases: [['区级', 'COUNTY']] }),
    waybillStatus: table<WaybillStatus>('YDZT', { PLANNED: '待发车', IN_TRANSIT: '运输中', ARRIVED: '已到达', CANCELLED: '已作废' }),
    mutualAidStatus: table<MutualAidStatus>('ZT', { SUBMITTED: '已提交', ACCEPTED: '已接收', REJECTED: '已拒绝', DISPATCHED: '已派出', COMPLETED: '已完成' }),
    majorHazardGrade: table('WXYDJ', CHINESE_GRADES),
    onDuty: table<'ON' | 'OFF'>('ZBZT', { ON: '是', OFF: '否' }),
  },
};

export function decodeEvent(province: ProvinceCode, code: LegacyCode): WarningEvent {
  return CODE_TABLES[province].event.decode(code);
}

export function decodeLevel(province: ProvinceCode, code: LegacyCode): WarningLevel {
  return CODE_TABLES[province].level.decode(code);
}

export function decodeMessageType(province: ProvinceCode, code: LegacyCode): WarningMessageType {
  return CODE_TABLES[province].messageType.decode(code);
}

export function decodeCapability(province: ProvinceCode, code: LegacyCode): RescueCapability {
  return CODE_TABLES[province].capability.decode(code);
}

export function decodeBaseLevel(province: ProvinceCode, code: LegacyCode): BaseLevel {
  return CODE_TABLES[province].baseLevel.decode(code);
}

export function decodeWaybillStatus(province: ProvinceCode, code: LegacyCode): WaybillStatus {
  return CODE_TABLES[province].waybillStatus.decode(code);
}

export function decodeMutualAidStatus(province: ProvinceCode, code: LegacyCode): MutualAidStatus {
  return CODE_TABLES[province].mutualAidStatus.decode(code);
}

/** On duty: SH a boolean, JS 1/0, ZJ ON/OFF, AH 是/否. */
export function decodeOnDuty(province: ProvinceCode, code: LegacyCode | boolean): boolean {
  return CODE_TABLES[province].onDuty.decode(typeof code === 'boolean' ? String(code) : code) === 'ON';
}

/**
 * The major-hazard-installation grade, or null for a site that is not one: SH `null`, JS an empty
 * element, ZJ 0, AH an empty string. A missing field is not "none" where the system writes "none".
 */
export function decodeMajorHazardGrade(province: ProvinceCode, code: LegacyCode): MajorHazardGrade | null {
  const t = CODE_TABLES[province].majorHazardGrade;
  const text = code === null || code === undefined ? null : String(code).trim();
  switch (province) {
    case 'SH':
      if (code === null) return null;
      break;
    case 'JS':
    case 'AH':
      if (text === null || text === '') return null;
      break;
    case 'ZJ':
      if (text === '0') return null;
      break;
  }
  return t.decode(code);
}

const HAZARD_CLASS_CODES: Record<HazardClass, string> = {
  CLASS_1: '1', CLASS_2_1: '2.1', CLASS_2_2: '2.2', CLASS_2_3: '2.3', CLASS_3: '3', CLASS_4_1: '4.1', CLASS_4_2: '4.2',
  CLASS_4_3: '4.3', CLASS_5_1: '5.1', CLASS_5_2: '5.2', CLASS_6_1: '6.1', CLASS_6_2: '6.2', CLASS_7: '7', CLASS_8: '8', CLASS_9: '9',
};
/** The contract has one class 1; its divisions 1.1–1.6 are all explosives. */
export const HAZARD_CLASS_TABLE = table<HazardClass>('hazard class', HAZARD_CLASS_CODES, {
  aliases: ['1.1', '1.2', '1.3', '1.4', '1.5', '1.6'].map((division) => [division, 'CLASS_1' as HazardClass] as const),
});

/** GB 6944 / UN class or division ("2.1" → CLASS_2_1, "3" → CLASS_3), the same in every system. */
export function decodeHazardClass(code: LegacyCode): HazardClass {
  return HAZARD_CLASS_TABLE.decode(code);
}

const PACKING_GROUPS = table<PackingGroup>('packing group', { I: 'I', II: 'II', III: 'III' });

/** I, II or III; null when the goods have none (an empty value). */
export function decodePackingGroup(code: LegacyCode): PackingGroup | null {
  if (code === null || code === undefined || String(code).trim() === '') return null;
  return PACKING_GROUPS.decode(code);
}
