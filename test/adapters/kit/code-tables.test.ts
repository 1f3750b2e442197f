import {
  HAZARD_CLASSES,
  PROVINCE_CODES,
  RESCUE_CAPABILITIES,
  WARNING_EVENTS,
  type ProvinceCode,
} from '../../../schema/model';
import { LegacyDataInvalidError } from '../../../adapters/kit/errors';
import {
  CODE_TABLES,
  decodeBaseLevel,
  decodeCapability,
  decodeEvent,
  decodeHazardClass,
  decodeLevel,
  decodeMajorHazardGrade,
  decodeMessageType,
  decodeMutualAidStatus,
  decodeOnDuty,
  decodePackingGroup,
  decodeWaybillStatus,
  HAZARD_CLASS_TABLE,
} from '../../../adapters/kit/code-tables';

/** The tables as legacy-apis/README.md, additions-v1.1.md and the province files print them: unified, SH, JS, ZJ, AH. */
const EVENTS = [
  ['TYPHOON', '台风', '01', 'TF', '台风预警'],
  ['RAINSTORM', '暴雨', '02', 'BY', '暴雨预警'],
  ['BLIZZARD', '暴雪', '03', 'BX', '暴雪预警'],
  ['COLD_WAVE', '寒潮', '04', 'HC', '寒潮预警'],
  ['GALE', '大风', '05', 'DF', '大风预警'],
  ['HIGH_TEMPERATURE', '高温', '06', 'GW', '高温预警'],
  ['THUNDERSTORM', '雷电', '07', 'LD', '雷电预警'],
  ['FOG', '大雾', '08', 'DW', '大雾预警'],
  ['ROAD_ICING', '道路结冰', '09', 'DLJB', '道路结冰预警'],
  ['FLOOD', '洪水', '10', 'HS', '洪水预警'],
  ['GEOLOGICAL_HAZARD', '地质灾害', '11', 'DZZH', '地质灾害预警'],
  ['FOREST_FIRE', '森林火险', '12', 'SLHX', '森林火险预警'],
  ['EARTHQUAKE', '地震', '13', 'DZ', '地震预警'],
  ['STORM_SURGE', '风暴潮', '14', 'FBC', '风暴潮预警'],
  ['HAZMAT_INCIDENT', '危化品事故', '15', 'WHP', '危化品事故预警'],
  // legacy-apis/additions-v1.1.md
  ['HAIL', '冰雹', '21', 'BB', '冰雹预警'],
  ['FROST', '霜冻', '22', 'SD', '霜冻预警'],
  ['HAZE', '霾', '23', 'M', '霾预警'],
  ['DROUGHT', '干旱', '24', 'GH', '干旱预警'],
  ['FLASH_FLOOD', '山洪', '25', 'SH', '山洪预警'],
  ['URBAN_WATERLOGGING', '城市内涝', '26', 'CSNL', '城市内涝预警'],
] as const;

const LEVELS = [
  ['RED', '红色', 'I', 4, 1],
  ['ORANGE', '橙色', 'II', 3, 2],
  ['YELLOW', '黄色', 'III', 2, 3],
  ['BLUE', '蓝色', 'IV', 1, 4],
] as const;

const MESSAGE_TYPES = [
  ['ALERT', 'Alert', '1', 'ALERT', '发布'],
  ['UPDATE', 'Update', '2', 'UPDATE', '更新'],
  ['CANCEL', 'Cancel', '3', 'CANCEL', '解除'],
] as const;

const CAPABILITIES = [
  ['HAZMAT', '危化品', 'WHP', '危化', '危险化学品'],
  ['WATER', '水域', 'SY', '水域', '水域救援'],
  ['EARTHQUAKE', '地震', 'DZ', '地震', '地震救援'],
  ['FOREST_FIRE', '森林火灾', 'SLHZ', '森林', '森林灭火'],
  ['AVIATION', '航空', 'HK', '航空', '航空救援'],
  ['MINE', '矿山', 'KS', '矿山', '矿山救援'],
  ['MOUNTAIN', '山岳', 'SYUE', '山岳', '山岳救援'],
  ['FLOOD_CONTROL', '防汛', 'FX', '防汛', '防汛抢险'],
] as const;

