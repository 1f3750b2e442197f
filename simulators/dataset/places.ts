import type { GeoPoint, HazardClass, PackingGroup, ProvinceCode } from '../../schema/model';

/** Fixed facts about the region that the generator draws on: cities, parks, corridors, chemicals. */

/** Telephone area code and licence-plate letter of each prefecture city (Shanghai as one). */
export const CITY_FACTS: Record<string, { areaCode: string; plateLetters: readonly string[] }> = {
  '310000': { areaCode: '021', plateLetters: ['A', 'B', 'D', 'F'] },
  '320100': { areaCode: '025', plateLetters: ['A'] },
  '320200': { areaCode: '0510', plateLetters: ['B'] },
  '320300': { areaCode: '0516', plateLetters: ['C'] },
  '320400': { areaCode: '0519', plateLetters: ['D'] },
  '320500': { areaCode: '0512', plateLetters: ['E', 'U'] },
  '320600': { areaCode: '0513', plateLetters: ['F'] },
  '320700': { areaCode: '0518', plateLetters: ['G'] },
  '320800': { areaCode: '0517', plateLetters: ['H'] },
  '320900': { areaCode: '0515', plateLetters: ['J'] },
  '321000': { areaCode: '0514', plateLetters: ['K'] },
  '321100': { areaCode: '0511', plateLetters: ['L'] },
  '321200': { areaCode: '0523', plateLetters: ['M'] },
  '321300': { areaCode: '0527', plateLetters: ['N'] },
  '330100': { areaCode: '0571', plateLetters: ['A'] },
  '330200': { areaCode: '0574', plateLetters: ['B'] },
  '330300': { areaCode: '0577', plateLetters: ['C'] },
  '330400': { areaCode: '0573', plateLetters: ['F'] },
  '330500': { areaCode: '0572', plateLetters: ['E'] },
  '330600': { areaCode: '0575', plateLetters: ['D'] },
  '330700': { areaCode: '0579', plateLetters: ['G'] },
  '330800': { areaCode: '0570', plateLetters: ['H'] },
  '330900': { areaCode: '0580', plateLetters: ['L'] },
  '331000': { areaCode: '0576', plateLetters: ['J'] },
  '331100': { areaCode: '0578', plateLetters: ['K'] },
  '340100': { areaCode: '0551', plateLetters: ['A'] },
  '340200': { areaCode: '0553', plateLetters: ['B'] },
  '340300': { areaCode: '0552', plateLetters: ['C'] },
  '340400': { areaCode: '0554', plateLetters: ['D'] },
  '340500': { areaCode: '0555', plateLetters: ['E'] },
  '340600': { areaCode: '0561', plateLetters: ['F'] },
  '340700': { areaCode: '0562', plateLetters: ['G'] },
  '340800': { areaCode: '0556', plateLetters: ['H'] },
  '341000': { areaCode: '0559', plateLetters: ['J'] },
  '341100': { areaCode: '0550', plateLetters: ['M'] },
  '341200': { areaCode: '0558', plateLetters: ['K'] },
  '341300': { areaCode: '0557', plateLetters: ['L'] },
  '341500': { areaCode: '0564', plateLetters: ['N'] },
  '341600': { areaCode: '0558', plateLetters: ['S'] },
  '341700': { areaCode: '0566', plateLetters: ['R'] },
  '341800': { areaCode: '0563', plateLetters: ['P'] },
};

export const PLATE_PREFIX: Record<ProvinceCode, string> = { SH: '沪', JS: '苏', ZJ: '浙', AH: '皖' };
/** Vehicles registered outside the region that regional carriers operate. */
export const OUTSIDE_PLATE_PREFIXES = ['鲁A', '鲁Q', '鲁C', '鄂A', '豫A', '赣A'] as const;

// ---------------------------------------------------------------- chemicals

export interface ChemicalFacts {
  unNumber: string;
  name: string;
  hazardClass: HazardClass;
  /** Gases (class 2) have no packing group. */
  packingGroup: PackingGroup | null;
  /** Typical stock at one site, tonnes. */
  stockTonnes: readonly [number, number];
  /** Typical load of one road vehicle, kilograms. */
  loadKg: readonly [number, number];
}

