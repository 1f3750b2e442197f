import { PLATE_CHARACTER, provinceOfAdcode, provinceOfCreditCodeDigits, provinceOfPlateCharacter } from '../../../adapters/kit/provinces';

describe('provinces in the national keys', () => {
  it('reads the province from an adcode prefix', () => {
    expect(['310118', '320509', '330421', '340102'].map((a) => provinceOfAdcode(a.slice(0, 2)))).toEqual(['SH', 'JS', 'ZJ', 'AH']);
    expect(provinceOfAdcode('37')).toBeNull();
  });

  it('reads the registering province from the 3rd–4th characters of a credit code', () => {
    expect(provinceOfCreditCodeDigits('91310116XXXXXXXXXX')).toBe('SH');
    expect(provinceOfCreditCodeDigits('91340800XXXXXXXXXX')).toBe('AH');
    expect(provinceOfCreditCodeDigits('91370100XXXXXXXXXX')).toBeNull();
    expect(provinceOfCreditCodeDigits('913')).toBeNull();
  });

  it('reads the province of registration from the first character of a plate, both ways', () => {
    expect(PLATE_CHARACTER).toEqual({ SH: '沪', JS: '苏', ZJ: '浙', AH: '皖' });
    expect(['沪', '苏', '浙', '皖', '鲁'].map(provinceOfPlateCharacter)).toEqual(['SH', 'JS', 'ZJ', 'AH', null]);
  });
});
