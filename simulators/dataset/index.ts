import { generateDataset } from './generate';
import type { CanonicalDataset, DatasetOptions } from './types';

export { DatasetOptionsError, generateDataset, PER_PROVINCE } from './generate';
export { BRANCH_SITES } from './branch-sites';
export { creditCheckChar, isValidCreditCode, creditCodeAuthority } from './credit-code';
export { loadGeography, type Division, type Geography } from './geography';
export { ACTIVE_GUARD_MS } from './warnings';
export { activeWarningIds, isActiveAt, sanctionsListedAt } from './oracle';
export { deletedBy, FIRST_DELETION_AFTER_MS } from './deletions';
export type { BadRecord, CanonicalDataset, DatasetOptions, Defect, Deletion } from './types';

const cache = new Map<string, CanonicalDataset>();
const CACHE_SIZE = 4;

/** The data set for these options, generated once per process (the last few are kept). */
export function loadDataset(options: DatasetOptions): CanonicalDataset {
  const key = `${options.seed}|${options.now.getTime()}|${options.scale}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const dataset = generateDataset(options);
  cache.set(key, dataset);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return dataset;
}
