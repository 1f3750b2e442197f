import type { BaseLevel, GeoPoint, ProvinceCode, RescueCapability } from '../../schema/model';
import type { CreditCodeKind } from './credit-code';

/** Rescue materials, the named bases of the region, and organisations registered in two provinces. */

export interface MaterialFacts {
  code: string;
  name: string;
  unit: string;
  /** Typical stock at a city base. */
  range: readonly [number, number];
  /** Stocked in tonnes to one decimal. */
  decimal?: boolean;
}

const m = (code: string, name: string, unit: string, range: readonly [number, number], decimal = false): MaterialFacts => ({ code, name, unit, range, decimal });

export const MATERIALS_BY_CAPABILITY: Record<RescueCapability, readonly MaterialFacts[]> = {
  HAZMAT: [
    m('FH-001', '防化服', '套', [20, 300]), m('FH-002', '正压式空气呼吸器', '具', [10, 120]), m('FH-003', '有毒气体检测仪', '台', [2, 30]),
    m('DL-01', '堵漏工具组', '套', [2, 20]), m('XC-01', '洗消帐篷', '顶', [1, 6]), m('XF-003', '消防泡沫', '吨', [2, 60], true),
  ],
  WATER: [m('CFZ-02', '冲锋舟', '艘', [2, 30]), m('JSY-01', '救生衣', '件', [50, 600]), m('JSQ-01', '救生圈', '个', [20, 300]), m('QZ-01', '潜水装具', '套', [2, 20])],
  FLOOD_CONTROL: [m('SD-05', '沙袋', '只', [1000, 50000]), m('PS-01', '排涝泵', '台', [2, 40]), m('CFZ-02', '冲锋舟', '艘', [2, 30]), m('JSY-01', '救生衣', '件', [50, 600])],
  FOREST_FIRE: [m('SL-01', '风力灭火机', '台', [10, 120]), m('SL-02', '森林消防水泵', '台', [2, 30]), m('SL-03', '灭火水袋', '个', [20, 200])],
  EARTHQUAKE: [m('DZ-01', '生命探测仪', '台', [1, 10]), m('DZ-02', '液压破拆工具组', '套', [2, 20]), m('ZP-01', '救灾帐篷', '顶', [20, 500])],
  MINE: [m('KS-01', '正压氧气呼吸器', '台', [10, 80]), m('KS-02', '矿山救护车', '辆', [1, 6])],
  MOUNTAIN: [m('SY-01', '山岳救援绳索套装', '套', [5, 40]), m('ZP-01', '救灾帐篷', '顶', [20, 500])],
  AVIATION: [m('WRJ-01', '无人机', '架', [2, 20]), m('ZSJ-01', '救援直升机', '架', [1, 3])],
};

export const GENERAL_MATERIALS: readonly MaterialFacts[] = [m('YD-01', '移动照明灯塔', '台', [1, 10]), m('FD-01', '应急发电机', '台', [1, 8])];

export const CAPABILITY_NAMES: Record<RescueCapability, string> = {
  HAZMAT: '危险化学品', WATER: '水上', EARTHQUAKE: '地震', FOREST_FIRE: '森林消防', AVIATION: '航空', MINE: '矿山', MOUNTAIN: '山岳', FLOOD_CONTROL: '防汛抢险',
};

export interface NamedBase {
  name: string;
  level: BaseLevel;
  county: string;
  /** Where in the county; its centre when absent. */
  near?: GeoPoint;
  capabilities: readonly RescueCapability[];
  credit: CreditCodeKind | null;
}

