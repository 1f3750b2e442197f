import { crewMember, crewOrNull, decodeCrewRole, personalText } from '../../../adapters/kit/crew';
import { LegacyDataInvalidError } from '../../../adapters/kit/errors';

describe('waybill crew', () => {
  it('decodes each system’s role codes; Jiangsu has none', () => {
    expect(decodeCrewRole('SH', '驾驶员')).toBe('DRIVER');
    expect(decodeCrewRole('AH', ' 押运员 ')).toBe('ESCORT');
    expect(decodeCrewRole('ZJ', 'yyy')).toBe('ESCORT');
    expect(() => decodeCrewRole('JS', 'JSY')).toThrow(RangeError);
  });

  it('an unknown or missing role is invalid, and the reason never quotes the code', () => {
    expect(() => decodeCrewRole('SH', '13900000000')).toThrow(new LegacyDataInvalidError('unknown crew role code'));
    expect(() => decodeCrewRole('ZJ', '')).toThrow(new LegacyDataInvalidError('missing crew role'));
  });

  it('a member: trimmed texts, certificates without spaces in upper case, empty as null; no name is invalid', () => {
    expect(crewMember('DRIVER', { name: ' 王建国 ', certificate: '31010119800101123x ', phone: 13900000000 }, 'm')).toEqual({
      role: 'DRIVER', name: '王建国', qualificationCertificate: '31010119800101123X', phone: '13900000000',
    });
    expect(crewMember('ESCORT', { name: '李明', certificate: '', phone: undefined }, 'm')).toEqual({ role: 'ESCORT', name: '李明', qualificationCertificate: null, phone: null });
    expect(() => crewMember('ESCORT', { name: ' ', certificate: '310101198505052345', phone: null }, 'm')).toThrow(new LegacyDataInvalidError('missing m.name'));
  });

  it('a value that is not text is reported by field, not by value', () => {
    expect(() => personalText({ no: '310101198505052345' }, 'm.certificate')).toThrow(new LegacyDataInvalidError('m.certificate is not text'));
  });

  it('no member recorded is null, never an empty list', () => {
    expect(crewOrNull([])).toBeNull();
  });
});
