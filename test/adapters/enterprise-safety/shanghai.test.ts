import { LegacyDataInvalidError } from '../../../adapters/kit/errors';
import { mapEnterprise } from '../../../adapters/shanghai/map';
import { OLDER_FORM, UNRECORDED_HOLDING, withCheck } from './harness';

/** Shanghai's v1.1 enterprise fields (additions-v1.1.md) mapped to the contract. */

const older = {
  id: 'SHE-000412', name: '上海某石化有限公司', creditCode: withCheck('91310116MA1FL2XK3'), districtCode: '310116',
  location: { lng: 121.33, lat: 30.72 }, hazardLevel: '二级',
  chemicals: [{ unNo: '1017', name: '氯', cls: '2.3', reserveTon: 40 }], contactPhone: '021-57940000', updatedAt: '2026-07-12T08:31:02+08:00',
};
const newer = {
  ...older,
  chemicals: [{ ...older.chemicals[0], cas: '7782-50-5', keySupervised: true, highlyToxic: false }, { unNo: '1203', name: '汽油', cls: '3', reserveTon: 800, cas: '86290-81-5', keySupervised: true, highlyToxic: false }],
  park: { name: '上海化学工业区', riskGrade: 'B' },
  licence: { no: '(沪)WH安许证字[2024]0012', validUntil: '2027-03-31' },
  hazardUnits: [{ name: '罐区一', level: '二级' }],
};

describe('Shanghai: the v1.1 enterprise fields', () => {
  it('maps the document’s example', () => {
    expect(mapEnterprise(newer)).toMatchObject({
      chemicals: [
        { unNumber: '1017', casNumber: '7782-50-5', keySupervised: true, highlyToxic: false },
        { unNumber: '1203', casNumber: '86290-81-5', keySupervised: true, highlyToxic: false },
      ],
      park: { name: '上海化学工业区', riskGrade: 'B' },
      licence: { number: '(沪)WH安许证字[2024]0012', validUntil: '2027-03-31' },
      majorHazardUnits: [{ name: '罐区一', grade: 'GRADE_2' }],
      miswrittenCas: [],
    });
  });

  it('a record written before the release: every new field null', () => {
    expect(mapEnterprise(older)).toMatchObject({ ...OLDER_FORM, chemicals: [{ unNumber: '1017', ...UNRECORDED_HOLDING }] });
  });

  it('outside a park, without a licence or units; a park not yet graded', () => {
    const { park: _p, licence: _l, ...outside } = newer;
    expect(mapEnterprise({ ...outside, hazardUnits: [] })).toMatchObject({ park: null, licence: null, majorHazardUnits: [] });
    expect(mapEnterprise({ ...newer, park: { name: '青浦工业园区', riskGrade: null } }).park).toEqual({ name: '青浦工业园区', riskGrade: null });
  });

  it('a wrong CAS check digit: that casNumber null, the record valid, the written number kept for data quality', () => {
    const e = mapEnterprise({ ...newer, chemicals: [{ ...newer.chemicals[0], cas: '7782-50-4' }, newer.chemicals[1]] });
    expect(e.chemicals.map((c) => c.casNumber)).toEqual([null, '86290-81-5']);
    expect(e.chemicals[0].keySupervised).toBe(true);
    expect(e.miswrittenCas).toEqual([{ unNumber: '1017', written: '7782-50-4' }]);
  });

  it('an expired licence maps as it is (its validity is the subgraph’s, as of today)', () => {
    expect(mapEnterprise({ ...newer, licence: { no: 'x', validUntil: '2020-01-31' } }).licence).toEqual({ number: 'x', validUntil: '2020-01-31' });
  });

  it('what cannot be read is LEGACY_DATA_INVALID', () => {
    expect(() => mapEnterprise({ ...newer, park: { name: '上海化学工业区', riskGrade: 'E' } })).toThrow(LegacyDataInvalidError);
    expect(() => mapEnterprise({ ...newer, licence: { no: 'x', validUntil: '2027-02-30' } })).toThrow(LegacyDataInvalidError);
    expect(() => mapEnterprise({ ...newer, hazardUnits: [{ name: '罐区一', level: '五级' }] })).toThrow(LegacyDataInvalidError);
    expect(() => mapEnterprise({ ...newer, chemicals: [{ ...newer.chemicals[0], keySupervised: '是' }] })).toThrow(LegacyDataInvalidError);
  });
});
