import { PROVINCE_CODES, type ProvinceCode } from '../../../schema/model';
import { NOW, PROVINCE_FEATURE, provinceOfCode, inFeature, validCreditCode, ms, d, byProvince } from './harness';

/** The canonical data set: waybills, track points (see ./harness for how it is checked). */

describe('waybills', () => {
  it('are issued by carriers of their own province, with valid codes and normalised plates', () => {
    for (const w of d.waybills) {
      expect(w.carrierCreditCode).not.toBeNull();
      expect(validCreditCode(w.carrierCreditCode as string)).toBe(true);
      expect(provinceOfCode((w.carrierCreditCode as string).slice(2, 8))).toBe(w.province);
      expect(w.plate).toMatch(/^[沪苏浙皖鲁豫鄂赣][A-Z][A-HJ-NP-Z0-9]{5}$/);
      for (const party of [w.origin, w.destination]) if (party.creditCode !== null) expect(validCreditCode(party.creditCode)).toBe(true);
    }
    const home: Record<ProvinceCode, string> = { SH: '沪', JS: '苏', ZJ: '浙', AH: '皖' };
    for (const p of PROVINCE_CODES) expect(byProvince(d.waybills, p).filter((w) => w.plate.startsWith(home[p])).length).toBeGreaterThan(100);
    expect(d.waybills.some((w) => !'沪苏浙皖'.includes(w.plate[0]))).toBe(true);
  });

  it('run along the corridors between provinces, within provinces and out of the region', () => {
    const touching = (a: ProvinceCode, b: ProvinceCode, issuer: ProvinceCode): boolean =>
      d.waybills.some((w) => w.province === issuer && ((provinceOfCode(w.origin.divisionCode) === a && provinceOfCode(w.destination.divisionCode) === b) ||
        (provinceOfCode(w.origin.divisionCode) === b && provinceOfCode(w.destination.divisionCode) === a)));
    for (const [a, b] of [['JS', 'SH'], ['SH', 'ZJ'], ['AH', 'JS'], ['ZJ', 'AH']] as [ProvinceCode, ProvinceCode][]) {
      expect(touching(a, b, a)).toBe(true);
      expect(touching(a, b, b)).toBe(true);
    }
    const between = (x: string[], y: string[]): boolean =>
      d.waybills.some((w) => {
        const o = (w.origin.divisionCode ?? '').slice(0, 4);
        const t = (w.destination.divisionCode ?? '').slice(0, 4);
        return (x.includes(o) && y.includes(t)) || (y.includes(o) && x.includes(t));
      });
    expect(between(['3201'], ['3101'])).toBe(true); // Nanjing–Shanghai
    expect(between(['3101'], ['3301', '3302'])).toBe(true); // Shanghai–Hangzhou–Ningbo
    expect(between(['3401'], ['3201'])).toBe(true); // Hefei–Nanjing
    expect(between(['3408', '3402'], ['3201'])).toBe(true); // Anqing–Wuhu–Nanjing
    expect(between(['3203'], ['3207'])).toBe(true); // Xuzhou–Lianyungang
    expect(between(['3302'], ['3401'])).toBe(true); // Ningbo–Hefei
    for (const p of PROVINCE_CODES) {
      expect(byProvince(d.waybills, p).some((w) => provinceOfCode(w.origin.divisionCode) === p && provinceOfCode(w.destination.divisionCode) === p)).toBe(true);
    }
    const leaving = d.waybills.filter((w) => provinceOfCode(w.destination.divisionCode) === 'OUTSIDE');
    expect(leaving.length).toBeGreaterThan(0);
    for (const w of leaving) {
      if (w.destination.creditCode !== null) {
        expect(w.destination.creditCode.slice(2, 4)).toBe((w.destination.divisionCode as string).slice(0, 2));
        expect(provinceOfCode(w.destination.creditCode.slice(2, 8))).toBe('OUTSIDE');
      }
    }
    expect(leaving.some((w) => w.destination.divisionCode?.startsWith('37') || w.destination.divisionCode === '420100')).toBe(true);
  });

  it('name enterprises of the data set by name and credit code, any province', () => {
    let named = 0;
    let crossProvince = 0;
    for (const w of d.waybills) {
      for (const party of [w.origin, w.destination]) {
        const sites = d.enterprises.filter((e) => e.creditCode === party.creditCode);
        if (sites.length === 0) continue;
        const e = sites.find((s) => s.divisionCode === party.divisionCode) ?? sites[0];
        named++;
        expect(party.name).toBe(e.name);
        expect(party.divisionCode).toBe(e.divisionCode);
        if (e.province !== w.province) crossProvince++;
      }
    }
    expect(named).toBeGreaterThan(d.waybills.length * 0.5);
    expect(crossProvince).toBeGreaterThan(0);
    expect(d.waybills.some((w) => w.origin.creditCode === null || w.destination.creditCode === null)).toBe(true);
  });

  it('carry goods by the kilogram, departed only once under way', () => {
    for (const w of d.waybills) {
      expect(w.goods.length).toBeGreaterThan(0);
      for (const g of w.goods) expect(g.kilograms).toBeGreaterThan(0);
      if (w.status === 'PLANNED') expect(w.departedAt).toBeNull();
      if (w.status === 'IN_TRANSIT' || w.status === 'ARRIVED') expect(ms(w.departedAt as string)).toBeLessThan(NOW.getTime());
    }
    expect(new Set(d.waybills.map((w) => w.status))).toEqual(new Set(['PLANNED', 'IN_TRANSIT', 'ARRIVED', 'CANCELLED']));
    expect(d.waybills.some((w) => w.goods.some((g) => g.packingGroup === null))).toBe(true);
    expect(d.waybills.some((w) => w.goods.some((g) => g.packingGroup === 'II'))).toBe(true);
  });
});

