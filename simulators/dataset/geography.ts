import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROVINCE_CODES, type DivisionLevel, type GeoPoint, type ProvinceCode } from '../../schema/model';

/**
 * The region's reference geography (data/yrd-divisions.csv and data/yrd-county-boundaries.geojson)
 * for the generator: divisions with their centres, and fast point-in-province / point-in-county
 * look-ups. Divisions without a centre (abolished codes kept in the file) are left out.
 */

export interface Division {
  adcode: string;
  name: string;
  level: DivisionLevel;
  parent: string | null;
  province: ProvinceCode;
  /** The prefecture city; for Shanghai's districts the municipality 310000. */
  cityCode: string;
  centre: GeoPoint;
}

export const PROVINCE_OF_PREFIX: Record<string, ProvinceCode> = { '31': 'SH', '32': 'JS', '33': 'ZJ', '34': 'AH' };
export const PROVINCE_ADCODE: Record<ProvinceCode, string> = { SH: '310000', JS: '320000', ZJ: '330000', AH: '340000' };

export function adcodeProvince(adcode: string): ProvinceCode | null {
  return PROVINCE_OF_PREFIX[adcode.slice(0, 2)] ?? null;
}

/** A polygon or multipolygon as flat coordinate rings, tested with the even-odd rule. */
class Area {
  readonly minLng: number;
  readonly maxLng: number;
  readonly minLat: number;
  readonly maxLat: number;
  private readonly boxes: [number, number, number, number][];

  constructor(private readonly rings: Float64Array[]) {
    this.boxes = rings.map((r) => {
      const box: [number, number, number, number] = [Infinity, -Infinity, Infinity, -Infinity];
      for (let i = 0; i < r.length; i += 2) {
        box[0] = Math.min(box[0], r[i]);
        box[1] = Math.max(box[1], r[i]);
        box[2] = Math.min(box[2], r[i + 1]);
        box[3] = Math.max(box[3], r[i + 1]);
      }
      return box;
    });
    let minLng = Infinity;
    let maxLng = -Infinity;
    let minLat = Infinity;
    let maxLat = -Infinity;
    for (const r of rings) {
      for (let i = 0; i < r.length; i += 2) {
        minLng = Math.min(minLng, r[i]);
        maxLng = Math.max(maxLng, r[i]);
        minLat = Math.min(minLat, r[i + 1]);
        maxLat = Math.max(maxLat, r[i + 1]);
      }
    }
    this.minLng = minLng;
    this.maxLng = maxLng;
    this.minLat = minLat;
    this.maxLat = maxLat;
  }

  /** Even-odd rule; a ring whose box does not hold the point cannot change the parity. */
  contains(lng: number, lat: number): boolean {
    if (lng < this.minLng || lng > this.maxLng || lat < this.minLat || lat > this.maxLat) return false;
    let inside = false;
    for (let k = 0; k < this.rings.length; k++) {
      const b = this.boxes[k];
      if (lng < b[0] || lng > b[1] || lat < b[2] || lat > b[3]) continue;
      const r = this.rings[k];
      const n = r.length;
      for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
        const yi = r[i + 1];
        const yj = r[j + 1];
        if (yi > lat !== yj > lat) {
          const x = ((r[j] - r[i]) * (lat - yi)) / (yj - yi) + r[i];
          if (lng < x) inside = !inside;
        }
      }
    }
    return inside;
  }

  /** Every edge as [lng1, lat1, lng2, lat2]. */
  *edges(): Generator<[number, number, number, number]> {
    for (const r of this.rings) {
      for (let i = 0; i + 3 < r.length; i += 2) yield [r[i], r[i + 1], r[i + 2], r[i + 3]];
    }
  }
}

interface GeoJsonFeature {
  properties: { adcode: string };
  geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };
}

function toArea(geometry: GeoJsonFeature['geometry']): Area {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return new Area(polygons.flatMap((p) => p.map((ring) => Float64Array.from(ring.flat()))));
}

const CELL = 0.01;

/** Whether segments p→q and a→b cross. */
function crosses(px: number, py: number, qx: number, qy: number, ax: number, ay: number, bx: number, by: number): boolean {
  const d1 = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
  const d2 = (bx - ax) * (qy - ay) - (by - ay) * (qx - ax);
  const d3 = (qx - px) * (ay - py) - (qy - py) * (ax - px);
  const d4 = (qx - px) * (by - py) - (qy - py) * (bx - px);
  return d1 > 0 !== d2 > 0 && d3 > 0 !== d4 > 0;
}

