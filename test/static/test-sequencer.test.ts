import path from 'node:path';

/** The run's order: jest's own durations where it has them, else the known weights, slowest first; unknown files count as 1 s. */

const root = path.resolve(__dirname, '../..');
type Test = { path: string; context: { config: { cache: boolean }; hasteFS: { getSize: () => number } }; duration?: number };
type Sequencer = { sort(tests: Test[]): Test[]; time(test: Test): number };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SlowestFirst = require('../support/test-sequencer.cjs') as new () => Sequencer;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const weights = require('../support/test-weights.json') as Record<string, number>;

/** Tests without a jest cache (a clean clone); every file the same size, so size decides nothing. */
const context = { config: { cache: false }, hasteFS: { getSize: () => 100 } };
const test = (rel: string): Test => ({ path: path.join(root, rel), context });

it('on a clean clone, the slowest known files go first and an unknown file after every file of 2 s or more', () => {
  const files = ['test/e2e/legacy-calls.test.ts', 'test/e2e/npm-start.test.ts', 'test/new/unknown.test.ts', 'test/security/fuzz-c.test.ts', 'test/e2e/mutual-aid-faults-sh.test.ts'];
  const order = new SlowestFirst().sort(files.map(test)).map((t) => path.relative(root, t.path));
  const byWeight = [...files].sort((a, b) => (weights[b] ?? 1) - (weights[a] ?? 1));
  expect(order).toEqual(byWeight);
  expect(order[0]).toBe('test/security/fuzz-c.test.ts');
  expect(order.indexOf('test/new/unknown.test.ts')).toBeGreaterThan(order.indexOf('test/e2e/mutual-aid-faults-sh.test.ts'));
});

it('every weighted file exists, so that a renamed file does not silently lose its place', () => {
  const known = new Set(Object.keys(weights));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { existsSync } = require('node:fs') as typeof import('node:fs');
  expect([...known].filter((rel) => !existsSync(path.join(root, rel)))).toEqual([]);
});