export const CHEMICALS: Record<string, ChemicalFacts> = {
  '1203': { unNumber: '1203', name: '汽油', hazardClass: 'CLASS_3', packingGroup: 'II', stockTonnes: [500, 60000], loadKg: [18000, 32000] },
  '1017': { unNumber: '1017', name: '氯', hazardClass: 'CLASS_2_3', packingGroup: null, stockTonnes: [5, 400], loadKg: [2000, 20000] },
  '1005': { unNumber: '1005', name: '氨', hazardClass: 'CLASS_2_3', packingGroup: null, stockTonnes: [20, 3000], loadKg: [8000, 25000] },
  '1075': { unNumber: '1075', name: '液化石油气', hazardClass: 'CLASS_2_1', packingGroup: null, stockTonnes: [50, 5000], loadKg: [10000, 25000] },
  '1230': { unNumber: '1230', name: '甲醇', hazardClass: 'CLASS_3', packingGroup: 'II', stockTonnes: [100, 20000], loadKg: [15000, 30000] },
  '1090': { unNumber: '1090', name: '丙酮', hazardClass: 'CLASS_3', packingGroup: 'II', stockTonnes: [20, 3000], loadKg: [5000, 25000] },
  '1830': { unNumber: '1830', name: '硫酸', hazardClass: 'CLASS_8', packingGroup: 'II', stockTonnes: [50, 10000], loadKg: [15000, 32000] },
  '1789': { unNumber: '1789', name: '盐酸', hazardClass: 'CLASS_8', packingGroup: 'II', stockTonnes: [20, 2000], loadKg: [10000, 30000] },
  '1114': { unNumber: '1114', name: '苯', hazardClass: 'CLASS_3', packingGroup: 'II', stockTonnes: [50, 8000], loadKg: [15000, 30000] },
  '1965': { unNumber: '1965', name: '烃类气体混合物', hazardClass: 'CLASS_2_1', packingGroup: null, stockTonnes: [100, 8000], loadKg: [10000, 24000] },
};

export type ParkProfile = 'refinery' | 'petrochem' | 'chlorAlkali' | 'coalChem' | 'fertiliser' | 'fine' | 'depot' | 'gases' | 'smelter';

/** Which chemicals a site of each kind holds, by weight, and the words its name is made of. */
export const PROFILES: Record<ParkProfile, { chemicals: readonly (readonly [string, number])[]; industries: readonly string[] }> = {
  refinery: { chemicals: [['1203', 5], ['1114', 3], ['1075', 3], ['1965', 3], ['1830', 1]], industries: ['石化', '炼化', '石油化工'] },
  petrochem: { chemicals: [['1114', 3], ['1965', 3], ['1230', 2], ['1090', 2], ['1075', 1], ['1203', 1]], industries: ['化工', '新材料', '石化', '化学'] },
  chlorAlkali: { chemicals: [['1017', 4], ['1789', 3], ['1830', 1]], industries: ['氯碱化工', '化工', '电化'] },
  coalChem: { chemicals: [['1230', 4], ['1005', 3], ['1830', 2], ['1114', 1]], industries: ['煤化工', '能源化工', '化工'] },
  fertiliser: { chemicals: [['1005', 4], ['1830', 3], ['1789', 1]], industries: ['化肥', '农化', '化工'] },
  fine: { chemicals: [['1090', 3], ['1230', 3], ['1789', 2], ['1114', 1], ['1017', 1]], industries: ['精细化工', '化学', '医药化工', '新材料'] },
  depot: { chemicals: [['1203', 5], ['1075', 2], ['1230', 1]], industries: ['石油储运', '能源', '油品储运'] },
  gases: { chemicals: [['1017', 2], ['1005', 2], ['1075', 2]], industries: ['气体', '工业气体', '特种气体'] },
  smelter: { chemicals: [['1830', 5], ['1789', 2]], industries: ['冶化', '有色化工', '化工'] },
};

// ---------------------------------------------------------------- chemical parks

export interface Park {
  name: string;
  /** Short name used in enterprise names. */
  short: string;
  county: string;
  centre: GeoPoint;
  radiusKm: number;
  weight: number;
  profiles: readonly ParkProfile[];
}