/** A grid cell that province boundaries cross: the edges near it, x1, y1, x2, y2, province index each. */
type BoundaryEdges = number[];

/**
 * Point-in-province on a grid of small cells. Each cell centre's provinces are found by a scan
 * along its row; a point in a cell that no boundary crosses shares its centre's answer, and in one
 * that a boundary does, the answer flips for each province edge between the centre and the point.
 */
class ProvinceLocator {
  private readonly minLng: number;
  private readonly minLat: number;
  private readonly cols: number;
  private readonly rows: number;
  private readonly boundary = new Map<number, BoundaryEdges>();
  /** Bit i set when the cell's centre lies in province i. */
  private readonly centreMask: Uint8Array;

  constructor(areas: readonly Area[]) {
    this.minLng = Math.min(...areas.map((a) => a.minLng)) - CELL;
    this.minLat = Math.min(...areas.map((a) => a.minLat)) - CELL;
    this.cols = Math.ceil((Math.max(...areas.map((a) => a.maxLng)) + CELL - this.minLng) / CELL) + 1;
    this.rows = Math.ceil((Math.max(...areas.map((a) => a.maxLat)) + CELL - this.minLat) / CELL) + 1;
    this.centreMask = new Uint8Array(this.cols * this.rows);
    areas.forEach((area, index) => {
      const crossings: number[][] = Array.from({ length: this.rows }, () => []);
      for (const [x1, y1, x2, y2] of area.edges()) {
        this.markBoundary(x1, y1, x2, y2, index);
        const lo = Math.max(0, this.row(Math.min(y1, y2)) - 1);
        const hi = Math.min(this.rows - 1, this.row(Math.max(y1, y2)) + 1);
        for (let r = lo; r <= hi; r++) {
          const y = this.minLat + (r + 0.5) * CELL;
          if (y1 > y !== y2 > y) crossings[r].push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
        }
      }
      crossings.forEach((xs, r) => {
        xs.sort((a, b) => a - b);
        for (let k = 0; k + 1 < xs.length; k += 2) {
          const from = Math.max(0, Math.ceil((xs[k] - this.minLng) / CELL - 0.5));
          const to = Math.min(this.cols - 1, Math.floor((xs[k + 1] - this.minLng) / CELL - 0.5));
          for (let c = from; c <= to; c++) this.centreMask[r * this.cols + c] |= 1 << index;
        }
      });
    });
  }

  private markBoundary(x1: number, y1: number, x2: number, y2: number, index: number): void {
    const c1 = this.col(Math.min(x1, x2));
    const c2 = this.col(Math.max(x1, x2));
    const r1 = this.row(Math.min(y1, y2));
    const r2 = this.row(Math.max(y1, y2));
    for (let r = r1; r <= r2; r++) {
      for (let c = c1; c <= c2; c++) {
        const k = r * this.cols + c;
        const edges = this.boundary.get(k);
        if (edges) edges.push(x1, y1, x2, y2, index);
        else this.boundary.set(k, [x1, y1, x2, y2, index]);
      }
    }
  }

  private col(lng: number): number {
    return Math.floor((lng - this.minLng) / CELL);
  }

  private row(lat: number): number {
    return Math.floor((lat - this.minLat) / CELL);
  }

  /** The index of the province holding the point, or -1. */
  locate(lng: number, lat: number): number {
    const c = this.col(lng);
    const r = this.row(lat);
    if (c < 0 || r < 0 || c >= this.cols || r >= this.rows) return -1;
    const k = r * this.cols + c;
    let mask = this.centreMask[k];
    const e = this.boundary.get(k);
    if (e) {
      const cx = this.minLng + (c + 0.5) * CELL;
      const cy = this.minLat + (r + 0.5) * CELL;
      for (let j = 0; j < e.length; j += 5) {
        if (crosses(cx, cy, lng, lat, e[j], e[j + 1], e[j + 2], e[j + 3])) mask ^= 1 << e[j + 4];
      }
    }
    for (let i = 0; mask !== 0; i++, mask >>= 1) if (mask & 1) return i;
    return -1;
  }
}

