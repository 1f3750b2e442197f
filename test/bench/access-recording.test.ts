import { runAccessRecording } from '../../bench/scenarios/access-recording';

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
