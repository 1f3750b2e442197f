import { DatasetOptionsError, generateDataset } from './generate';
import type { CanonicalDataset, DatasetOptions } from './types';

export { DatasetOptionsError, generateDataset, PER_PROVINCE } from './generate';
export { BRANCH_SITES } from './branch-sites';
export { creditCheckChar, isValidCreditCode, creditCodeAuthority } from './credit-code';
export { loadGeography, type Division, type Geography } from './geography';
export { ACTIVE_GUARD_MS } from './warnings';
export { activeWarningIds, isActiveAt } from './oracle';
export type { BadRecord, CanonicalDataset, DatasetOptions, Defect } from './types';

/** SIM_SEED (default "yrd"), SIM_NOW (ISO-8601, default the present) and SIM_SCALE (default 1). */
export function datasetOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DatasetOptions {
  const seed = env.SIM_SEED || 'yrd';
  let now = new Date();
  if (env.SIM_NOW) {
    now = new Date(env.SIM_NOW);
    if (Number.isNaN(now.getTime())) throw new DatasetOptionsError(`SIM_NOW is not an ISO-8601 time: "${env.SIM_NOW}"`);
  }
  let scale = 1;
  if (env.SIM_SCALE) {
    if (!/^\s*\d+\s*$/.test(env.SIM_SCALE) || Number(env.SIM_SCALE) < 1) {
      throw new DatasetOptionsError(`SIM_SCALE must be a positive integer: "${env.SIM_SCALE}"`);
    }
    scale = Number(env.SIM_SCALE);
  }
  return { seed, now, scale };
}

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
