import { traceLegacyAttempt, type LegacyAttempt } from '../../../adapters/kit/legacy-call-span';

/** The span around a legacy attempt passes every answer through, including none at all. */
describe('traceLegacyAttempt', () => {
  const call: LegacyAttempt = { system: 'CR', endpoint: 'delta', attempt: 1, host: '127.0.0.1' };

  it.each([null, undefined, 'text', 0, { status: 200, body: 'x' }])('returns what the attempt answered (%p), with or without a status', async (answer) => {
    await expect(traceLegacyAttempt(call, async (began) => (began(), answer))).resolves.toEqual(answer);
  });

  it('passes the attempt\'s failure on', async () => {
    await expect(traceLegacyAttempt(call, async () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
  });
});
