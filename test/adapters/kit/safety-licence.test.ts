import { licenceValid, nextBeijingMidnight } from '../../../adapters/kit/safety-licence';

describe('a safety licence’s validity, as of today in Beijing', () => {
  it('is valid up to and including its last day there, expired from the next; without an end always valid', () => {
    const lastDay = { validUntil: '2026-07-12' };
    expect(licenceValid(lastDay, new Date('2026-07-11T16:00:00Z'))).toBe(true); // 00:00 on the 12th in Beijing
    expect(licenceValid(lastDay, new Date('2026-07-12T15:59:59Z'))).toBe(true); // 23:59:59 on the 12th
    expect(licenceValid(lastDay, new Date('2026-07-12T16:00:00Z'))).toBe(false); // 00:00 on the 13th, still the 12th in UTC
    expect(licenceValid({ validUntil: null }, new Date('2099-01-01T00:00:00Z'))).toBe(true);
  });

  it('changes next at midnight in Beijing', () => {
    expect(new Date(nextBeijingMidnight(new Date('2026-07-12T04:00:00Z'))).toISOString()).toBe('2026-07-12T16:00:00.000Z');
    expect(new Date(nextBeijingMidnight(new Date('2026-07-12T16:00:00Z'))).toISOString()).toBe('2026-07-13T16:00:00.000Z');
  });
});
