import { globalId, PROVINCE_CODES, type MutualAidRequestRecord, type MutualAidStatus, type ProvinceCode, type RescueBaseRecord } from '../../schema/model';
import { mutualAidSourceId } from './legacy-ids';
import type { Rng } from './prng';
import { beijingDate, DAY, floorTo, HOUR, isoBeijing } from './time';

/** A few mutual-aid requests from earlier exercises, one to a base of each province. */

const STATUSES: readonly MutualAidStatus[] = ['COMPLETED', 'DISPATCHED', 'ACCEPTED', 'REJECTED'];

function hex(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += rng.int(0, 15).toString(16);
  return s;
}

export function generateMutualAid(rng: Rng, now: number, bases: readonly RescueBaseRecord[]): MutualAidRequestRecord[] {
  return PROVINCE_CODES.flatMap((province, i): MutualAidRequestRecord[] => {
    const candidates = bases.filter((b) => b.province === province && b.teams.length > 0);
    if (candidates.length === 0) return [];
    const base = rng.pick(candidates);
    const fromProvince: ProvinceCode = PROVINCE_CODES[(i + 1 + rng.int(0, 2)) % PROVINCE_CODES.length];
    const submitted = now - rng.float(3 * DAY, 20 * DAY);
    const sourceId = mutualAidSourceId(province, beijingDate(submitted), rng.int(1, 40));
    return [{
      id: globalId(province, 'MutualAidRequest', sourceId),
      province,
      sourceId,
      clientRequestId: `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-a${hex(rng, 3)}-${hex(rng, 12)}`,
      baseId: base.id,
      fromProvince,
      status: STATUSES[i],
      updatedAt: isoBeijing(floorTo(submitted + rng.float(1 * HOUR, 2 * DAY), 1000)),
    }];
  });
}
