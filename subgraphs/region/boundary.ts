import type { MultiPolygon, Polygon } from 'geojson';
import { referenceBoundaries, type BoundaryIndex } from '../../schema/boundaries';
import { geometryFromWgs84, type Datum } from '../../schema/datum';

/**
 * A division's boundary as a GeoJSON geometry, from the reference boundaries (one feature per
 * province, city and county; abolished codes count as their successors). Null where the file has
 * none: 320812 清江浦区 and 330283 奉化市, formed or changed after the source's 2016 data.
 */
export function boundaryOf(adcode: string, boundaries: BoundaryIndex = referenceBoundaries()): Polygon | MultiPolygon | null {
  const parts = boundaries.geometriesOf(adcode);
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0];
  return { type: 'MultiPolygon', coordinates: parts.flatMap((g) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)) };
}

const cache = new Map<string, Polygon | MultiPolygon | null>();

/** The boundary in the datum asked for, converted once per division and datum. */
export function divisionBoundary(adcode: string, datum: Datum): Polygon | MultiPolygon | null {
  const key = `${adcode}:${datum}`;
  if (!cache.has(key)) {
    const wgs84 = boundaryOf(adcode);
    cache.set(key, wgs84 && geometryFromWgs84(wgs84, datum));
  }
  return cache.get(key) ?? null;
}
