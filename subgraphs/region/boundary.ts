import type { MultiPolygon, Polygon } from 'geojson';
import { referenceBoundaries, type BoundaryIndex } from '../../schema/boundaries';
import { geometryFromWgs84, type Datum } from '../../schema/datum';
import { isWithin } from '../../schema/geography';

/**
 * A division's boundary as a GeoJSON geometry: a county's own polygon(s) from the reference
 * boundaries, and for a city or province the polygons of every county inside it, side by side in
 * one MultiPolygon (not dissolved: the counties' shared borders stay, as the file has no other
 * shapes and the map draws counties anyway). Null for a division with no county boundary.
 */
export function boundaryOf(adcode: string, boundaries: BoundaryIndex = referenceBoundaries()): Polygon | MultiPolygon | null {
  const parts = boundaries.geometries((code) => isWithin(code, adcode));
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0];
  return { type: 'MultiPolygon', coordinates: parts.flatMap((g) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates)) };
}

const cache = new Map<string, Polygon | MultiPolygon | null>();

/** The boundary in the datum asked for, built once per division and datum. */
export function divisionBoundary(adcode: string, datum: Datum): Polygon | MultiPolygon | null {
  const key = `${adcode}:${datum}`;
  if (!cache.has(key)) {
    const wgs84 = boundaryOf(adcode);
    cache.set(key, wgs84 && geometryFromWgs84(wgs84, datum));
  }
  return cache.get(key) ?? null;
}
