import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateDataset } from '../../simulators/dataset';
import { SHARED_BUILD_ENV } from '../support/shared-build';

/** The tests' data set, written once per run and read back by the other files, is the generated one exactly. */

const OPTIONS = { seed: 'test', now: new Date('2026-07-12T04:00:00Z'), scale: 1 };
let dir: string;
const before = process.env[SHARED_BUILD_ENV];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'test-dataset-'));
  process.env[SHARED_BUILD_ENV] = path.join(dir, 'shared');
});
afterAll(() => {
  process.env[SHARED_BUILD_ENV] = before;
  rmSync(dir, { recursive: true, force: true });
});

/** test-dataset.ts as a fresh test file sees it (its in-process map empty). */
function freshLoad(): typeof import('../support/test-dataset') {
  let mod: typeof import('../support/test-dataset') | undefined;
  jest.isolateModules(() => {
    mod = jest.requireActual<typeof import('../support/test-dataset')>('../support/test-dataset');
  });
  return mod as typeof import('../support/test-dataset');
}

it('the first file writes the data set, a later file reads back the same records, and one file shares one object', () => {
  const first = freshLoad();
  const written = first.loadDataset(OPTIONS);
  expect(first.loadDataset(OPTIONS)).toBe(written);
  expect(readdirSync(`${path.join(dir, 'shared')}.datasets`).filter((f) => f.endsWith('.json'))).toHaveLength(1);
  const read = freshLoad().loadDataset(OPTIONS);
  expect(read).not.toBe(written);
  const generated = generateDataset(OPTIONS);
  expect(read).toStrictEqual(generated);
  expect(read.options.now).toBeInstanceOf(Date);
  expect(written).toStrictEqual(generated);
});

it('outside a jest run nothing is written', () => {
  process.env[SHARED_BUILD_ENV] = '';
  const own = freshLoad();
  expect(own.datasetFolder()).toBeNull();
  expect(own.loadDataset({ ...OPTIONS, seed: 'elsewhere' }).options.seed).toBe('elsewhere');
  process.env[SHARED_BUILD_ENV] = path.join(dir, 'shared');
  expect(existsSync(path.join(dir, 'shared'))).toBe(false);
});
