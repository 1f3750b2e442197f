import { LegacyDataInvalidError } from '../../../adapters/kit/errors';
import { parseKilograms, parseNumber, parseTonnes } from '../../../adapters/kit/units';

describe('parseNumber', () => {
  it('takes numbers, and numbers as strings (old Shanghai records)', () => {
    expect(parseNumber(1200.5, 'reserveTon')).toBe(1200.5);
    expect(parseNumber('1200.5', 'reserveTon')).toBe(1200.5);
    expect(parseNumber(' 28000 ', 'kg')).toBe(28000);
    expect(parseNumber('20.000', 'CL')).toBe(20);
    expect(parseNumber('-3', 'delta')).toBe(-3);
    expect(parseNumber(0, 'kg')).toBe(0);
  });

  it.each([
    [null, 'missing kg'],
    [undefined, 'missing kg'],
    ['', 'empty kg'],
    ['  ', 'empty kg'],
    ['12a', 'invalid kg "12a"'],
    ['1,200', 'invalid kg "1,200"'],
    ['NaN', 'invalid kg "NaN"'],
    [NaN, 'invalid kg "NaN"'],
    [Infinity, 'invalid kg "Infinity"'],
  ])('rejects %p, naming the field', (value, reason) => {
    expect(() => parseNumber(value, 'kg')).toThrow(LegacyDataInvalidError);
    expect(() => parseNumber(value, 'kg')).toThrow(reason);
  });
});

describe('parseTonnes', () => {
  it.each([
    ['120吨', 120],
    ['500千克', 0.5],
    ['12.5t', 12.5],
    ['800kg', 0.8],
    ['800 KG', 0.8],
    ['3 T', 3],
    ['2500公斤', 2.5],
    ['1200.5', 1200.5],
    [1500, 1500],
    ['0', 0],
  ])('%p is %p t', (value, tonnes) => {
    expect(parseTonnes(value)).toBe(tonnes);
  });

  it.each(['', '吨', 'abc', '12 t t', '12磅', '-5吨'])('rejects %j', (value) => {
    expect(() => parseTonnes(value, 'cl')).toThrow(LegacyDataInvalidError);
    expect(() => parseTonnes(value, 'cl')).toThrow(/cl/);
  });
});

describe('parseKilograms', () => {
  it.each([
    ['25吨', 25000],
    ['500千克', 500],
    ['800kg', 800],
    ['12.5t', 12500],
    ['1.005t', 1005],
    [28000, 28000],
    ['28000', 28000],
  ])('%p is %p kg', (value, kg) => {
    expect(parseKilograms(value)).toBe(kg);
  });

  it('rejects a quantity without a number', () => {
    expect(() => parseKilograms('千克', 'zl')).toThrow('invalid zl "千克"');
  });
});
