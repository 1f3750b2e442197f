import type { ProvinceCode } from '../../schema/model';
import { divisions, provinceOfAdcode, successorOf } from '../../schema/geography';
import { LegacyDataInvalidError } from './errors';

/** GB/T 2260 division codes as the legacy systems write them. */

const SIX_DIGITS = /^\d{6}$/;

/**
 * A division code in its current form: trimmed ("330421 " → "330421"), abolished codes mapped to
 * their successors (310108 → 310106). A code of the region must be one of its divisions; a code
 * from outside the region (a waybill's far end) is kept as it is.
 */
export function normaliseAdcode(raw: string | number): string {
  const code = String(raw ?? '').trim();
  if (!SIX_DIGITS.test(code)) throw new LegacyDataInvalidError(`invalid adcode "${raw}"`);
  const current = successorOf(code);
  if (provinceOfAdcode(current) !== null && !divisions().has(current)) {
    throw new LegacyDataInvalidError(`unknown adcode "${raw}": not a division of the region`);
  }
  return current;
}

/** The region's province by the first two digits; null outside the region. */
export function adcodeProvince(code: string): ProvinceCode | null {
  return provinceOfAdcode(String(code).trim());
}