export interface Geography {
  /** Every division with a centre, by adcode. */
  readonly divisions: ReadonlyMap<string, Division>;
  division(adcode: string): Division;
  /** County-level divisions with a centre and a boundary polygon. */
  counties(province: ProvinceCode): readonly Division[];
  countiesOfCity(cityCode: string): readonly Division[];
  cities(province: ProvinceCode): readonly Division[];
  /** The province whose territory holds the point; null at sea or outside the region. */
  provinceAt(p: GeoPoint): ProvinceCode | null;
  /** The county-level division whose polygon holds the point. */
  countyAt(p: GeoPoint): string | null;
  inCounty(p: GeoPoint, adcode: string): boolean;
}

function findDataDir(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'data', 'yrd-divisions.csv'))) return path.join(dir, 'data');
    if (path.dirname(dir) === dir) throw new Error(`data/yrd-divisions.csv not found above ${__dirname}`);
  }
}

function readDivisions(file: string): Map<string, Division> {
  const lines = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const col = (name: string): number => header.indexOf(name);
  const divisions = new Map<string, Division>();
  for (const line of lines.slice(1)) {
    const f = line.split(',');
    const adcode = f[col('adcode')];
    const lng = f[col('wgs84_lng')];
    const lat = f[col('wgs84_lat')];
    if (!lng || !lat) continue;
    const province = adcodeProvince(adcode);
    if (!province) continue;
    const level = f[col('level')].toUpperCase() as DivisionLevel;
    const parent = f[col('parent')] || null;
    divisions.set(adcode, {
      adcode,
      name: f[col('name')],
      level,
      parent,
      province,
      cityCode: level === 'PROVINCE' ? adcode : level === 'CITY' ? adcode : (parent ?? PROVINCE_ADCODE[province]),
      centre: { lng: Number(lng), lat: Number(lat) },
    });
  }
  return divisions;
}

let cached: Geography | null = null;

export function loadGeography(): Geography {
  if (cached) return cached;
  const dir = findDataDir();
  const divisions = readDivisions(path.join(dir, 'yrd-divisions.csv'));
  const features = (JSON.parse(fs.readFileSync(path.join(dir, 'yrd-county-boundaries.geojson'), 'utf8')) as { features: GeoJsonFeature[] }).features;
  const areaByCode = new Map(features.map((f) => [f.properties.adcode, toArea(f.geometry)]));

  const countyCodes = [...divisions.values()].filter((d) => d.level === 'COUNTY' && areaByCode.has(d.adcode)).map((d) => d.adcode);
  const countyAreas = countyCodes.map((c) => [c, areaByCode.get(c) as Area] as const);
  const provinceAreas = PROVINCE_CODES.map((p) => {
    const area = areaByCode.get(PROVINCE_ADCODE[p]);
    if (!area) throw new Error(`no boundary for province ${p}`);
    return area;
  });
  const locator = new ProvinceLocator(provinceAreas);

  const byProvince = (level: DivisionLevel, p: ProvinceCode): Division[] =>
    [...divisions.values()].filter((d) => d.level === level && d.province === p && (level !== 'COUNTY' || areaByCode.has(d.adcode)));
  const counties = Object.fromEntries(PROVINCE_CODES.map((p) => [p, byProvince('COUNTY', p)])) as Record<ProvinceCode, Division[]>;
  const cities = Object.fromEntries(PROVINCE_CODES.map((p) => [p, byProvince('CITY', p)])) as Record<ProvinceCode, Division[]>;
  const countiesByCity = new Map<string, Division[]>();
  for (const p of PROVINCE_CODES) {
    for (const d of counties[p]) countiesByCity.set(d.cityCode, [...(countiesByCity.get(d.cityCode) ?? []), d]);
  }

  cached = {
    divisions,
    division(adcode) {
      const d = divisions.get(adcode);
      if (!d) throw new Error(`unknown adcode ${adcode}`);
      return d;
    },
    counties: (p) => counties[p],
    countiesOfCity: (c) => countiesByCity.get(c) ?? [],
    cities: (p) => cities[p],
    provinceAt(p) {
      const i = locator.locate(p.lng, p.lat);
      return i < 0 ? null : PROVINCE_CODES[i];
    },
    countyAt(p) {
      for (const [code, area] of countyAreas) if (area.contains(p.lng, p.lat)) return code;
      return null;
    },
    inCounty(p, adcode) {
      return areaByCode.get(adcode)?.contains(p.lng, p.lat) ?? false;
    },
  };
  return cached;
}
