import { ancestors, division, haversineKm, type Division } from '../../schema/geography';
import type { DivisionLevel, GeoPoint } from '../../schema/model';
import { referenceBoundaries, type BoundaryIndex } from '../../schema/boundaries';

/**
 * Counties first; the reference file lacks the polygons of a few current counties (奉化 330283,
 * 清江浦 320812), so a point there is still placed in its city and province by their own boundaries.
 */
const LOOKUP_ORDER: readonly DivisionLevel[] = ['COUNTY', 'CITY', 'PROVINCE'];

/** The divisions that contain the point, innermost first; empty outside every boundary (at sea, outside the region). */
export function divisionsAt(point: GeoPoint, boundaries: BoundaryIndex = referenceBoundaries()): Division[] {
  for (const level of LOOKUP_ORDER) {
    const hits = boundaries.containing(point, level);
    if (hits.length === 0) continue;
    const innermost = closestByCentre(hits, point);
    return [innermost, ...ancestors(innermost)].flatMap((code) => division(code) ?? []);
  }
  return [];
}

/** Simplified neighbouring boundaries overlap in slivers; there the division whose centre is nearer wins. */
function closestByCentre(adcodes: string[], point: GeoPoint): string {
  const distance = (adcode: string): number => {
    const centre = division(adcode)?.centre;
    return centre ? haversineKm(centre, point) : Infinity;
  };
  return [...adcodes].sort((a, b) => distance(a) - distance(b) || a.localeCompare(b))[0];
}
