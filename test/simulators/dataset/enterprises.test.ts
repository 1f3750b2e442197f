import { PROVINCE_CODES, type GeoPoint, type ProvinceCode } from '../../../schema/model';
import { BRANCH_SITES } from '../../../simulators/dataset';
import { divisions, provinceOfCode, inFeature, validCreditCode, d, byProvince } from './harness';

/** The canonical data set: hazmat enterprises (see ./harness for how it is checked). */

describe('hazmat enterprises', () => {
  it('have valid credit codes, unique among those registered in the province that holds them; the branch sites hold codes registered elsewhere', () => {
    const home = d.enterprises.filter((e) => provinceOfCode(e.creditCode.slice(2, 8)) === e.province);
    const codes = home.map((e) => e.creditCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const p of PROVINCE_CODES) expect(byProvince(d.enterprises, p).length - byProvince(home, p).length).toBe(BRANCH_SITES[p]);
    for (const e of d.enterprises) {
      expect(validCreditCode(e.creditCode)).toBe(true);
      const authority = e.creditCode.slice(2, 8);
      if (provinceOfCode(authority) !== 'OUTSIDE') expect(divisions.has(authority)).toBe(true);
    }
  });

  it('lie inside the county they are registered in, a few never geocoded', () => {
    for (const e of d.enterprises) {
      expect(provinceOfCode(e.divisionCode)).toBe(e.province);
      if (e.location) expect(inFeature(e.location, e.divisionCode)).toBe(true);
    }
    expect(d.enterprises.filter((e) => e.location === null).length).toBeGreaterThan(0);
    expect(d.enterprises.filter((e) => e.location === null).length).toBeLessThan(d.enterprises.length * 0.1);
  });

  it('cluster in the chemical parks', () => {
    const near = (p: GeoPoint, q: GeoPoint, km: number): boolean => Math.hypot((p.lng - q.lng) * 96, (p.lat - q.lat) * 111) < km;
    const parks: [ProvinceCode, GeoPoint][] = [
      ['SH', { lng: 121.33, lat: 30.72 }], ['JS', { lng: 118.8, lat: 32.27 }], ['ZJ', { lng: 121.68, lat: 29.98 }], ['AH', { lng: 117.1, lat: 30.56 }],
    ];
    for (const [p, centre] of parks) {
      const here = byProvince(d.enterprises, p).filter((e) => e.location && near(e.location, centre, 12));
      expect(here.length).toBeGreaterThan(5);
    }
  });

  it('hold chemicals of the UN list in tonnes, with grades, phones and some nulls', () => {
    const un: Record<string, string> = {
      '1203': 'CLASS_3', '1017': 'CLASS_2_3', '1005': 'CLASS_2_3', '1075': 'CLASS_2_1', '1230': 'CLASS_3',
      '1090': 'CLASS_3', '1830': 'CLASS_8', '1789': 'CLASS_8', '1114': 'CLASS_3', '1965': 'CLASS_2_1',
    };
    for (const e of d.enterprises) {
      expect(e.chemicals.length).toBeGreaterThan(0);
      for (const c of e.chemicals) {
        expect(un[c.unNumber]).toBe(c.hazardClass);
        expect(c.tonnes).toBeGreaterThan(0);
        expect(Math.round(c.tonnes * 1000) / 1000).toBe(c.tonnes);
      }
      if (e.contactPhone !== null) expect(e.contactPhone).toMatch(/^0\d{2,3}-\d{8}$/);
    }
    expect(byProvince(d.enterprises, 'SH').every((e) => e.contactPhone === null || e.contactPhone.startsWith('021-'))).toBe(true);
    expect(d.enterprises.some((e) => e.majorHazardGrade === null)).toBe(true);
    expect(d.enterprises.some((e) => e.majorHazardGrade === 'GRADE_1')).toBe(true);
  });
});
