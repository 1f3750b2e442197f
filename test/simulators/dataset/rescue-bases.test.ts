import { globalId, type ProvinceCode } from '../../../schema/model';
import { provinceOfCode, inFeature, validCreditCode, d, byProvince } from './harness';

/** The canonical data set: rescue bases (see ./harness for how it is checked). */

describe('rescue bases', () => {
  it('keep Shanghai to its three levels and lie in their county', () => {
    expect(new Set(byProvince(d.bases, 'SH').map((b) => b.level))).toEqual(new Set(['NATIONAL', 'PROVINCIAL', 'COUNTY']));
    for (const b of d.bases) {
      expect(provinceOfCode(b.divisionCode)).toBe(b.province);
      if (b.location) expect(inFeature(b.location, b.divisionCode)).toBe(true);
      if (b.creditCode !== null) expect(validCreditCode(b.creditCode)).toBe(true);
      expect(b.capabilities.length).toBeGreaterThan(0);
      expect(b.teams.length).toBeGreaterThan(0);
      for (const t of b.teams) expect(t.members).toBeGreaterThan(0);
    }
    expect(d.bases.some((b) => b.creditCode === null)).toBe(true);
    expect(d.bases.some((b) => !b.onDuty)).toBe(true);
  });

  it('include the national hazmat bases', () => {
    const national = d.bases.filter((b) => b.level === 'NATIONAL' && b.capabilities.includes('HAZMAT')).map((b) => b.divisionCode);
    for (const county of ['310116', '330211', '330921', '320116', '320312']) expect(national).toContain(county);
  });

  it('share a credit code across two provinces for at least three organisations', () => {
    const provincesOf = new Map<string, Set<ProvinceCode>>();
    for (const b of d.bases) if (b.creditCode) provincesOf.set(b.creditCode, new Set([...(provincesOf.get(b.creditCode) ?? []), b.province]));
    const shared = [...provincesOf.entries()].filter(([, ps]) => ps.size === 2);
    expect(shared.length).toBeGreaterThanOrEqual(3);
    for (const [code, ps] of shared) expect(ps.has(provinceOfCode(code.slice(2, 8)) as ProvinceCode)).toBe(true);
    expect(shared.some(([code, ps]) => code.slice(2, 4) === '32' && ps.has('SH'))).toBe(true);
  });

  it('stock materials with consistent codes and units, and name an Anhui base outside GB2312', () => {
    const unitOf = new Map<string, string>();
    for (const m of d.bases.flatMap((b) => b.materials)) {
      expect(m.quantity).toBeGreaterThan(0);
      expect(unitOf.get(m.code) ?? m.unit).toBe(m.unit);
      unitOf.set(m.code, m.unit);
    }
    expect(unitOf.get('FH-001')).toBe('套');
    expect(unitOf.get('CFZ-02')).toBe('艘');
    expect(byProvince(d.bases, 'AH').some((b) => /[堃喆]/.test(b.name))).toBe(true);
  });

  it('seed mutual-aid requests to real bases from another province', () => {
    const bases = new Map(d.bases.map((b) => [b.id, b]));
    for (const r of d.mutualAidRequests) {
      expect(bases.get(r.baseId)?.province).toBe(r.province);
      expect(r.fromProvince).not.toBe(r.province);
      expect(r.id).toBe(globalId(r.province, 'MutualAidRequest', r.sourceId));
    }
  });
});
