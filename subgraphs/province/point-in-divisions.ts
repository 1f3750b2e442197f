import * as fs from 'node:fs';
import * as path from 'node:path';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon } from 'geojson';
import type { GeoPoint } from '../../schema/model';

/** The region's division boundaries (data/yrd-county-boundaries.geojson), loaded on first use. */

interface Boundary {
  adcode: string;
  geometry: Polygon | MultiPolygon;
  bbox: [number, number, number, number];
}

const FILE = 'yrd-county-boundaries.geojson';

function locate(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'data', FILE);
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`${FILE} not found above ${__dirname}`);
  }
}

function bboxOf(geometry: Polygon | MultiPolygon): [number, number, number, number] {
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings) {
    for (const [lng, lat] of ring) {
      box[0] = Math.min(box[0], lng);
      box[1] = Math.min(box[1], lat);
      box[2] = Math.max(box[2], lng);
      box[3] = Math.max(box[3], lat);
    }
  }
  return box;
}

let boundaries: Boundary[] | null = null;

function load(): Boundary[] {
  if (!boundaries) {
    const collection = JSON.parse(fs.readFileSync(locate(), 'utf8')) as { features: { properties: { adcode: string }; geometry: Polygon | MultiPolygon }[] };
    boundaries = collection.features.map((f) => ({ adcode: String(f.properties.adcode), geometry: f.geometry, bbox: bboxOf(f.geometry) }));
  }
  return boundaries;
}

/** The adcodes of every division whose boundary contains the point. */
export function divisionsContaining(point: GeoPoint): Set<string> {
  const result = new Set<string>();
  for (const b of load()) {
    const [minLng, minLat, maxLng, maxLat] = b.bbox;
    if (point.lng < minLng || point.lng > maxLng || point.lat < minLat || point.lat > maxLat) continue;
    if (booleanPointInPolygon([point.lng, point.lat], b.geometry)) result.add(b.adcode);
  }
  return result;
}