export const NAMED_BASES: Record<ProvinceCode, readonly NamedBase[]> = {
  SH: [
    { name: '国家危险化学品应急救援上海基地', level: 'NATIONAL', county: '310116', near: { lng: 121.34, lat: 30.73 }, capabilities: ['HAZMAT', 'WATER'], credit: 'enterprise' },
    { name: '上海市危险化学品应急救援基地', level: 'PROVINCIAL', county: '310116', near: { lng: 121.41, lat: 30.8 }, capabilities: ['HAZMAT'], credit: 'public-institution' },
    { name: '上海市水上应急救援基地', level: 'PROVINCIAL', county: '310115', capabilities: ['WATER', 'FLOOD_CONTROL'], credit: 'public-institution' },
    { name: '上海市航空应急救援基地', level: 'PROVINCIAL', county: '310115', capabilities: ['AVIATION', 'WATER'], credit: 'public-institution' },
    { name: '上海市地震灾害紧急救援队基地', level: 'PROVINCIAL', county: '310112', capabilities: ['EARTHQUAKE'], credit: 'public-institution' },
  ],
  JS: [
    { name: '国家危险化学品应急救援南京基地', level: 'NATIONAL', county: '320116', near: { lng: 118.79, lat: 32.26 }, capabilities: ['HAZMAT', 'WATER'], credit: 'enterprise' },
    { name: '国家危险化学品应急救援徐州基地', level: 'NATIONAL', county: '320312', capabilities: ['HAZMAT', 'MINE'], credit: 'enterprise' },
    { name: '江苏省危险化学品应急救援连云港基地', level: 'PROVINCIAL', county: '320703', near: { lng: 119.52, lat: 34.58 }, capabilities: ['HAZMAT', 'WATER'], credit: 'public-institution' },
    { name: '江苏省危险化学品应急救援泰兴基地', level: 'PROVINCIAL', county: '321283', near: { lng: 119.94, lat: 32.11 }, capabilities: ['HAZMAT'], credit: 'public-institution' },
    { name: '江苏省水上应急救援苏州基地', level: 'PROVINCIAL', county: '320506', capabilities: ['WATER', 'FLOOD_CONTROL'], credit: 'public-institution' },
  ],
  ZJ: [
    { name: '国家危险化学品应急救援宁波基地', level: 'NATIONAL', county: '330211', near: { lng: 121.67, lat: 29.97 }, capabilities: ['HAZMAT', 'WATER'], credit: 'enterprise' },
    { name: '国家危险化学品应急救援舟山基地', level: 'NATIONAL', county: '330921', near: { lng: 122.19, lat: 30.25 }, capabilities: ['HAZMAT', 'WATER'], credit: 'enterprise' },
    { name: '浙江省森林消防应急救援丽水基地', level: 'PROVINCIAL', county: '331102', capabilities: ['FOREST_FIRE', 'MOUNTAIN'], credit: 'public-institution' },
    { name: '浙江省航空应急救援杭州基地', level: 'PROVINCIAL', county: '330110', capabilities: ['AVIATION', 'WATER'], credit: 'public-institution' },
    { name: '浙江省危险化学品应急救援衢州基地', level: 'PROVINCIAL', county: '330803', near: { lng: 118.91, lat: 28.99 }, capabilities: ['HAZMAT'], credit: 'public-institution' },
  ],
  AH: [
    { name: '安徽省危险化学品应急救援安庆基地', level: 'PROVINCIAL', county: '340811', near: { lng: 117.09, lat: 30.56 }, capabilities: ['HAZMAT', 'WATER'], credit: 'public-institution' },
    { name: '国家矿山应急救援淮南基地', level: 'NATIONAL', county: '340403', capabilities: ['MINE', 'HAZMAT'], credit: 'enterprise' },
    { name: '国家矿山应急救援淮北基地', level: 'NATIONAL', county: '340603', capabilities: ['MINE'], credit: 'enterprise' },
    { name: '安徽省森林消防应急救援黄山基地', level: 'PROVINCIAL', county: '341003', capabilities: ['FOREST_FIRE', 'MOUNTAIN'], credit: 'public-institution' },
    { name: '安徽省防汛抢险巢湖基地', level: 'PROVINCIAL', county: '340181', capabilities: ['FLOOD_CONTROL', 'WATER'], credit: 'public-institution' },
    // Names with characters outside GB2312 (inside GBK): Anhui's GBK system must carry them intact.
    { name: '宣城市喆安应急救援基地', level: 'CITY', county: '341802', capabilities: ['WATER', 'EARTHQUAKE'], credit: 'social-organisation' },
    { name: '黄山市堃宇山岳救援队基地', level: 'COUNTY', county: '341004', capabilities: ['MOUNTAIN', 'FOREST_FIRE'], credit: 'social-organisation' },
  ],
};

/** A rescue organisation registered in one province with a base in each of two provinces. */
export interface SharedOrganisation {
  /** Where it is registered (its credit code's registering authority). */
  authority: string;
  kind: CreditCodeKind;
  capabilities: readonly RescueCapability[];
  bases: readonly { province: ProvinceCode; name: string; level: BaseLevel; county: string }[];
}

export const SHARED_ORGANISATIONS: readonly SharedOrganisation[] = [
  {
    authority: '320509', kind: 'public-institution', capabilities: ['WATER', 'FLOOD_CONTROL', 'HAZMAT'],
    bases: [
      { province: 'JS', name: '长三角示范区联合应急救援队吴江基地', level: 'COUNTY', county: '320509' },
      { province: 'SH', name: '长三角示范区联合应急救援队青浦驻点', level: 'COUNTY', county: '310118' },
    ],
  },
  {
    authority: '330482', kind: 'enterprise', capabilities: ['HAZMAT', 'WATER'],
    bases: [
      { province: 'ZJ', name: '嘉兴港区危化品应急救援基地', level: 'CITY', county: '330482' },
      { province: 'SH', name: '金山—平湖危化品联防救援站', level: 'COUNTY', county: '310116' },
    ],
  },
  {
    authority: '340500', kind: 'public-institution', capabilities: ['HAZMAT', 'EARTHQUAKE'],
    bases: [
      { province: 'AH', name: '宁马联合应急救援队博望基地', level: 'COUNTY', county: '340506' },
      { province: 'JS', name: '宁马联合应急救援队江宁驻点', level: 'COUNTY', county: '320115' },
    ],
  },
  {
    authority: '330522', kind: 'social-organisation', capabilities: ['MOUNTAIN', 'FOREST_FIRE'],
    bases: [
      { province: 'ZJ', name: '长兴县山岳应急救援基地', level: 'COUNTY', county: '330522' },
      { province: 'AH', name: '长兴山岳救援队广德驻点', level: 'COUNTY', county: '341822' },
    ],
  },
];
