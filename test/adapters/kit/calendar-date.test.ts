import { beijingDate, parseCalendarDate } from '../../../adapters/kit/calendar-date';

describe('parseCalendarDate', () => {
  it.each([
    ['2026-11-30', '2026-11-30'],
    ['2026/11/30', '2026-11-30'],
    ['2026.11.30', '2026-11-30'],
    ['2026年11月30日', '2026-11-30'],
    [' 2026-1-5 ', '2026-01-05'],
    ['2024年2月29日', '2024-02-29'],
  ])('reads %j as %s', (text, date) => {
    expect(parseCalendarDate(text)).toBe(date);
  });

  it.each(['2026-02-30', '2026/13/01', '30.11.2026', '2026年11月30', '2026-11-30日', '', 'tomorrow'])('refuses %j as LEGACY_DATA_INVALID', (text) => {
    expect(() => parseCalendarDate(text)).toThrow(expect.objectContaining({ code: 'LEGACY_DATA_INVALID' }));
  });
});

describe('beijingDate', () => {
  it('is the calendar day in Beijing: 16:00 UTC is already the next day', () => {
    expect(beijingDate(new Date('2026-07-12T15:59:59Z'))).toBe('2026-07-12');
    expect(beijingDate(new Date('2026-07-12T16:00:00Z'))).toBe('2026-07-13');
  });
});
