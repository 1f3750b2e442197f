import { PROVINCE_CODES } from '../../../schema/model';
import { type Defect } from '../../../simulators/dataset';
import { d } from './harness';

/** The canonical data set: bad records (see ./harness for how it is checked). */

describe('bad records', () => {
  it('hold every defect kind, in every province, with ids of their own', () => {
    const kinds: Defect[] = ['INVALID_CREDIT_CODE', 'UNKNOWN_CODE', 'MISSING_FIELD', 'UNPARSEABLE_TIME'];
    for (const p of PROVINCE_CODES) {
      const mine = d.bad.filter((b) => b.province === p);
      expect(new Set(mine.map((b) => b.defect))).toEqual(new Set(kinds));
      for (const collection of ['warnings', 'enterprises', 'waybills', 'bases'] as const) {
        const good = d[collection].filter((r) => r.province === p).length;
        const bad = mine.filter((b) => b.collection === collection).length;
        expect(bad).toBeGreaterThanOrEqual(1);
        expect(bad).toBeLessThanOrEqual(Math.max(1, Math.ceil(good * 0.04)));
      }
    }
    const goodIds = new Set([...d.warnings, ...d.enterprises, ...d.waybills, ...d.bases].map((r) => `${r.province} ${r.sourceId}`));
    for (const b of d.bad) {
      expect(b.record.province).toBe(b.province);
      expect(goodIds.has(`${b.province} ${b.record.sourceId}`)).toBe(false);
      if (b.defect === 'UNKNOWN_CODE') expect(['warnings', 'bases']).toContain(b.collection);
      if (b.defect === 'INVALID_CREDIT_CODE') {
        const code = b.collection === 'waybills' ? b.record.carrierCreditCode : b.collection === 'warnings' ? null : b.record.creditCode;
        expect(code).not.toBeNull();
      }
    }
    const referenced = new Set(d.warnings.map((w) => w.supersedesId));
    for (const b of d.bad) if (b.collection === 'warnings') expect(referenced.has(b.record.id)).toBe(false);
  });
});
