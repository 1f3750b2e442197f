import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateDataset } from '../../simulators/dataset';
import type { CanonicalDataset, DatasetOptions } from '../../simulators/dataset';
import { SHARED_BUILD_ENV } from './shared-build';

/**
 * The canonical data set for the tests, generated once per jest run rather than once per test
 * file: generating it costs about a second of CPU (its geography, tracks and waybills), reading it
 * back as JSON a few tens of milliseconds. The first file to ask writes it beside the run's shared
 * build (see jest-global-setup.ts); the others read it. Like the simulators' own loadDataset, a
 * file's callers share one object. Without a jest run (another runner), it is generated in process.
 */

/** Larger data sets are generated where they are asked for (their JSON would be hundreds of MB). */
const MAX_CACHED_SCALE = 10;
/** As many data sets kept per file as the simulators' loadDataset keeps. */
const KEPT = 4;

const inProcess = new Map<string, CanonicalDataset>();

/** The folder of this run's data sets, removed by the jest global teardown; null outside a jest run. */
export function datasetFolder(): string | null {
  const shared = process.env[SHARED_BUILD_ENV];
  return shared ? `${shared}.datasets` : null;
}

function fromFile(file: string): CanonicalDataset | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const dataset = JSON.parse(text) as CanonicalDataset;
  // The one value JSON does not carry back as it was.
  dataset.options.now = new Date(dataset.options.now);
  return dataset;
}

function generatedInto(file: string, options: DatasetOptions): CanonicalDataset {
  const dataset = generateDataset(options);
  mkdirSync(path.dirname(file), { recursive: true });
  // Written whole under another name first: a reader never sees half a file.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, JSON.stringify(dataset));
  renameSync(partial, file);
  return dataset;
}

/** The data set for these options: the same records, byte for byte, as the simulators' loadDataset. */
export function loadDataset(options: DatasetOptions): CanonicalDataset {
  const key = `${options.seed}|${options.now.getTime()}|${options.scale}`;
  const hit = inProcess.get(key);
  if (hit) return hit;
  const folder = datasetFolder();
  let dataset: CanonicalDataset;
  if (folder && options.scale <= MAX_CACHED_SCALE) {
    const file = path.join(folder, `${createHash('sha256').update(key).digest('hex').slice(0, 24)}.json`);
    dataset = fromFile(file) ?? generatedInto(file, options);
  } else {
    dataset = generateDataset(options);
  }
  inProcess.set(key, dataset);
  if (inProcess.size > KEPT) inProcess.delete(inProcess.keys().next().value as string);
  return dataset;
}
