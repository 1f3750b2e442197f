import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DivisionLevel, GeoPoint, ProvinceCode } from './model';

/**
 * The region's reference geography: the GB/T 2260 divisions of data/yrd-divisions.csv, loaded once.
 * Codes abolished since (some are still in the file, without a centre) are not divisions; they map
 * to their successors through `successorOf`.
 */

export interface Division {
  adcode: string;
  name: string;
  level: DivisionLevel;
  /** The enclosing division (a city, or for Shanghai's districts the municipality); null for a province. */
  parent: string | null;
  province: ProvinceCode;
  /** WGS-84; null where the reference data has no centre. */
  centre: GeoPoint | null;
}

export const PROVINCE_OF_ADCODE_PREFIX: Readonly<Record<string, ProvinceCode>> = { '31': 'SH', '32': 'JS', '33': 'ZJ', '34': 'AH' };

export const PROVINCE_ADCODE: Readonly<Record<ProvinceCode, string>> = { SH: '310000', JS: '320000', ZJ: '330000', AH: '340000' };

/** The province an adcode (or anything that starts with one) belongs to, by its first two digits. */
export function provinceOfAdcode(adcode: string): ProvinceCode | null {
  return PROVINCE_OF_ADCODE_PREFIX[adcode.slice(0, 2)] ?? null;
}

/**
 * County-level codes abolished in the region (merged, renamed or moved to another city), each with
 * the one division that took over its whole area. Codes whose area was split have no entry.
 */
export const ABOLISHED_ADCODES: ReadonlyMap<string, string> = new Map([
  ['310108', '310106'], // 闸北区 → 静安区 (2015)
  ['310230', '310151'], // 崇明县 → 崇明区 (2016)
  ['320103', '320104'], // 白下区 → 秦淮区 (2013)
  ['320107', '320106'], // 下关区 → 鼓楼区 (2013)
  ['320124', '320117'], // 溧水县 → 溧水区 (2013)
  ['320125', '320118'], // 高淳县 → 高淳区 (2013)
  ['320202', '320213'], // 崇安区 → 梁溪区 (2015)
  ['320203', '320213'], // 南长区 → 梁溪区 (2015)
  ['320204', '320213'], // 北塘区 → 梁溪区 (2015)
  ['320323', '320312'], // 铜山县 → 铜山区 (2010)
  ['320405', '320412'], // 戚墅堰区 → 武进区 (2015)
  ['320482', '320413'], // 金坛市 → 金坛区 (2015)
  ['320502', '320508'], // 沧浪区 → 姑苏区 (2012)
  ['320503', '320508'], // 平江区 → 姑苏区 (2012)
  ['320504', '320508'], // 金阊区 → 姑苏区 (2012)
  ['320584', '320509'], // 吴江市 → 吴江区 (2012)
  ['320683', '320612'], // 通州市 → 通州区 (2009)
  ['320705', '320706'], // 新浦区 → 海州区 (2014)
  ['320721', '320707'], // 赣榆县 → 赣榆区 (2014)
  ['320802', '320812'], // 清河区 → 清江浦区 (2016)
  ['320811', '320812'], // 清浦区 → 清江浦区 (2016)
  ['320982', '320904'], // 大丰市 → 大丰区 (2015)
  ['321088', '321012'], // 江都市 → 江都区 (2011)
  ['321284', '321204'], // 姜堰市 → 姜堰区 (2012)
  ['330204', '330212'], // 江东区 → 鄞州区 (2016)
  ['330621', '330603'], // 绍兴县 → 柯桥区 (2013)
  ['330682', '330604'], // 上虞市 → 上虞区 (2013)
  ['340702', '340705'], // 铜官山区 → 铜官区 (2015)
  ['340703', '340705'], // 狮子山区 → 铜官区 (2015)
  ['340721', '340706'], // 铜陵县 → 义安区 (2015)
  ['340823', '340722'], // 枞阳县 moved from 安庆 to 铜陵 (2015)
  ['341402', '340181'], // 居巢区 → 巢湖市 (2011)
  ['341521', '340422'], // 寿县 moved from 六安 to 淮南 (2015)
]);