export const PARKS: Record<ProvinceCode, readonly Park[]> = {
  SH: [
    { name: '上海化学工业区', short: '漕泾', county: '310116', centre: { lng: 121.4, lat: 30.79 }, radiusKm: 3, weight: 5, profiles: ['petrochem', 'chlorAlkali', 'fine'] },
    { name: '上海石化金山卫基地', short: '金山', county: '310116', centre: { lng: 121.33, lat: 30.72 }, radiusKm: 3, weight: 4, profiles: ['refinery', 'petrochem'] },
    { name: '上海化学工业区奉贤分区', short: '奉贤', county: '310120', centre: { lng: 121.47, lat: 30.8 }, radiusKm: 2.5, weight: 2, profiles: ['fine', 'gases'] },
    { name: '高桥石化片区', short: '高桥', county: '310115', centre: { lng: 121.57, lat: 31.34 }, radiusKm: 2.5, weight: 2, profiles: ['refinery', 'depot'] },
    { name: '吴泾化工区', short: '吴泾', county: '310112', centre: { lng: 121.46, lat: 31.04 }, radiusKm: 2, weight: 2, profiles: ['coalChem', 'fine'] },
    { name: '宝山罗泾工业区', short: '罗泾', county: '310113', centre: { lng: 121.4, lat: 31.48 }, radiusKm: 2, weight: 1, profiles: ['gases', 'smelter'] },
    { name: '青浦工业园区', short: '青浦', county: '310118', centre: { lng: 121.1, lat: 31.15 }, radiusKm: 3, weight: 1, profiles: ['depot', 'fine'] },
  ],
  JS: [
    { name: '南京江北新材料科技园', short: '江北', county: '320116', centre: { lng: 118.8, lat: 32.27 }, radiusKm: 4, weight: 5, profiles: ['petrochem', 'refinery', 'chlorAlkali'] },
    { name: '扬州化学工业园区', short: '仪征', county: '321081', centre: { lng: 119.1, lat: 32.27 }, radiusKm: 3, weight: 2, profiles: ['petrochem', 'fine'] },
    { name: '泰兴经济开发区', short: '泰兴', county: '321283', centre: { lng: 119.93, lat: 32.1 }, radiusKm: 3, weight: 3, profiles: ['chlorAlkali', 'fine'] },
    { name: '连云港徐圩新区石化基地', short: '徐圩', county: '320703', centre: { lng: 119.55, lat: 34.57 }, radiusKm: 4, weight: 3, profiles: ['refinery', 'petrochem'] },
    { name: '扬子江国际化学工业园', short: '张家港', county: '320582', centre: { lng: 120.45, lat: 31.95 }, radiusKm: 3, weight: 2, profiles: ['petrochem', 'fine', 'depot'] },
    { name: '常州滨江经济开发区', short: '滨江', county: '320411', centre: { lng: 119.97, lat: 32.0 }, radiusKm: 2.5, weight: 1, profiles: ['fine', 'chlorAlkali'] },
    { name: '如东洋口化学工业园', short: '洋口', county: '320623', centre: { lng: 121.05, lat: 32.55 }, radiusKm: 3, weight: 1, profiles: ['fine', 'gases'] },
    { name: '新沂经济开发区化工园', short: '新沂', county: '320381', centre: { lng: 118.35, lat: 34.32 }, radiusKm: 3, weight: 1, profiles: ['coalChem', 'fine'] },
    { name: '淮安盐化新材料产业园', short: '淮安', county: '320803', centre: { lng: 119.15, lat: 33.5 }, radiusKm: 3, weight: 1, profiles: ['chlorAlkali', 'fertiliser'] },
  ],
  ZJ: [
    { name: '宁波石化经济技术开发区', short: '镇海', county: '330211', centre: { lng: 121.68, lat: 29.98 }, radiusKm: 3, weight: 5, profiles: ['refinery', 'petrochem'] },
    { name: '大榭开发区', short: '大榭', county: '330206', centre: { lng: 121.95, lat: 29.93 }, radiusKm: 2, weight: 2, profiles: ['petrochem', 'depot'] },
    { name: '嘉兴港区化工新材料园区', short: '乍浦', county: '330482', centre: { lng: 121.08, lat: 30.61 }, radiusKm: 3, weight: 3, profiles: ['petrochem', 'fine', 'chlorAlkali'] },
    { name: '杭州湾上虞经济技术开发区', short: '上虞', county: '330604', centre: { lng: 120.85, lat: 30.15 }, radiusKm: 3, weight: 3, profiles: ['fine', 'chlorAlkali'] },
    { name: '衢州高新技术产业开发区', short: '衢州', county: '330803', centre: { lng: 118.9, lat: 28.99 }, radiusKm: 3, weight: 2, profiles: ['chlorAlkali', 'fine'] },
    { name: '舟山绿色石化基地', short: '岱山', county: '330921', centre: { lng: 122.2, lat: 30.25 }, radiusKm: 2, weight: 2, profiles: ['refinery'] },
    { name: '杭州萧山临江工业园', short: '临江', county: '330109', centre: { lng: 120.62, lat: 30.28 }, radiusKm: 3, weight: 1, profiles: ['fine', 'gases'] },
    { name: '温州龙湾工业园', short: '龙湾', county: '330303', centre: { lng: 120.8, lat: 27.97 }, radiusKm: 2, weight: 1, profiles: ['depot', 'fine'] },
  ],
  AH: [
    { name: '安庆高新技术产业开发区', short: '安庆', county: '340811', centre: { lng: 117.1, lat: 30.56 }, radiusKm: 3, weight: 4, profiles: ['refinery', 'petrochem'] },
    { name: '淮南现代煤化工产业园', short: '潘集', county: '340406', centre: { lng: 116.95, lat: 32.7 }, radiusKm: 3, weight: 3, profiles: ['coalChem', 'fertiliser'] },
    { name: '马鞍山慈湖高新区', short: '马鞍山', county: '340504', centre: { lng: 118.5, lat: 31.65 }, radiusKm: 2.5, weight: 2, profiles: ['gases', 'coalChem'] },
    { name: '铜陵经济技术开发区', short: '铜陵', county: '340705', centre: { lng: 117.8, lat: 30.93 }, radiusKm: 2.5, weight: 2, profiles: ['smelter'] },
    { name: '合肥循环经济示范园', short: '肥东', county: '340122', centre: { lng: 117.55, lat: 31.9 }, radiusKm: 3, weight: 2, profiles: ['fine', 'depot'] },
    { name: '淮北临涣工业园', short: '临涣', county: '340621', centre: { lng: 116.58, lat: 33.55 }, radiusKm: 3, weight: 2, profiles: ['coalChem'] },
    { name: '定远盐化工业园', short: '定远', county: '341125', centre: { lng: 117.7, lat: 32.52 }, radiusKm: 3, weight: 1, profiles: ['chlorAlkali'] },
    { name: '蚌埠精细化工园', short: '蚌埠', county: '340311', centre: { lng: 117.4, lat: 32.98 }, radiusKm: 2, weight: 1, profiles: ['fine', 'fertiliser'] },
    { name: '芜湖新兴产业园', short: '芜湖', county: '340207', centre: { lng: 118.45, lat: 31.4 }, radiusKm: 2.5, weight: 1, profiles: ['depot', 'fine'] },
  ],
};

