import { LegacyDataInvalidError } from '../../../adapters/kit/errors';
import { mapEnterprise } from '../../../adapters/zhejiang/map';
import { OLDER_FORM, UNRECORDED_HOLDING, withCheck } from './harness';

/** 浙里急's v1.1 enterprise fields (additions-v1.1.md) mapped to the contract. */

const older = {
  qyid: 'ZJQY-0218', qymc: '宁波某化学有限公司', xydm: withCheck('91330211MA2AXXXX0'), qhdm: '330211', bdLng: 121.69, bdLat: 29.99, wxydj: 2,
  hxp: [{ un: '1114', mc: '苯', lb: '3', cl: '800吨' }], lxdh: '0574-86000000', gxsj: 1783816262000,
};
/** 2027-03-31 00:00 Beijing. */
const LAST_DAY_MS = Date.parse('2027-03-31T00:00:00+08:00');
const newer = {
  ...older,
  hxp: [{ ...older.hxp[0], cas: '71-43-2', zdjg: 'Y', jd: 'N' }],
  yq: { mc: '宁波石化经济技术开发区', dj: 2 },
  xkz: { bh: '(浙)WH安许证字[2024]0088', yxq: LAST_DAY_MS },
  wxydy: [{ mc: '罐区一', dj: 2 }, { mc: '球罐区', dj: 4 }],
};

describe('Zhejiang: the v1.1 enterprise fields', () => {
  it('maps the document’s form: dj 2 is B (1 = A … 4 = D), yxq the last valid day at 00:00 Beijing', () => {
    expect(mapEnterprise(newer)).toMatchObject({
      chemicals: [{ unNumber: '1114', casNumber: '71-43-2', keySupervised: true, highlyToxic: false }],
      park: { name: '宁波石化经济技术开发区', riskGrade: 'B' },
      licence: { number: '(浙)WH安许证字[2024]0088', validUntil: '2027-03-31' },
      majorHazardUnits: [{ name: '罐区一', grade: 'GRADE_2' }, { name: '球罐区', grade: 'GRADE_4' }],
      miswrittenCas: [],
    });
  });

  it('every park grade: 1 A, 2 B, 3 C, 4 D; none is not graded; 0 and 5 are invalid', () => {
    expect([1, 2, 3, 4].map((dj) => mapEnterprise({ ...newer, yq: { mc: 'p', dj } }).park?.riskGrade)).toEqual(['A', 'B', 'C', 'D']);
    expect(mapEnterprise({ ...newer, yq: { mc: 'p', dj: null } }).park).toEqual({ name: 'p', riskGrade: null });
    for (const dj of [0, 5]) expect(() => mapEnterprise({ ...newer, yq: { mc: 'p', dj } })).toThrow(LegacyDataInvalidError);
  });

  it('a record written before the release: every new field null', () => {
    expect(mapEnterprise(older)).toMatchObject({ ...OLDER_FORM, chemicals: [{ unNumber: '1114', ...UNRECORDED_HOLDING }] });
  });

  it('a wrong CAS check digit: casNumber null, the record valid', () => {
    const e = mapEnterprise({ ...newer, hxp: [{ ...newer.hxp[0], cas: '71-43-3' }] });
    expect(e.chemicals[0]).toMatchObject({ casNumber: null, keySupervised: true });
    expect(e.miswrittenCas).toEqual([{ unNumber: '1114', written: '71-43-3' }]);
  });

  it('what cannot be read is LEGACY_DATA_INVALID', () => {
    expect(() => mapEnterprise({ ...newer, hxp: [{ ...newer.hxp[0], zdjg: '是' }] })).toThrow(LegacyDataInvalidError);
    expect(() => mapEnterprise({ ...newer, xkz: { bh: 'x', yxq: '2027-03-31' } })).toThrow(LegacyDataInvalidError);
    expect(() => mapEnterprise({ ...newer, wxydy: [{ mc: '罐区一', dj: 0 }] })).toThrow(LegacyDataInvalidError);
  });
});
