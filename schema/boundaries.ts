import { readFileSync } from 'node:fs';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { division as divisionByAdcode, locateReferenceData, successorOf } from './geography';
import type { DivisionLevel, GeoPoint } from './model';

export const BOUNDARIES_FILE = 'yrd-county-boundaries.geojson';

/** [minLng, minLat, maxLng, maxLat] */
type Box = readonly [number, number, number, number];

interface Area {
  adcode: string;
  box: Box;
  geometry: Polygon | MultiPolygon;
}

/**
 * The division boundaries of the reference data, indexed by level, each with its bounding box so
 * that a look-up runs the exact point-in-polygon test only on the few areas whose box holds the point.
 */
export class BoundaryIndex {
  private readonly areas = new Map<DivisionLevel, Area[]>();

  constructor(areas: readonly { adcode: string; level: DivisionLevel; geometry: Polygon | MultiPolygon }[]) {
    for (const { adcode, level, geometry } of areas) {
      const list = this.areas.get(level) ?? [];
      list.push({ adcode, geometry, box: boundingBox(geometry) });
      this.areas.set(level, list);
    }
  }

  /** How many areas of `level` have a boundary. */
  size(level: DivisionLevel): number {
    return this.areas.get(level)?.length ?? 0;
  }

  /** The geometries recorded for one division (more than one when abolished codes merged into it). */
  geometriesOf(adcode: string): (Polygon | MultiPolygon)[] {
    return [...this.areas.values()]
      .flat()
      .filter((area) => area.adcode === adcode)
      .map(({ geometry }) => geometry);
  }

  /** The adcodes of the areas of `level` that contain the point (boundary included). */
  containing(point: GeoPoint, level: DivisionLevel): string[] {
    const { lng, lat } = point;
    return (this.areas.get(level) ?? [])
      .filter(({ box }) => lng >= box[0] && lat >= box[1] && lng <= box[2] && lat <= box[3])
      .filter(({ geometry }) => booleanPointInPolygon([lng, lat], geometry))
      .map(({ adcode }) => adcode);
  }
}

function boundingBox(geometry: Polygon | MultiPolygon): Box {
  const rings: Position[][] = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  let [minLng, minLat, maxLng, maxLat] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings) {
    for (const [lng, lat] of ring) {
      minLng = Math.min(minLng, lng);
      minLat = Math.min(minLat, lat);
      maxLng = Math.max(maxLng, lng);
      maxLat = Math.max(maxLat, lat);
    }
  }
  return [minLng, minLat, maxLng, maxLat];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asGeometry(value: unknown): Polygon | MultiPolygon | null {
  if (!isRecord(value) || !Array.isArray(value.coordinates)) return null;
  if (value.type === 'Polygon' || value.type === 'MultiPolygon') return value as unknown as Polygon | MultiPolygon;
  return null;
}

/**
 * The boundaries of a GeoJSON FeatureCollection whose features carry `properties.adcode`.
 * Abolished codes count as their successors; features of codes that are not divisions of the
 * reference data (the file has one for Shanghai's former 市辖区 310100) are left out.
 */
export function parseBoundaries(text: string): BoundaryIndex {
  const collection: unknown = JSON.parse(text);
  if (!isRecord(collection) || collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new Error(`${BOUNDARIES_FILE} is not a GeoJSON FeatureCollection`);
  }
  const areas: { adcode: string; level: DivisionLevel; geometry: Polygon | MultiPolygon }[] = [];
  for (const feature of collection.features as unknown[]) {
    const code = isRecord(feature) && isRecord(feature.properties) ? feature.properties.adcode : undefined;
    const geometry = isRecord(feature) ? asGeometry(feature.geometry) : null;
    if ((typeof code !== 'string' && typeof code !== 'number') || geometry === null) {
      throw new Error(`${BOUNDARIES_FILE}: a feature without an adcode or a (multi)polygon`);
    }
    const division = divisionByAdcode(successorOf(String(code)));
    if (division) areas.push({ adcode: division.adcode, level: division.level, geometry });
  }
  return new BoundaryIndex(areas);
}

let loaded: BoundaryIndex | null = null;

/** The reference boundaries (data/yrd-county-boundaries.geojson), loaded and indexed once. */
export function referenceBoundaries(): BoundaryIndex {
  if (!loaded) loaded = parseBoundaries(readFileSync(locateReferenceData(BOUNDARIES_FILE), 'utf8'));
  return loaded;
}