/** Two-character trade names of the fictitious enterprises. */
export const BRANDS = [
  '华泰', '恒信', '东方', '联合', '海科', '安源', '新阳', '中盛', '国通', '瑞丰', '宏达', '天成', '盛华', '鑫源', '永昌',
  '金川', '泰和', '长江', '远洋', '嘉禾', '荣盛', '华峰', '金桥', '利民', '兴业', '中远', '博源', '汇丰', '南方', '宏图',
  '润泽', '明辉', '凯盛', '恒远', '天源', '隆盛', '华星', '新宇', '振华', '广源', '诚信', '同创', '聚鑫', '卓越', '星海',
] as const;

// ---------------------------------------------------------------- corridors

/** An end of a corridor: where in the region its trips start or end. */
export interface CorridorEnd {
  province: ProvinceCode;
  cities: readonly string[];
}

/** A freight corridor between two provinces, as waypoints along its motorways (from end a to end b). */
export interface Corridor {
  name: string;
  a: CorridorEnd;
  b: CorridorEnd;
  waypoints: readonly GeoPoint[];
  weight: number;
}

const p = (lng: number, lat: number): GeoPoint => ({ lng, lat });

export const CORRIDORS: readonly Corridor[] = [
  {
    name: 'G42 沪宁',
    a: { province: 'JS', cities: ['320100', '321100', '321000', '320400', '320200', '320500'] },
    b: { province: 'SH', cities: ['310000'] },
    waypoints: [p(118.8, 32.25), p(118.95, 32.12), p(119.45, 32.12), p(119.95, 31.78), p(120.3, 31.57), p(120.62, 31.38), p(120.98, 31.38), p(121.25, 31.33), p(121.42, 31.15)],
    weight: 4,
  },
  {
    name: 'G60/G92 沪杭甬',
    a: { province: 'SH', cities: ['310000'] },
    b: { province: 'ZJ', cities: ['330400', '330100', '330600', '330200', '330900'] },
    waypoints: [p(121.4, 31.05), p(121.2, 31.0), p(120.95, 30.85), p(120.75, 30.75), p(120.45, 30.48), p(120.25, 30.3), p(120.58, 30.08), p(120.88, 30.05), p(121.15, 30.03), p(121.45, 29.95), p(121.68, 29.98), p(121.9, 30.02), p(122.1, 30.02)],
    weight: 4,
  },
  {
    name: 'G40 合宁',
    a: { province: 'AH', cities: ['340100', '341100', '341500'] },
    b: { province: 'JS', cities: ['320100', '321000', '321200'] },
    waypoints: [p(117.22, 31.85), p(117.55, 31.95), p(118.0, 32.08), p(118.3, 32.15), p(118.62, 32.12), p(118.8, 32.25), p(119.1, 32.27), p(119.43, 32.39), p(119.93, 32.45)],
    weight: 3,
  },
  {
    name: '沿江 安庆—芜湖—南京',
    a: { province: 'AH', cities: ['340800', '341700', '340700', '340200', '340500'] },
    b: { province: 'JS', cities: ['320100', '321100'] },
    waypoints: [p(117.05, 30.55), p(117.5, 30.65), p(117.82, 30.93), p(118.1, 31.1), p(118.38, 31.33), p(118.5, 31.65), p(118.78, 31.93), p(118.85, 32.1), p(119.45, 32.15)],
    weight: 3,
  },
  {
    name: 'G30 淮北—徐州—连云港',
    a: { province: 'AH', cities: ['340600', '341300', '341600'] },
    b: { province: 'JS', cities: ['320300', '320700'] },
    waypoints: [p(116.6, 33.55), p(116.8, 33.95), p(117.2, 34.25), p(117.95, 34.35), p(118.35, 34.35), p(118.75, 34.52), p(119.2, 34.6), p(119.55, 34.57)],
    weight: 2,
  },
  {
    name: '甬—合 G50',
    a: { province: 'ZJ', cities: ['330200', '330600', '330100', '330500'] },
    b: { province: 'AH', cities: ['341800', '340200', '340100'] },
    waypoints: [p(121.68, 29.98), p(121.45, 29.95), p(121.15, 30.03), p(120.58, 30.08), p(120.25, 30.3), p(119.98, 30.55), p(119.9, 30.95), p(119.42, 30.9), p(118.75, 30.95), p(118.38, 31.33), p(117.85, 31.6), p(117.22, 31.85)],
    weight: 2,
  },
];

