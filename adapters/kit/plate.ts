import type { ProvinceCode } from '../../schema/model';
import { LegacyDataInvalidError } from './errors';
import { provinceOfPlateCharacter } from './provinces';

/** Licence plates: the province character, the issuing office's letter, then five or six characters. */

const SEPARATORS = /[\s·•・．.-]/g;
const PLATE = /^[\u4e00-\u9fff][A-Z][A-Z0-9]{4,6}[\u4e00-\u9fff]?$/;

export function isValidPlate(plate: string): boolean {
  return PLATE.test(plate);
}

/** "沪A·D1234" → "沪AD1234": trimmed, upper case, without separator dots or spaces. */
export function normalisePlate(raw: string): string {
  const plate = String(raw ?? '').toUpperCase().replace(SEPARATORS, '');
  if (!isValidPlate(plate)) throw new LegacyDataInvalidError(`invalid plate "${raw}"`);
  return plate;
}

/** "沪D·1234挂" → "沪D1234挂": a trailer's plate, normalised like any plate, ends in 挂. */
export function normaliseTrailerPlate(raw: string): string {
  const plate = normalisePlate(raw);
  if (!plate.endsWith('挂')) throw new LegacyDataInvalidError(`trailer plate "${raw}" does not end in 挂`);
  return plate;
}

/** The province of registration (沪 SH, 苏 JS, 浙 ZJ, 皖 AH); null for vehicles from outside the region. */
export function plateProvince(plate: string): ProvinceCode | null {
  return provinceOfPlateCharacter(String(plate).trim().charAt(0));
}
