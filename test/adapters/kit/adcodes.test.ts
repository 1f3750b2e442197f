import { LegacyDataInvalidError } from '../../../adapters/kit/errors';
import { adcodeProvince, normaliseAdcode } from '../../../adapters/kit/adcodes';

describe('normaliseAdcode', () => {
  it('keeps a current division of the region', () => {
    expect(normaliseAdcode('310118')).toBe('310118');
    expect(normaliseAdcode('320509')).toBe('320509');
    expect(normaliseAdcode('320500')).toBe('320500');
    expect(normaliseAdcode('340000')).toBe('340000');
  });

  it('trims, as Zhejiang qhdm entries need ("330421 ")', () => {
    expect(normaliseAdcode('330421 ')).toBe('330421');
    expect(normaliseAdcode('\t330421\u3000')).toBe('330421');
  });

  it('reads a code that an XML or JSON parser turned into a number', () => {
    expect(normaliseAdcode(320117)).toBe('320117');
  });

  it('maps abolished codes to their successors', () => {
    expect(normaliseAdcode('310108')).toBe('310106');
    expect(normaliseAdcode('330204')).toBe('330212');
    expect(normaliseAdcode(' 310108 ')).toBe('310106');
    expect(normaliseAdcode('320584')).toBe('320509');
  });

  it('keeps a six-digit code from outside the region as it is (a waybill may leave the region)', () => {
    expect(normaliseAdcode('370102')).toBe('370102');
    expect(normaliseAdcode('420100')).toBe('420100');
  });

  it.each(['', '31011', '3101180', '31011A', 'abcdef', '310 118'])('rejects the malformed code %j', (raw) => {
    expect(() => normaliseAdcode(raw)).toThrow(LegacyDataInvalidError);
  });

  it('rejects a code of the region that names no division, naming the value', () => {
    expect(() => normaliseAdcode('310199')).toThrow('unknown adcode "310199"');
    expect(() => normaliseAdcode('349999')).toThrow(LegacyDataInvalidError);
  });
});

describe('adcodeProvince', () => {
  it.each([
    ['310106', 'SH'],
    ['320509', 'JS'],
    ['330421', 'ZJ'],
    ['340811', 'AH'],
    ['370102', null],
    ['', null],
  ])('%s is in %s', (code, province) => {
    expect(adcodeProvince(code)).toBe(province);
  });
});
