import { MAX_VALIDITY_MS, cacheControlFor, maxAgeOf, onlyRepeatableErrors } from '../../schema/cache/answer-validity';

describe('how long an answer holds, as Cache-Control', () => {
  it('says whole seconds, rounded down, and no-store below one', () => {
    expect(cacheControlFor(4_999, 'private')).toBe('max-age=4, private');
    expect(cacheControlFor(1_000, 'public')).toBe('max-age=1, public');
    expect(cacheControlFor(999, 'private')).toBe('no-store');
    expect(cacheControlFor(0, 'private')).toBe('no-store');
  });

  it('never says more than the longest validity, even for an answer that read nothing that changes', () => {
    expect(cacheControlFor(Number.POSITIVE_INFINITY, 'public')).toBe(`max-age=${MAX_VALIDITY_MS / 1000}, public`);
  });

  it('reads max-age back, and 0 for no-store, no-cache, nothing or nonsense', () => {
    expect(maxAgeOf('max-age=4, private')).toBe(4);
    expect(maxAgeOf('public, max-age=300')).toBe(300);
    expect(maxAgeOf('no-store')).toBe(0);
    expect(maxAgeOf('max-age=60, no-cache')).toBe(0);
    expect(maxAgeOf(undefined)).toBe(0);
    expect(maxAgeOf('max-age=soon')).toBe(0);
    expect(maxAgeOf('s-maxage=60')).toBe(0);
  });

  it('lets an answer be reused only when a repeat would meet the same errors', () => {
    expect(onlyRepeatableErrors(undefined)).toBe(true);
    expect(onlyRepeatableErrors([{ message: 'bad record', extensions: { code: 'LEGACY_DATA_INVALID' } }, { message: 'no', extensions: { code: 'FORBIDDEN' } }])).toBe(true);
    expect(onlyRepeatableErrors([{ message: 'down', extensions: { code: 'PROVINCE_UNAVAILABLE' } }])).toBe(false);
    expect(onlyRepeatableErrors([{ message: 'bad record', extensions: { code: 'LEGACY_DATA_INVALID', stale: true } }])).toBe(false);
    expect(onlyRepeatableErrors([{ message: 'oops', extensions: { code: 'INTERNAL_SERVER_ERROR' } }])).toBe(false);
    expect(onlyRepeatableErrors([{ message: 'no code' }])).toBe(false);
  });
});
