import { referenceBoundaries, type BoundaryIndex } from '../../../schema/boundaries';
import { provinceOfAdcode } from '../../../schema/geography';
import type { GeoPoint, ProvinceCode } from '../../../schema/model';

/**
 * The province whose territory holds a WGS-84 point, by the county boundaries (the province's own
 * outline for the two counties the reference data has no boundary for); null at sea or outside
 * the region.
 */
export function provinceAtPoint(point: GeoPoint, boundaries: BoundaryIndex = referenceBoundaries()): ProvinceCode | null {
  const county = countyAtPoint(point, boundaries);
  if (county) return provinceOfAdcode(county);
  const [province] = boundaries.containing(point, 'PROVINCE');
  return province ? provinceOfAdcode(province) : null;
}

/** The county whose boundary holds a WGS-84 point, or null (at sea, outside the region, or a county without a boundary). */
export function countyAtPoint(point: GeoPoint, boundaries: BoundaryIndex = referenceBoundaries()): string | null {
  return boundaries.containing(point, 'COUNTY')[0] ?? null;
}
