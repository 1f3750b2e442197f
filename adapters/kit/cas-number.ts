import { LegacyDataInvalidError } from './errors';

/**
 * CAS registry numbers: 2–7 digits, 2 digits, 1 check digit, the check digit being the sum of the
 * other digits weighted 1, 2, 3 … from the right, modulo 10.
 */

const FORM = /^(\d{2,7})-(\d{2})-(\d)$/;

export function casCheckDigitValid(cas: string): boolean {
  const m = FORM.exec(cas);
  if (!m) return false;
  const digits = `${m[1]}${m[2]}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += (i + 1) * Number(digits[digits.length - 1 - i]);
  return sum % 10 === Number(m[3]);
}

/** A CAS number as a system wrote it: its value, or null with why when it cannot be read. */
export type ReadCas = { casNumber: string | null; miswritten: string | null };

/**
 * Null when the system wrote none; a number with a wrong check digit is null too and reported in
 * `miswritten` (the holding stays, the record stays valid). Any other form is invalid.
 */
export function readCasNumber(value: unknown, what: string): ReadCas {
  const text = value === null || value === undefined ? '' : String(value).trim();
  if (text === '') return { casNumber: null, miswritten: null };
  if (!FORM.test(text)) throw new LegacyDataInvalidError(`invalid ${what} "${text}": not a CAS registry number`);
  return casCheckDigitValid(text) ? { casNumber: text, miswritten: null } : { casNumber: null, miswritten: text };
}
