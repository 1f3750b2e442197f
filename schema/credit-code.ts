/** Unified social credit codes (统一社会信用代码, GB 32100-2015): the check every layer applies. */

export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);
export const CREDIT_CODE_SHAPE = new RegExp(`^[${CREDIT_CODE_ALPHABET}]{18}$`);

/** The 18th character that the first 17 call for; null when they are not 17 characters of the alphabet. */
export function creditCodeCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17[i]);
    if (value < 0) return null;
    sum += value * WEIGHTS[i];
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

/** Exactly 18 characters of the alphabet (upper case) with the right check character. */
export function isValidCreditCode(code: string): boolean {
  return CREDIT_CODE_SHAPE.test(code) && creditCodeCheckCharacter(code.slice(0, 17)) === code[17];
}