/** The current code for an abolished one; the code itself otherwise. */
export function successorOf(adcode: string): string {
  let code = adcode;
  for (let next = ABOLISHED_ADCODES.get(code); next !== undefined && next !== code; next = ABOLISHED_ADCODES.get(code)) code = next;
  return code;
}

const CSV_NAME = 'yrd-divisions.csv';

/** A file of data/ at the repository root, found from here whether this runs as schema/*.ts or dist/schema/*.js. */
export function locateReferenceData(fileName: string): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'data', fileName);
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`reference geography ${fileName} not found above ${__dirname}`);
  }
}

function locateCsv(): string {
  return locateReferenceData(CSV_NAME);
}

const LEVELS: Readonly<Record<string, DivisionLevel>> = { province: 'PROVINCE', city: 'CITY', county: 'COUNTY' };

function parseCentre(lng: string | undefined, lat: string | undefined): GeoPoint | null {
  if (!lng || !lat) return null;
  const point = { lng: Number(lng), lat: Number(lat) };
  return Number.isFinite(point.lng) && Number.isFinite(point.lat) ? point : null;
}

export function parseDivisionsCsv(text: string): Map<string, Division> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0].split(',');
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${CSV_NAME} has no column "${name}"`);
    return i;
  };
  const [iCode, iName, iLevel, iParent, iLng, iLat] = ['adcode', 'name', 'level', 'parent', 'wgs84_lng', 'wgs84_lat'].map(col);
  const result = new Map<string, Division>();
  for (const line of lines.slice(1)) {
    const f = line.split(',').map((s) => s.trim());
    const adcode = f[iCode];
    if (ABOLISHED_ADCODES.has(adcode)) continue;
    const level = LEVELS[f[iLevel].toLowerCase()];
    const province = provinceOfAdcode(adcode);
    if (!level || !province) throw new Error(`${CSV_NAME}: bad row "${line}"`);
    result.set(adcode, {
      adcode,
      name: f[iName],
      level,
      parent: f[iParent] ? f[iParent] : null,
      province,
      centre: parseCentre(f[iLng], f[iLat]),
    });
  }
  return result;
}

let loaded: Map<string, Division> | null = null;

/** Every current division of the region by adcode (provinces, cities, counties). */
export function divisions(): Map<string, Division> {
  if (!loaded) loaded = parseDivisionsCsv(fs.readFileSync(locateCsv(), 'utf8'));
  return loaded;
}

export function division(adcode: string): Division | undefined {
  return divisions().get(adcode);
}

/** The enclosing divisions of `adcode`, innermost first, without itself; empty for an unknown code. */
export function ancestors(adcode: string): string[] {
  const all = divisions();
  const result: string[] = [];
  for (let parent = all.get(adcode)?.parent ?? null; parent !== null && !result.includes(parent); parent = all.get(parent)?.parent ?? null) {
    result.push(parent);
  }
  return result;
}

/** True when `adcode` is `ancestorOrSelf` or lies inside it. */
export function isWithin(adcode: string, ancestorOrSelf: string): boolean {
  return adcode === ancestorOrSelf || ancestors(adcode).includes(ancestorOrSelf);
}

let childIndex: Map<string, Division[]> | null = null;

/** The divisions directly inside `adcode`, by adcode. */
export function childrenOf(adcode: string): Division[] {
  if (!childIndex) {
    childIndex = new Map();
    for (const d of divisions().values()) {
      if (d.parent === null) continue;
      const siblings = childIndex.get(d.parent) ?? [];
      siblings.push(d);
      childIndex.set(d.parent, siblings);
    }
    for (const list of childIndex.values()) list.sort((a, b) => a.adcode.localeCompare(b.adcode));
  }
  return [...(childIndex.get(adcode) ?? [])];
}

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance on the mean Earth sphere. */
export function haversineKm(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
