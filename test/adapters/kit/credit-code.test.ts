import { LegacyDataInvalidError } from '../../../adapters/kit/errors';
import {
  creditCodeCheckCharacter,
  creditCodeProvince,
  isValidCreditCode,
  normaliseCreditCode,
} from '../../../adapters/kit/credit-code';

/** Published codes of real organisations: independent of the implementation under test. */
const REAL_CODES = ['91350100M000100Y43', '9144030071526726XG', '914403001922038216', '91330100799655058B'];

describe('isValidCreditCode', () => {
  it.each(REAL_CODES)('accepts the published code %s', (code) => {
    expect(isValidCreditCode(code)).toBe(true);
  });

  it.each(REAL_CODES)('rejects %s with any other check character', (code) => {
    const others = '0123456789ABCDEFGHJKLMNPQRTUWXY'.split('').filter((c) => c !== code[17]);
    for (const c of others) expect(isValidCreditCode(code.slice(0, 17) + c)).toBe(false);
  });

  it('rejects codes of the wrong length, in lower case, or with letters outside the alphabet (I, O, S, V, Z)', () => {
    expect(isValidCreditCode('9144030071526726X')).toBe(false);
    expect(isValidCreditCode('9144030071526726XGG')).toBe(false);
    expect(isValidCreditCode('9144030071526726xg')).toBe(false);
    for (const letter of 'IOSVZ') expect(isValidCreditCode(`91350100M000100Y4${letter}`)).toBe(false);
  });

  it('computes the check character of the published codes', () => {
    for (const code of REAL_CODES) expect(creditCodeCheckCharacter(code.slice(0, 17))).toBe(code[17]);
    expect(creditCodeCheckCharacter('short')).toBeNull();
  });
});

describe('normaliseCreditCode', () => {
  it('upper-cases and trims codes typed by hand (Anhui TYXYDM)', () => {
    expect(normaliseCreditCode('  9144030071526726xg ')).toBe('9144030071526726XG');
    expect(normaliseCreditCode('91350100m000100y43')).toBe('91350100M000100Y43');
  });

  it('rejects a wrong check character, naming the value', () => {
    expect(() => normaliseCreditCode('9144030071526726XH')).toThrow(LegacyDataInvalidError);
    expect(() => normaliseCreditCode('9144030071526726XH')).toThrow('invalid credit code "9144030071526726XH": wrong check character');
  });

  it('rejects a wrong length and characters outside the alphabet', () => {
    expect(() => normaliseCreditCode('91440300715267')).toThrow('not 18 characters');
    expect(() => normaliseCreditCode('')).toThrow('not 18 characters');
    expect(() => normaliseCreditCode('9144030O71526726XG')).toThrow('outside the GB 32100 alphabet');
  });
});

describe('creditCodeProvince', () => {
  it.each([
    ['91310116MA1J8XXXXX', 'SH'],
    ['91320117XXXXXXXXXX', 'JS'],
    ['91330100799655058B', 'ZJ'],
    ['91340811XXXXXXXXXX', 'AH'],
    ['9144030071526726XG', null],
    ['91', null],
  ])('reads the registering authority of %s as %s', (code, province) => {
    expect(creditCodeProvince(code)).toBe(province);
  });
});
