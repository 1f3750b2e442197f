import type { ProvinceCode, TrackPointRecord } from '../../schema/model';
import type { Geography } from './geography';
import type { Rng } from './prng';
import { jitter, type Path, round6 } from './spatial';
import { floorTo, isoBeijing, MINUTE } from './time';

/**
 * GPS points of one trip every few minutes, each recorded by the province whose territory it lies
 * in; points outside the four provinces (at sea, or outside the region) are recorded by no one.
 */
export function tripTrack(
  rng: Rng,
  geo: Geography,
  plate: string,
  path: Path,
  departedAt: number,
  arrivedAt: number,
  until: number,
): TrackPointRecord[] {
  const points: TrackPointRecord[] = [];
  const interval = rng.int(5, 8) * MINUTE;
  const duration = arrivedAt - departedAt;
  const cruise = (path.lengthKm / duration) * 3_600_000;
  const end = Math.min(arrivedAt, until);
  for (let k = 0; ; k++) {
    const t = floorTo(k === 0 ? departedAt : departedAt + k * interval + rng.int(0, 50) * 1000, 1000);
    const last = t >= arrivedAt;
    const at = last ? floorTo(arrivedAt, 1000) : t;
    if (at > end) break;
    const location = round6(jitter(rng, path.at((path.lengthKm * (at - departedAt)) / duration), 0.03));
    const province: ProvinceCode | null = geo.provinceAt(location);
    if (province) {
      let speedKmh: number | null;
      if (k === 0 || last) speedKmh = 0;
      else if (rng.chance(0.02)) speedKmh = null;
      else if (rng.chance(0.03)) speedKmh = 0;
      else speedKmh = Math.round(Math.min(100, Math.max(5, cruise * rng.float(0.8, 1.25))) * 10) / 10;
      points.push({ plate, at: isoBeijing(at), location, speedKmh, province });
    }
    if (last) break;
  }
  return points;
}
