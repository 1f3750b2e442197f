import type { ProvinceCode } from '../../schema/model';
import { PROVINCE_ADCODE, PROVINCE_OF_ADCODE_PREFIX, provinceOfAdcode } from '../../schema/geography';

/** How each province shows in the shared national keys: adcode prefix, credit-code digits, plate character. */

export { PROVINCE_ADCODE, PROVINCE_OF_ADCODE_PREFIX, provinceOfAdcode };

export const PLATE_CHARACTER: Readonly<Record<ProvinceCode, string>> = { SH: '沪', JS: '苏', ZJ: '浙', AH: '皖' };

const PROVINCE_OF_PLATE_CHARACTER: Readonly<Record<string, ProvinceCode>> = Object.fromEntries(
  Object.entries(PLATE_CHARACTER).map(([province, character]) => [character, province as ProvinceCode]),
);

export function provinceOfPlateCharacter(character: string): ProvinceCode | null {
  return PROVINCE_OF_PLATE_CHARACTER[character] ?? null;
}

/** The registering authority's province: the 3rd–4th characters of a credit code are an adcode prefix. */
export function provinceOfCreditCodeDigits(code: string): ProvinceCode | null {
  return code.length >= 4 ? provinceOfAdcode(code.slice(2, 4)) : null;
}
