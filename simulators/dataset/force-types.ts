import type { RescueBaseRecord, RescueForceType } from '../../schema/model';
import type { Rng } from './prng';
import { DAY } from './time';

/**
 * Each team's kind of force (应急救援力量类型), which the four systems record since their 2026
 * releases (legacy-apis/additions-v1.1.md). A base last written before its system's release keeps
 * the older form: its teams carry no kind at all.
 */

/** The releases went live this long before the simulated present. */
export const FORCE_TYPE_RELEASE_AGE_MS = 20 * DAY;

export function forceTypeRelease(now: number): number {
  return now - FORCE_TYPE_RELEASE_AGE_MS;
}

type Weights = readonly (readonly [RescueForceType, number])[];

/**
 * The registering authority (the credit code's first character) says who runs a base: 1 an
 * institution (fire and rescue or a professional team), 5 a social organisation (社会应急力量
 * such as the 蓝天 teams), 9 an enterprise (its full-time team, or a professional team that an
 * enterprise runs for the state). Social forces also train and stand by at public bases.
 */
function weightsFor(base: RescueBaseRecord): Weights {
  switch (base.creditCode?.[0]) {
    case '1': return [['PROFESSIONAL', 60], ['FIRE_AND_RESCUE', 30], ['SOCIAL', 10]];
    case '5': return [['SOCIAL', 90], ['PROFESSIONAL', 10]];
    case '9': return [['ENTERPRISE', 65], ['PROFESSIONAL', 35]];
    default: return [['PROFESSIONAL', 45], ['SOCIAL', 45], ['FIRE_AND_RESCUE', 10]];
  }
}

/** Gives the teams of bases written since the release their kind, in place. */
export function assignForceTypes(rng: Rng, now: number, bases: readonly RescueBaseRecord[]): void {
  const release = forceTypeRelease(now);
  for (const base of bases) {
    const weights = weightsFor(base);
    for (const team of base.teams) {
      const kind = rng.weighted(weights);
      if (Date.parse(base.updatedAt) >= release) team.forceType = kind;
    }
  }
}
