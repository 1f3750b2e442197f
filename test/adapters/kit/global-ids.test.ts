import { LegacyRejectedError } from '../../../adapters/kit/errors';
import { legacyIdOf } from '../../../adapters/kit/global-ids';

describe('legacyIdOf', () => {
  it("takes the system's id out of a global id of this province and type", () => {
    expect(legacyIdOf('JS', 'JS:RescueBase:JSB0012', 'RescueBase')).toBe('JSB0012');
    expect(legacyIdOf('AH', 'AH:RescueTeam:AHDW0031', 'RescueTeam')).toBe('AHDW0031');
  });

  it('passes a legacy id on exactly as given, padding included (no system pads its ids)', () => {
    expect(legacyIdOf('ZJ', 'ZJJD-033', 'RescueBase')).toBe('ZJJD-033');
    expect(legacyIdOf('JS', ' JSB0012 ', 'RescueBase')).toBe(' JSB0012 ');
  });

  it("refuses another province's id, or another type's, as LEGACY_REJECTED naming the province", () => {
    const refusal = (() => {
      try {
        legacyIdOf('SH', 'JS:RescueBase:JSB0012', 'RescueBase');
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(refusal).toBeInstanceOf(LegacyRejectedError);
    expect(refusal).toMatchObject({ code: 'LEGACY_REJECTED', province: 'SH', message: 'JS:RescueBase:JSB0012 is not a SH RescueBase' });
    expect(() => legacyIdOf('SH', 'SH:RescueTeam:SHT-0031', 'RescueBase')).toThrow(LegacyRejectedError);
  });
});
