import { runAccessRecording } from '../../bench/scenarios/access-recording';
import { runGatewayRecording } from '../../bench/scenarios/access-recording-gateway';
import { releaseBuild, sharedBuild } from '../support/shared-build';

/** The access-recording bench, bounded: every recorded request is in the log once the recorder closes, and both paths are timed. */
describe('the access-recording bench (bounded)', () => {
  it('loses no record at 400 requests/s for 2 s and times both paths', async () => {
    const result = await runAccessRecording({ rate: 400, durationS: 2 });
    expect(result.failed).toBe(0);
    expect(result.sent).toEqual({ with: 400, without: 400 });
    expect(result.recorded).toBe(400);
    expect(result.latencyMs.with).toHaveLength(400);
    expect(result.latencyMs.without).toHaveLength(400);
  }, 60_000);
});

describe('the access-recording bench on the real gateway, one process for every peer (bounded)', () => {
  let dist = '';
  beforeAll(async () => {
    dist = await sharedBuild('access-recording-one-process');
  }, 300_000);
  afterAll(() => {
    if (dist) releaseBuild(dist);
  });

  it.each([
    ['the file', false],
    ['Redis Streams', true],
  ])('records the requests of the recording peer alone in %s, and compares the peers round by round', async (_, redis) => {
    const result = await runGatewayRecording({ rate: 40, durationS: 2, roundS: 1, warmupS: 0.5, oneProcess: true, redis, dist });
    const { with: on, without: off, without2: off2 } = result.outcomes;
    for (const outcome of [on, off, off2]) expect(outcome).toMatchObject({ sent: 80, ok: 80, failed: 0, roundEnds: [40, 80], warmup: { sent: 20, ok: 20, failed: 0 } });
    expect(result.recorded).toBe(100);
    expect(result.logVerified).toBe(true);
    expect(result.paired.with?.p50.pairs).toBe(2);
    expect(result.paired.without2?.p99.pairs).toBe(2);
  }, 120_000);
});