describe('track points', () => {
  it('lie in the territory of the province that recorded them, never after now', () => {
    for (const p of d.trackPoints) {
      expect(inFeature(p.location, PROVINCE_FEATURE[p.province])).toBe(true);
      expect(ms(p.at)).toBeLessThanOrEqual(NOW.getTime());
      if (p.speedKmh !== null) expect(p.speedKmh).toBeGreaterThanOrEqual(0);
      if (p.speedKmh !== null) expect(p.speedKmh).toBeLessThanOrEqual(100);
    }
    expect(d.trackPoints.some((p) => p.speedKmh === null)).toBe(true);
  });

  it('are time-ordered per plate, and only for vehicles under way or arrived', () => {
    const moving = new Set(d.waybills.filter((w) => w.status === 'IN_TRANSIT' || w.status === 'ARRIVED').map((w) => w.plate));
    for (let i = 1; i < d.trackPoints.length; i++) {
      const [a, b] = [d.trackPoints[i - 1], d.trackPoints[i]];
      if (a.plate === b.plate) expect(ms(a.at)).toBeLessThan(ms(b.at));
    }
    for (const p of d.trackPoints) expect(moving.has(p.plate)).toBe(true);
  });

  it('record a cross-border trip piecewise in each province it passes', () => {
    const crossing = d.waybills.filter((w) => w.status === 'ARRIVED' && provinceOfCode(w.origin.divisionCode) !== provinceOfCode(w.destination.divisionCode) &&
      provinceOfCode(w.origin.divisionCode) !== 'OUTSIDE' && provinceOfCode(w.destination.divisionCode) !== 'OUTSIDE');
    expect(crossing.length).toBeGreaterThan(20);
    for (const w of crossing) {
      const trip = d.trackPoints.filter((p) => p.plate === w.plate && p.at >= (w.departedAt as string) && p.at <= w.updatedAt);
      const provinces = new Set(trip.map((p) => p.province));
      expect(provinces.has(provinceOfCode(w.origin.divisionCode) as ProvinceCode)).toBe(true);
      expect(provinces.has(provinceOfCode(w.destination.divisionCode) as ProvinceCode)).toBe(true);
    }
  });
});
