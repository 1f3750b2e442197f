import { PROVINCE_CODES } from '../../schema/model';
import type { Rng } from './prng';
import type { CanonicalDataset, Deletion } from './types';

/** After the simulated `now`, when the first scheduled deletion falls: later than any clock jump the other tests make (24 h). */
export const FIRST_DELETION_AFTER_MS = 48 * 3600_000;
/** The deletions of one province come this far apart, collection after collection. */
export const DELETION_SPACING_MS = 3600_000;

const COLLECTIONS = ['warnings', 'enterprises', 'waybills', 'bases'] as const;

/**
 * A few records that their systems delete over simulated time: one per province and collection,
 * from two days after `now` on, an hour apart. Until then every system holds them.
 */
export function scheduleDeletions(rng: Rng, dataset: Pick<CanonicalDataset, (typeof COLLECTIONS)[number]>, now: number): Deletion[] {
  const deletions: Deletion[] = [];
  let at = now + FIRST_DELETION_AFTER_MS;
  for (const province of PROVINCE_CODES) {
    for (const collection of COLLECTIONS) {
      const mine = (dataset[collection] as readonly { province: string; sourceId: string }[]).filter((r) => r.province === province);
      if (mine.length === 0) continue;
      const chosen = rng.pick(mine);
      deletions.push({ province, collection, sourceId: chosen.sourceId, at: new Date(at).toISOString() });
      at += DELETION_SPACING_MS;
    }
  }
  return deletions;
}

/** Whether the record is deleted by `at` (ms) under the data set's schedule. */
export function deletedBy(deletions: readonly Deletion[], at: number): (r: { province: string; sourceId: string }, collection: Deletion['collection']) => boolean {
  const gone = new Set(deletions.filter((d) => Date.parse(d.at) <= at).map((d) => `${d.collection}|${d.province}|${d.sourceId}`));
  return (r, collection) => gone.has(`${collection}|${r.province}|${r.sourceId}`);
}
