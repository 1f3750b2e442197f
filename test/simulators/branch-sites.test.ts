import { PROVINCE_CODES, type ProvinceCode } from '../../schema/model';
import { isValidCreditCode } from '../../simulators/dataset';
import { loadDataset } from '../support/test-dataset';
import { creditCodesHeldAway } from '../support/oracle';

/**
 * The data set holds companies whose sites are listed by a province other than the one that
 * registered their credit code (3rd–4th characters): in every province, for every registering
 * province, and from outside the region; each such site is a waybill's destination.
 */

const ds = loadDataset({ seed: 'test', now: new Date('2026-07-12T04:00:00Z'), scale: 1 });
const PREFIX: Record<string, ProvinceCode> = { '31': 'SH', '32': 'JS', '33': 'ZJ', '34': 'AH' };
const registering = (code: string): ProvinceCode | null => PREFIX[code.slice(2, 4)] ?? null;
const holders = (code: string): ProvinceCode[] => ds.enterprises.filter((e) => e.creditCode === code).map((e) => e.province);
const away = creditCodesHeldAway(ds);

describe('data set: credit codes held away from their registering province', () => {
  it('every site province holds a code registered in every other province, and no record of that code is held by the registering one', () => {
    for (const site of PROVINCE_CODES) {
      for (const seat of PROVINCE_CODES.filter((p) => p !== site)) {
        const found = away.filter((c) => registering(c) === seat && holders(c).includes(site) && !holders(c).includes(seat));
        expect({ site, seat, found: found.length > 0 }).toEqual({ site, seat, found: true });
      }
    }
  });

  it('some codes are held by their registering province and a branch elsewhere whose record is older', () => {
    const branched = away.filter((c) => {
      const records = ds.enterprises.filter((e) => e.creditCode === c);
      const seat = records.find((e) => e.province === registering(c));
      return seat !== undefined && records.some((e) => e !== seat && e.updatedAt < seat.updatedAt);
    });
    expect(new Set(branched.map((c) => registering(c)))).toEqual(new Set(PROVINCE_CODES));
  });

  it('some codes are held by two provinces, neither the registering one, with different update times', () => {
    const twice = away.filter((c) => holders(c).length === 2 && !holders(c).includes(registering(c) as ProvinceCode));
    expect(twice.filter((c) => registering(c) !== null).length).toBeGreaterThanOrEqual(4);
    for (const c of twice) {
      const [a, b] = ds.enterprises.filter((e) => e.creditCode === c);
      expect(a.updatedAt).not.toEqual(b.updatedAt);
    }
  });

  it('codes registered outside the region are held by a province, once and twice', () => {
    const outside = away.filter((c) => registering(c) === null);
    expect(outside.map((c) => holders(c).length).sort()).toEqual([1, 2]);
  });

  it('are valid codes, each one a waybill destination', () => {
    for (const c of away) {
      expect(isValidCreditCode(c)).toBe(true);
      expect(ds.waybills.some((w) => w.destination.creditCode === c)).toBe(true);
    }
  });
});