const BASE_LEVELS = [
  ['NATIONAL', '国家级', '国家级', 'GJ', '国家级'],
  ['PROVINCIAL', '市级', '省级', 'SJ', '省级'],
  ['CITY', null, '市级', 'DSJ', '市级'],
  ['COUNTY', '区级', '县级', 'XJ', '县级'],
] as const;

const WAYBILL_STATUSES = [
  ['PLANNED', '待发', '0', 'PLANNED', '待发车'],
  ['IN_TRANSIT', '在途', '1', 'TRANSIT', '运输中'],
  ['ARRIVED', '已到达', '2', 'ARRIVED', '已到达'],
  ['CANCELLED', '已取消', '9', 'CANCELLED', '已作废'],
] as const;

const MUTUAL_AID_STATUSES = [
  ['SUBMITTED', 'SUBMITTED', 'SUBMITTED', 'SUBMITTED', '已提交'],
  ['ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'ACCEPTED', '已接收'],
  ['REJECTED', 'REJECTED', 'REJECTED', 'REJECTED', '已拒绝'],
  ['DISPATCHED', 'DISPATCHED', 'DISPATCHED', 'DISPATCHED', '已派出'],
  ['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED', '已完成'],
] as const;

const MAJOR_HAZARD_GRADES = [
  ['GRADE_1', '一级', '1', 1, '一级'],
  ['GRADE_2', '二级', '2', 2, '二级'],
  ['GRADE_3', '三级', '3', 3, '三级'],
  ['GRADE_4', '四级', '4', 4, '四级'],
] as const;

type Row = readonly [string, ...(string | number | null)[]];
/** One test case per (province, row) of a table, skipping codes a system does not have. */
const cases = (rows: readonly Row[]): [ProvinceCode, string | number, string][] =>
  rows.flatMap((row) =>
    PROVINCE_CODES.flatMap((p, i) => (row[i + 1] === null ? [] : [[p, row[i + 1] as string | number, row[0]] as [ProvinceCode, string | number, string]])),
  );

describe('decoders follow the documented tables', () => {
  it.each(cases(EVENTS))('%s event %p is %s', (p, code, unified) => expect(decodeEvent(p, code)).toBe(unified));
  it.each(cases(LEVELS))('%s level %p is %s', (p, code, unified) => expect(decodeLevel(p, code)).toBe(unified));
  it.each(cases(MESSAGE_TYPES))('%s message type %p is %s', (p, code, unified) => expect(decodeMessageType(p, code)).toBe(unified));
  it.each(cases(CAPABILITIES))('%s capability %p is %s', (p, code, unified) => expect(decodeCapability(p, code)).toBe(unified));
  it.each(cases(BASE_LEVELS))('%s base level %p is %s', (p, code, unified) => expect(decodeBaseLevel(p, code)).toBe(unified));
  it.each(cases(WAYBILL_STATUSES))('%s waybill status %p is %s', (p, code, unified) => expect(decodeWaybillStatus(p, code)).toBe(unified));
  it.each(cases(MUTUAL_AID_STATUSES))('%s mutual-aid status %p is %s', (p, code, unified) =>
    expect(decodeMutualAidStatus(p, code)).toBe(unified),
  );
  it.each(cases(MAJOR_HAZARD_GRADES))('%s major hazard grade %p is %s', (p, code, unified) =>
    expect(decodeMajorHazardGrade(p, code)).toBe(unified),
  );

  it('covers every event and capability of the contract in every system', () => {
    expect(EVENTS.map((r) => r[0])).toEqual([...WARNING_EVENTS]);
    expect(CAPABILITIES.map((r) => r[0])).toEqual([...RESCUE_CAPABILITIES]);
  });
});

describe('codes as they arrive', () => {
  it('reads numbers where a system sends numbers (ZJ yjjb, AH YJJB) and their string form', () => {
    expect(decodeLevel('ZJ', 4)).toBe('RED');
    expect(decodeLevel('ZJ', '4')).toBe('RED');
    expect(decodeLevel('AH', 1)).toBe('RED');
  });

  it('reads Jiangsu two-digit codes even after an XML parser made numbers of them', () => {
    expect(decodeEvent('JS', 1)).toBe('TYPHOON');
    expect(decodeEvent('JS', '1')).toBe('TYPHOON');
    expect(decodeEvent('JS', 15)).toBe('HAZMAT_INCIDENT');
  });

  it('ignores surrounding spaces and the case of Latin codes', () => {
    expect(decodeMessageType('SH', ' ALERT ')).toBe('ALERT');
    expect(decodeEvent('ZJ', 'tf')).toBe('TYPHOON');
    expect(decodeBaseLevel('ZJ', 'dsj')).toBe('CITY');
  });

  it('reads 区级 as COUNTY in the systems that write 县级', () => {
    expect(decodeBaseLevel('JS', '区级')).toBe('COUNTY');
    expect(decodeBaseLevel('AH', '区级')).toBe('COUNTY');
  });

  it('reads on-duty flags: SH boolean, JS 1/0, ZJ ON/OFF, AH 是/否', () => {
    expect([decodeOnDuty('SH', true), decodeOnDuty('SH', false)]).toEqual([true, false]);
    expect([decodeOnDuty('JS', '1'), decodeOnDuty('JS', 0)]).toEqual([true, false]);
    expect([decodeOnDuty('ZJ', 'ON'), decodeOnDuty('ZJ', 'OFF')]).toEqual([true, false]);
    expect([decodeOnDuty('AH', '是'), decodeOnDuty('AH', '否')]).toEqual([true, false]);
    expect(() => decodeOnDuty('AH', 'Y')).toThrow('unknown ZBZT code "Y"');
  });
});

describe('codes a system does not know', () => {
  it.each([
    [() => decodeEvent('SH', '沙尘暴'), 'unknown type code "沙尘暴"'],
    [() => decodeEvent('JS', '99'), 'unknown WARN_TYPE code "99"'],
    [() => decodeEvent('ZJ', 'SCB'), 'unknown yjlx code "SCB"'],
    [() => decodeEvent('AH', '台风'), 'unknown YJLX code "台风"'],
    [() => decodeLevel('SH', '紫色'), 'unknown color code "紫色"'],
    [() => decodeLevel('JS', 'V'), 'unknown WARN_LEVEL code "V"'],
    [() => decodeLevel('ZJ', 5), 'unknown yjjb code "5"'],
    [() => decodeLevel('AH', 0), 'unknown YJJB code "0"'],
    [() => decodeMessageType('JS', '4'), 'unknown MSG_TYPE code "4"'],
    [() => decodeMessageType('AH', '撤销'), 'unknown XXLX code "撤销"'],
    [() => decodeCapability('JS', 'XX'), 'unknown NL code "XX"'],
    [() => decodeCapability('AH', '危化'), 'unknown JYNL code "危化"'],
    [() => decodeBaseLevel('SH', '省级'), 'unknown level code "省级"'],
    [() => decodeBaseLevel('ZJ', 'QJ'), 'unknown jb code "QJ"'],
    [() => decodeWaybillStatus('JS', '3'), 'unknown ZT code "3"'],
    [() => decodeWaybillStatus('AH', '已取消'), 'unknown YDZT code "已取消"'],
    [() => decodeMutualAidStatus('AH', 'SUBMITTED'), 'unknown ZT code "SUBMITTED"'],
    [() => decodeMutualAidStatus('ZJ', 'DONE'), 'unknown zt code "DONE"'],
    [() => decodeMajorHazardGrade('SH', '五级'), 'unknown hazardLevel code "五级"'],
    [() => decodeMajorHazardGrade('ZJ', 5), 'unknown wxydj code "5"'],
    [() => decodeHazardClass('10'), 'unknown hazard class code "10"'],
    [() => decodePackingGroup('IV'), 'unknown packing group code "IV"'],
  ])('%# throws LegacyDataInvalidError naming the field and value', (decode, reason) => {
    expect(decode).toThrow(LegacyDataInvalidError);
    expect(decode).toThrow(reason);
  });

  it('reports a missing code as missing', () => {
    expect(() => decodeEvent('SH', undefined)).toThrow('missing type');
    expect(() => decodeLevel('JS', '')).toThrow('missing WARN_LEVEL');
    expect(() => decodeWaybillStatus('ZJ', null)).toThrow('missing zt');
  });
});

describe('major hazard grade: not a major hazard installation', () => {
  it('is null for SH null, JS empty, ZJ 0 and AH empty', () => {
    expect(decodeMajorHazardGrade('SH', null)).toBeNull();
    expect(decodeMajorHazardGrade('JS', '')).toBeNull();
    expect(decodeMajorHazardGrade('JS', undefined)).toBeNull();
    expect(decodeMajorHazardGrade('ZJ', 0)).toBeNull();
    expect(decodeMajorHazardGrade('ZJ', '0')).toBeNull();
    expect(decodeMajorHazardGrade('AH', '')).toBeNull();
  });

  it('is invalid where a system that writes "none" explicitly sent nothing', () => {
    expect(() => decodeMajorHazardGrade('SH', undefined)).toThrow('missing hazardLevel');
    expect(() => decodeMajorHazardGrade('ZJ', undefined)).toThrow('missing wxydj');
  });
});

describe('hazard classes and packing groups', () => {
  it('reads every class and division', () => {
    const codes = ['1', '2.1', '2.2', '2.3', '3', '4.1', '4.2', '4.3', '5.1', '5.2', '6.1', '6.2', '7', '8', '9'];
    expect(codes.map((c) => decodeHazardClass(c))).toEqual([...HAZARD_CLASSES]);
    expect(HAZARD_CLASSES.map((c) => HAZARD_CLASS_TABLE.encode(c))).toEqual(codes);
  });

  it('reads classes written as numbers and explosives by division', () => {
    expect(decodeHazardClass(2.1)).toBe('CLASS_2_1');
    expect(decodeHazardClass(3)).toBe('CLASS_3');
    expect(decodeHazardClass('1.4')).toBe('CLASS_1');
  });

  it('reads packing groups, null when the goods have none', () => {
    expect(['I', 'II', 'III', ' ii '].map((c) => decodePackingGroup(c))).toEqual(['I', 'II', 'III', 'II']);
    expect(decodePackingGroup('')).toBeNull();
    expect(decodePackingGroup(null)).toBeNull();
    expect(decodePackingGroup(undefined)).toBeNull();
  });
});

describe('encoders give back the codes each system reads', () => {
  it('round-trips every documented code', () => {
    for (const [p, code, unified] of cases(CAPABILITIES)) expect(CODE_TABLES[p].capability.encode(unified as never)).toBe(code);
    for (const [p, code, unified] of cases(WAYBILL_STATUSES)) expect(CODE_TABLES[p].waybillStatus.encode(unified as never)).toBe(code);
    for (const [p, code, unified] of cases(MUTUAL_AID_STATUSES)) expect(CODE_TABLES[p].mutualAidStatus.encode(unified as never)).toBe(code);
    for (const [p, code, unified] of cases(BASE_LEVELS)) expect(CODE_TABLES[p].baseLevel.encode(unified as never)).toBe(code);
    for (const [p, code, unified] of cases(EVENTS)) expect(CODE_TABLES[p].event.encode(unified as never)).toBe(code);
    for (const [p, code, unified] of cases(MESSAGE_TYPES)) expect(CODE_TABLES[p].messageType.encode(unified as never)).toBe(code);
    for (const [p, code, unified] of cases(LEVELS)) expect(CODE_TABLES[p].level.encode(unified as never)).toBe(String(code));
  });

  it('refuses a value the system has no code for', () => {
    expect(() => CODE_TABLES.SH.baseLevel.encode('CITY')).toThrow(RangeError);
  });
});