/** Within one province: the motorways a trip between two of its cities follows. */
export const PROVINCE_ROUTES: Record<ProvinceCode, readonly (readonly GeoPoint[])[]> = {
  SH: [[p(121.33, 30.72), p(121.4, 30.79), p(121.47, 30.85), p(121.5, 31.05), p(121.57, 31.34)], [p(121.4, 31.48), p(121.25, 31.33), p(121.1, 31.15), p(121.2, 31.0), p(121.33, 30.72)]],
  JS: [
    [p(118.8, 32.25), p(119.45, 32.12), p(119.95, 31.78), p(120.3, 31.57), p(120.62, 31.38), p(121.0, 31.5)],
    [p(120.62, 31.38), p(120.45, 31.95), p(120.88, 32.0), p(121.05, 32.55)],
    [p(118.8, 32.25), p(118.55, 32.95), p(119.15, 33.5), p(118.3, 33.95), p(117.95, 34.35), p(117.2, 34.25)],
    [p(119.43, 32.39), p(119.93, 32.45), p(120.15, 33.35), p(119.2, 34.6), p(119.55, 34.57)],
    [p(117.2, 34.25), p(117.95, 34.35), p(118.35, 34.35), p(118.75, 34.52), p(119.2, 34.6), p(119.55, 34.57)],
  ],
  ZJ: [
    [p(121.68, 29.98), p(121.45, 29.95), p(121.45, 29.3), p(121.35, 28.85), p(121.2, 28.45), p(120.7, 28.0)],
    [p(120.25, 30.3), p(120.23, 29.75), p(119.65, 29.1), p(119.15, 29.0), p(118.87, 28.95)],
    [p(119.65, 29.1), p(119.92, 28.45), p(120.7, 28.0)],
    [p(121.08, 30.61), p(120.75, 30.75), p(120.45, 30.48), p(120.25, 30.3), p(120.58, 30.08), p(120.85, 30.15)],
  ],
  AH: [
    [p(117.22, 31.85), p(117.05, 32.2), p(116.95, 32.7), p(117.4, 32.98), p(116.8, 33.95), p(116.58, 33.55)],
    [p(117.22, 31.85), p(117.0, 31.3), p(117.05, 30.55), p(117.5, 30.65), p(117.82, 30.93)],
    [p(117.22, 31.85), p(117.85, 31.6), p(118.38, 31.33), p(118.5, 31.65)],
    [p(117.22, 31.85), p(117.7, 32.52), p(117.4, 32.98)],
  ],
};

