import { cpuShaping } from '../../bench/scenarios/cpu-shaping';

/** The cpu-shaping benchmark (issue 21) measures both walks on a real request's inputs, and checks they answer alike. */
describe('cpu-shaping', () => {
  it('captures the benchmark and varied inputs from a real request and times both walks on the same answer', async () => {
    const table = await cpuShaping({ rounds: 2, calls: 3 });
    expect(table.rows.map((r) => [r[0], r[5]])).toEqual([['benchmark', 'yes'], ['varied', 'yes']]);
    for (const row of table.rows) for (const cell of row.slice(1, 4)) expect(Number(cell)).toBeGreaterThan(0);
  });
});
