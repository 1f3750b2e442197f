import { casCheckDigitValid } from '../../adapters/kit/cas-number';
import { PROVINCE_CODES } from '../../schema/model';
import { loadDataset } from '../support/test-dataset';
import { generateDataset } from '../../simulators/dataset/generate';
import { CHEMICAL_SAFETY, LICENCE_AUTHORITY } from '../../simulators/dataset/safety-facts';

/** The data set's v1.1 enterprise safety record (issue 18): deterministic, realistic, and holding every case the tests need. */

const options = { seed: 'test', now: new Date('2026-07-12T04:00:00Z'), scale: 1 };
const ds = loadDataset(options);

describe('the enterprise safety record of the data set', () => {
  it('is the same for the same seed', () => {
    const again = generateDataset({ ...options, now: new Date(options.now) });
    expect(again.enterprises.map((e) => [e.park, e.licence, e.majorHazardUnits, e.miswrittenCas, e.chemicals])).toEqual(ds.enterprises.map((e) => [e.park, e.licence, e.majorHazardUnits, e.miswrittenCas, e.chemicals]));
  });

  it('carries the real CAS numbers of its chemicals, each with a valid check digit; the miswritten ones have a wrong one', () => {
    for (const e of ds.enterprises) {
      for (const c of e.chemicals) if (c.casNumber !== null) expect([c.unNumber, c.casNumber, casCheckDigitValid(c.casNumber)]).toEqual([c.unNumber, CHEMICAL_SAFETY[c.unNumber].cas, true]);
      for (const m of e.miswrittenCas) {
        expect(casCheckDigitValid(m.written)).toBe(false);
        expect(m.written.slice(0, -1)).toBe((CHEMICAL_SAFETY[m.unNumber].cas as string).slice(0, -1));
      }
    }
  });

  it('licence numbers in the provinces’ form; the grade of a site is its highest unit’s', () => {
    for (const e of ds.enterprises) {
      if (e.licence) expect(e.licence.number).toMatch(new RegExp(`^\\(${LICENCE_AUTHORITY[e.province]}\\)WH安许证字\\[\\d{4}\\]\\d{4}$`));
      if (e.majorHazardUnits && e.majorHazardUnits.length > 0) expect([...e.majorHazardUnits.map((u) => u.grade)].sort()[0]).toBe(e.majorHazardGrade);
      if (e.majorHazardUnits && e.majorHazardGrade === null) expect(e.majorHazardUnits).toEqual([]);
    }
  });

  it.each(PROVINCE_CODES)('%s holds older records, parks, expired licences and miswritten CAS numbers', (p) => {
    const mine = ds.enterprises.filter((e) => e.province === p);
    const today = '2026-07-12';
    expect(mine.filter((e) => e.majorHazardUnits === null).length).toBeGreaterThan(0);
    expect(mine.filter((e) => e.park !== null).length).toBeGreaterThan(0);
    expect(mine.filter((e) => e.licence?.validUntil && e.licence.validUntil < today).length).toBeGreaterThan(0);
    expect(mine.filter((e) => e.miswrittenCas.length > 0).length).toBeGreaterThan(0);
    expect(mine.some((e) => e.licence !== null && e.licence.validUntil === null)).toBe(p === 'AH');
  });
});
