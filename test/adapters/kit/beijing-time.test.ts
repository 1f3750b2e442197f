import { LegacyDataInvalidError } from '../../../adapters/kit/errors';
import { formatBeijing, fromEpochMs, parseBeijingTime, toBeijingIso } from '../../../adapters/kit/beijing-time';

describe('parseBeijingTime', () => {
  it.each([
    ['yyyyMMddHHmmss (Jiangsu)', '20260712083000', '2026-07-12T08:30:00+08:00'],
    ['yyyy/MM/dd HH:mm (Anhui)', '2026/07/12 08:30', '2026-07-12T08:30:00+08:00'],
    ['yyyy-MM-dd HH:mm:ss (Anhui)', '2026-07-12 08:31:02', '2026-07-12T08:31:02+08:00'],
    ['yyyy-MM-dd HH:mm', '2026-07-12 08:30', '2026-07-12T08:30:00+08:00'],
    ['ISO-8601 in Beijing time (Shanghai)', '2026-07-12T08:30:00+08:00', '2026-07-12T08:30:00+08:00'],
    ['ISO-8601 in UTC', '2026-07-12T00:30:00Z', '2026-07-12T08:30:00+08:00'],
    ['ISO-8601 west of UTC, across midnight', '2026-07-11T20:00:00-04:00', '2026-07-12T08:00:00+08:00'],
    ['ISO-8601 with a compact offset', '2026-07-12T08:30:00+0800', '2026-07-12T08:30:00+08:00'],
    ['ISO-8601 with milliseconds, dropped', '2026-07-12T08:30:59.999+08:00', '2026-07-12T08:30:59+08:00'],
    ['ISO-8601 without an offset, read as Beijing time', '2026-07-12T08:30:00', '2026-07-12T08:30:00+08:00'],
    ['surrounding spaces', '  2026-07-12 08:30:00 ', '2026-07-12T08:30:00+08:00'],
    ['a leap day', '2024-02-29 12:00:00', '2024-02-29T12:00:00+08:00'],
    ['UTC midnight of New Year, already morning in Beijing', '2025-12-31T16:00:00Z', '2026-01-01T00:00:00+08:00'],
  ])('reads %s', (_format, value, expected) => {
    expect(parseBeijingTime(value)).toBe(expected);
  });

  it.each([
    ['February 30th', '2026-02-30 10:00:00'],
    ['February 30th, compact', '20260230083000'],
    ['February 29th of a common year', '2026/02/29 08:30'],
    ['April 31st', '2026-04-31T08:00:00+08:00'],
    ['month 13', '2026/13/01 00:00'],
    ['hour 25', '2026-07-12 25:00'],
    ['hour 24', '20260712240000'],
    ['minute 60', '2026-07-12 08:60:00'],
    ['second 60', '2026-07-12T08:30:60+08:00'],
    ['day 0', '2026-07-00 08:00:00'],
    ['an offset of 25 hours', '2026-07-12T08:30:00+25:00'],
    ['an empty string', ''],
    ['words', 'yesterday'],
    ['a date without a time', '2026-07-12'],
    ['epoch milliseconds as text', '1783816200000'],
  ])('rejects %s', (_what, value) => {
    expect(() => parseBeijingTime(value)).toThrow(LegacyDataInvalidError);
    expect(() => parseBeijingTime(value)).toThrow(`unparseable time "${value}"`);
  });
});

describe('fromEpochMs', () => {
  it('reads Zhejiang epoch milliseconds as Beijing time', () => {
    expect(fromEpochMs(1783816200000)).toBe('2026-07-12T08:30:00+08:00');
    expect(fromEpochMs(1783816262000)).toBe('2026-07-12T08:31:02+08:00');
  });

  it('drops milliseconds', () => {
    expect(fromEpochMs(1783816262999)).toBe('2026-07-12T08:31:02+08:00');
  });

  it.each([NaN, Infinity])('rejects %p', (ms) => {
    expect(() => fromEpochMs(ms)).toThrow(LegacyDataInvalidError);
  });
});

describe('toBeijingIso and formatBeijing', () => {
  const instant = new Date('2026-07-11T23:05:09.500Z');

  it('writes ISO-8601 with +08:00 in whole seconds', () => {
    expect(toBeijingIso(instant)).toBe('2026-07-12T07:05:09+08:00');
  });

  it('writes the legacy notations', () => {
    expect(formatBeijing(instant, 'yyyyMMddHHmmss')).toBe('20260712070509');
    expect(formatBeijing(instant, 'yyyy-MM-dd HH:mm:ss')).toBe('2026-07-12 07:05:09');
  });

  it('writes what parseBeijingTime reads back', () => {
    for (const pattern of ['yyyyMMddHHmmss', 'yyyy-MM-dd HH:mm:ss'] as const) {
      expect(parseBeijingTime(formatBeijing(instant, pattern))).toBe(toBeijingIso(instant));
    }
  });

  it('refuses an invalid Date', () => {
    expect(() => toBeijingIso(new Date('nonsense'))).toThrow(RangeError);
  });
});
