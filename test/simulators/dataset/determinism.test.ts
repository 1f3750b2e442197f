import { BRANCH_SITES, generateDataset, loadDataset } from '../../../simulators/dataset';
import { NOW, provinceOfCode, d } from './harness';

/** The canonical data set: determinism, scale (see ./harness for how it is checked). */

describe('determinism', () => {
  it('gives the same data set for the same seed, now and scale, and another for another seed', () => {
    const again = generateDataset({ seed: 'yrd', now: new Date(NOW.getTime()), scale: 1 });
    expect(again).toEqual(d);
    const other = generateDataset({ seed: 'other', now: NOW, scale: 1 });
    expect(other.enterprises.map((e) => e.creditCode)).not.toEqual(d.enterprises.map((e) => e.creditCode));
    expect(other.waybills.map((w) => w.plate)).not.toEqual(d.waybills.map((w) => w.plate));
  });

  it('loadDataset generates once per options', () => {
    const options = { seed: 'memo', now: NOW, scale: 1 };
    const first = loadDataset(options);
    expect(loadDataset({ ...options, now: new Date(NOW.getTime()) })).toBe(first);
    expect(loadDataset({ ...options, seed: 'memo2' })).not.toBe(first);
  });

  it('refuses a scale that is not a positive integer', () => {
    expect(() => generateDataset({ seed: 'yrd', now: NOW, scale: 0 })).toThrow(/positive integer/);
    expect(() => generateDataset({ seed: 'yrd', now: NOW, scale: 1.5 })).toThrow(/positive integer/);
    expect(() => generateDataset({ seed: 'yrd', now: new Date('nonsense'), scale: 1 })).toThrow(/valid Date/);
  });
});

describe('scale', () => {
  it('multiplies the records by the scale', () => {
    const ten = generateDataset({ seed: 'yrd', now: NOW, scale: 10 });
    const branchSites = Object.values(BRANCH_SITES).reduce((a, b) => a + b, 0);
    for (const k of ['warnings', 'waybills', 'bases'] as const) expect(ten[k].length).toBe(d[k].length * 10);
    expect(ten.enterprises.length - branchSites).toBe((d.enterprises.length - branchSites) * 10);
    expect(ten.bad.length).toBeGreaterThan(d.bad.length * 7);
    expect(ten.bad.length).toBeLessThan(d.bad.length * 13);
    expect(ten.trackPoints.length).toBeGreaterThan(d.trackPoints.length * 7);
    expect(ten.trackPoints.length).toBeLessThan(d.trackPoints.length * 13);
    const codes = ten.enterprises.filter((e) => provinceOfCode(e.creditCode.slice(2, 8)) === e.province).map((e) => e.creditCode);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
