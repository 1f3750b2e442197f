import type { ProvinceCode } from '../../schema/model';
import { LegacyDataInvalidError } from './errors';
import { provinceOfCreditCodeDigits } from './provinces';

/** Unified social credit codes (统一社会信用代码, GB 32100-2015). */

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);
const SHAPE = new RegExp(`^[${ALPHABET}]{18}$`);

/** The 18th character that the first 17 call for; null when they are not 17 characters of the alphabet. */
export function creditCodeCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17[i]);
    if (value < 0) return null;
    sum += value * WEIGHTS[i];
  }
  return ALPHABET[(31 - (sum % 31)) % 31];
}

/** Exactly 18 characters of the alphabet (upper case) with the right check character. */
export function isValidCreditCode(code: string): boolean {
  return SHAPE.test(code) && creditCodeCheckCharacter(code.slice(0, 17)) === code[17];
}

/** Trims and upper-cases (systems store codes typed by hand), then validates. */
export function normaliseCreditCode(raw: string): string {
  const code = String(raw ?? '').trim().toUpperCase();
  if (code.length !== 18) throw new LegacyDataInvalidError(`invalid credit code "${raw}": not 18 characters`);
  if (!SHAPE.test(code)) throw new LegacyDataInvalidError(`invalid credit code "${raw}": character outside the GB 32100 alphabet`);
  if (!isValidCreditCode(code)) throw new LegacyDataInvalidError(`invalid credit code "${raw}": wrong check character`);
  return code;
}

/** The province of the registering authority (3rd–4th characters: 31 SH, 32 JS, 33 ZJ, 34 AH). */
export function creditCodeProvince(code: string): ProvinceCode | null {
  return provinceOfCreditCodeDigits(code.trim().toUpperCase());
}
