import type { ProvinceCode } from '../../schema/model';
import { LegacyDataInvalidError } from './errors';
import { provinceOfCreditCodeDigits } from './provinces';
import { CREDIT_CODE_SHAPE as SHAPE, creditCodeCheckCharacter, isValidCreditCode } from '../../schema/credit-code';

/** Unified social credit codes (统一社会信用代码, GB 32100-2015); the check itself is schema/credit-code.ts. */

export { creditCodeCheckCharacter, isValidCreditCode };

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
