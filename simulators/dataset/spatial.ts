import type { GeoPoint } from '../../schema/model';
import type { Geography } from './geography';
import type { Rng } from './prng';

/** Distances, paths and random sites on the WGS-84 sphere. */

const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_DEGREE_LAT = 111.32;

export function haversineKm(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(h));
}

export function round6(p: GeoPoint): GeoPoint {
  return { lng: Math.round(p.lng * 1e6) / 1e6, lat: Math.round(p.lat * 1e6) / 1e6 };
}

/** A point about radiusKm around centre (normally distributed). */
export function jitter(rng: Rng, centre: GeoPoint, radiusKm: number): GeoPoint {
  const dLat = (rng.normal() * radiusKm) / 2 / KM_PER_DEGREE_LAT;
  const dLng = (rng.normal() * radiusKm) / 2 / (KM_PER_DEGREE_LAT * Math.cos((centre.lat * Math.PI) / 180));
  return { lng: centre.lng + dLng, lat: centre.lat + dLat };
}

/** A site near centre that lies inside the county's polygon; null if none was found. */
export function siteInCounty(rng: Rng, geo: Geography, county: string, centre: GeoPoint, radiusKm: number): GeoPoint | null {
  for (let attempt = 0; attempt < 40; attempt++) {
    const p = round6(jitter(rng, centre, radiusKm * (attempt < 20 ? 1 : 0.4)));
    if (geo.inCounty(p, county)) return p;
  }
  const c = round6(centre);
  return geo.inCounty(c, county) ? c : null;
}

/** A polyline with its cumulative lengths, for positions at a distance along it. */
export class Path {
  readonly lengthKm: number;
  private readonly cumulative: number[];

  constructor(readonly points: readonly GeoPoint[]) {
    this.cumulative = [0];
    for (let i = 1; i < points.length; i++) this.cumulative.push(this.cumulative[i - 1] + haversineKm(points[i - 1], points[i]));
    this.lengthKm = this.cumulative[this.cumulative.length - 1];
  }

  at(km: number): GeoPoint {
    const d = Math.max(0, Math.min(km, this.lengthKm));
    let i = 1;
    while (i < this.points.length - 1 && this.cumulative[i] < d) i++;
    const seg = this.cumulative[i] - this.cumulative[i - 1];
    const f = seg === 0 ? 0 : (d - this.cumulative[i - 1]) / seg;
    const a = this.points[i - 1];
    const b = this.points[i];
    return { lng: a.lng + (b.lng - a.lng) * f, lat: a.lat + (b.lat - a.lat) * f };
  }
}

/**
 * The route from origin to destination along a motorway's waypoints: the stretch between the
 * waypoints nearest to each end, in travel order (direct when both ends are nearest the same one).
 */
export function routeAlong(origin: GeoPoint, destination: GeoPoint, waypoints: readonly GeoPoint[]): GeoPoint[] {
  const nearest = (p: GeoPoint): number => {
    let best = 0;
    for (let i = 1; i < waypoints.length; i++) if (haversineKm(p, waypoints[i]) < haversineKm(p, waypoints[best])) best = i;
    return best;
  };
  const i = nearest(origin);
  const j = nearest(destination);
  if (i === j) return [origin, destination];
  const stretch = i < j ? waypoints.slice(i, j + 1) : waypoints.slice(j, i + 1).reverse();
  return [origin, ...stretch, destination];
}
