import { releaseBuild, sharedBuild } from '../support/shared-build';
import { subscriptionFanOut } from '../../bench/scenarios/subscription-fan-out';

/** The subscription benchmark runs, small (200 subscribers), so that it cannot rot; the full run is `npm run bench -- subscription-latency`. */

describe('the subscription benchmark', () => {
  let dist = '';
  afterAll(() => {
    if (dist) releaseBuild(dist);
  });

  test('delivers one change to 150 SSE and 50 WebSocket subscribers, and the idle legacy calls do not grow with them', async () => {
    dist = await sharedBuild('subscription-bench');
    const [latency, fanOut, calls] = await subscriptionFanOut({ sse: 150, ws: 50, samples: 1, maxAgeMs: 1000, pollMs: 50, latencyMs: 40, callWindowMs: 2000, builds: [{ label: 'this build', dist }], progress: () => undefined });
    expect(latency.rows.map((r) => [r[0], r[1], r[2]])).toEqual([['this build', 1, 1], ['this build', 200, 200]]);
    for (const row of latency.rows) expect(Number(row[4])).toBeGreaterThan(0);
    const [, subscribers, missed] = fanOut.rows[0];
    expect([subscribers, missed]).toEqual([200, 0]);
    const total = (column: number) => calls.rows.reduce((sum, row) => sum + Number(row[column]), 0);
    expect(total(3)).toBeLessThanOrEqual(total(2) + 8);
  }, 240_000);
});
