import { provinceOfAdcode } from './geography';
import { PROVINCE_CODES, type ProvinceCode } from './model';

/**
 * Which province's record answers for a credit code that several provinces' systems hold (a
 * company's seat and its branch sites, warehouses and plants are listed under one code).
 */

/** One province's record under a credit code: where it is held and when it last changed (epoch ms). */
export interface Holding {
  province: ProvinceCode;
  updatedAt: number;
}

/** The province of the registering authority: the 3rd–4th characters of a credit code; null outside the region. */
export function registeringProvince(creditCode: string): ProvinceCode | null {
  return creditCode.length >= 4 ? provinceOfAdcode(creditCode.slice(2, 4)) : null;
}

/**
 * The record in the registering province if it holds one, else the oldest: the one whose last
 * change (updatedAt) is earliest, the legacy systems carrying no creation time; a tie goes to the
 * first province in SH, JS, ZJ, AH order. Null when no province holds the code.
 */
export function preferredHolding<H extends Holding>(creditCode: string, holdings: readonly H[]): H | null {
  const registering = registeringProvince(creditCode);
  const seat = holdings.find((h) => h.province === registering);
  if (seat) return seat;
  let oldest: H | null = null;
  for (const h of holdings) {
    if (!oldest || h.updatedAt < oldest.updatedAt || (h.updatedAt === oldest.updatedAt && PROVINCE_CODES.indexOf(h.province) < PROVINCE_CODES.indexOf(oldest.province))) oldest = h;
  }
  return oldest;
}

/** How the rule reads in the API's descriptions. */
export const PREFERRED_HOLDING_RULE =
  "When several provinces' systems hold records under the code, the one in the province of its registering authority (3rd–4th characters) answers if there is one, else the oldest: the earliest updatedAt (the systems record no creation time), a tie going to the first of SH, JS, ZJ, AH.";