/** Trips that leave the region: the motorway out, from the region end to the place outside. */
export interface OutsideRoute {
  name: string;
  province: ProvinceCode;
  cities: readonly string[];
  place: { adcode: string; city: string; centre: GeoPoint };
  waypoints: readonly GeoPoint[];
}

export const OUTSIDE_ROUTES: readonly OutsideRoute[] = [
  {
    name: 'G15 沈海 to Rizhao', province: 'SH', cities: ['310000'],
    place: { adcode: '371102', city: '日照', centre: p(119.5, 35.42) },
    waypoints: [p(121.42, 31.15), p(121.25, 31.45), p(120.95, 31.75), p(120.88, 32.0), p(120.5, 32.6), p(120.15, 33.35), p(119.8, 34.0), p(119.2, 34.6), p(119.15, 35.1), p(119.5, 35.42)],
  },
  {
    name: 'G25 长深 to Linyi', province: 'JS', cities: ['320100', '321000', '320800', '321300'],
    place: { adcode: '371302', city: '临沂', centre: p(118.35, 35.05) },
    waypoints: [p(118.8, 32.25), p(118.55, 32.95), p(119.15, 33.5), p(118.3, 33.95), p(118.35, 34.35), p(118.35, 35.05)],
  },
  {
    name: 'G2 京沪 to Zibo', province: 'JS', cities: ['320300', '320700'],
    place: { adcode: '370303', city: '淄博', centre: p(118.05, 36.8) },
    waypoints: [p(119.2, 34.6), p(117.95, 34.35), p(117.2, 34.25), p(117.3, 34.75), p(117.55, 35.4), p(118.05, 36.8)],
  },
  {
    name: 'G42 沪蓉 to Wuhan', province: 'AH', cities: ['340100', '341500', '340400'],
    place: { adcode: '420100', city: '武汉', centre: p(114.3, 30.6) },
    waypoints: [p(117.22, 31.85), p(116.5, 31.75), p(115.95, 31.45), p(115.4, 31.1), p(114.3, 30.6)],
  },
  {
    name: 'G60 沪昆 to Nanchang', province: 'ZJ', cities: ['330100', '330700', '330800', '330600'],
    place: { adcode: '360100', city: '南昌', centre: p(115.9, 28.68) },
    waypoints: [p(120.25, 30.3), p(120.23, 29.75), p(119.65, 29.1), p(119.15, 29.0), p(118.87, 28.95), p(118.45, 28.7), p(118.1, 28.6), p(115.9, 28.68)],
  },
];

// ---------------------------------------------------------------- warnings' geography

/** Cities whose weather and terrain make some warnings common. */
export const COASTAL_CITIES = ['310000', '330200', '330900', '331000', '330300', '320600', '320900', '320700'] as const;
export const TAIHU_CITIES = ['320500', '320200', '320400', '330500', '330400'] as const;
export const NORTHERN_CITIES = ['320300', '321300', '320700', '340300', '341200', '340600', '341600', '341300', '320800'] as const;
export const SOUTHERN_HILL_CITIES = ['331100', '330800', '341000', '340800', '341700', '341800', '330700'] as const;
/** Hill counties of Anqing (岳西, 潜山, 太湖, 宿松): forest-fire warnings name these. */
export const ANQING_HILL_COUNTIES = ['340828', '340824', '340825', '340826'] as const;
