import { mapEnterprise } from '../../../adapters/anhui/map-hazmat';
import { LegacyDataInvalidError } from '../../../adapters/kit/errors';
import { OLDER_FORM, UNRECORDED_HOLDING, withCheck } from './harness';

/** ahyj's v1.1 enterprise fields (additions-v1.1.md) mapped to the contract. */

const older = {
  QYBH: 'AHQY000127', QYMC: '安庆某石化有限公司', TYXYDM: withCheck('91340800MA2N0XY01'), XZQH: '340811',
  jd: `117°02'45.0"E`, wd: `30°31'04.8"N`, WXYDJ: '三级',
  HXPMX: '1203|汽油|3|1500;1075|液化石油气|2.1|300', LXDH: '0556-5551234', GXSJ: '2026-07-12 08:31:02',
};
const newer = {
  ...older,
  HXPMX: '1203|汽油|3|1500|86290-81-5|是|否;1075|液化石油气|2.1|300',
  YQMC: '安庆高新技术产业开发区', YQDJ: 'C类', XKZBH: '(皖)WH安许证字[2023]0211', XKZYXQ: '2026-09-30', WXYDY: '罐区一:二级;仓库二:四级',
};

describe('Anhui: the v1.1 enterprise fields', () => {
  it('a seven-field pack beside a four-field one in one record', () => {
    expect(mapEnterprise(newer)).toMatchObject({
      chemicals: [
        { unNumber: '1203', casNumber: '86290-81-5', keySupervised: true, highlyToxic: false },
        { unNumber: '1075', ...UNRECORDED_HOLDING },
      ],
      park: { name: '安庆高新技术产业开发区', riskGrade: 'C' },
      licence: { number: '(皖)WH安许证字[2023]0211', validUntil: '2026-09-30' },
      majorHazardUnits: [{ name: '罐区一', grade: 'GRADE_2' }, { name: '仓库二', grade: 'GRADE_4' }],
      miswrittenCas: [],
    });
  });

  it('长期 is a licence without end', () => {
    expect(mapEnterprise({ ...newer, XKZYXQ: '长期' }).licence).toEqual({ number: '(皖)WH安许证字[2023]0211', validUntil: null });
  });

  it('a record written before the release: every new field null', () => {
    expect(mapEnterprise(older)).toMatchObject({ ...OLDER_FORM, chemicals: [{ unNumber: '1203', ...UNRECORDED_HOLDING }, { unNumber: '1075', ...UNRECORDED_HOLDING }] });
  });

  it('empty fields: outside a park, no licence, no units; an empty CAS is none', () => {
    const e = mapEnterprise({ ...newer, HXPMX: '1965|烃类气体混合物|2.1|120||否|否', YQMC: '', YQDJ: '', XKZBH: '', XKZYXQ: '', WXYDY: '' });
    expect(e).toMatchObject({ park: null, licence: null, majorHazardUnits: [], chemicals: [{ casNumber: null, keySupervised: false, highlyToxic: false }], miswrittenCas: [] });
  });

  it('a wrong CAS check digit: casNumber null, the record valid', () => {
    const e = mapEnterprise({ ...newer, HXPMX: '1203|汽油|3|1500|86290-81-6|是|否' });
    expect(e.chemicals[0]).toMatchObject({ casNumber: null, keySupervised: true });
    expect(e.miswrittenCas).toEqual([{ unNumber: '1203', written: '86290-81-6' }]);
  });

  it('what cannot be read is LEGACY_DATA_INVALID', () => {
    expect(() => mapEnterprise({ ...newer, HXPMX: '1203|汽油|3|1500|86290-81-5|是' })).toThrow(/expected 4 or 7/);
    expect(() => mapEnterprise({ ...newer, YQDJ: 'C' })).toThrow(LegacyDataInvalidError);
    expect(() => mapEnterprise({ ...newer, HXPMX: '1203|汽油|3|1500|86290-81-5|Y|N' })).toThrow(LegacyDataInvalidError);
    expect(() => mapEnterprise({ ...newer, WXYDY: '罐区一:五级' })).toThrow(LegacyDataInvalidError);
  });
});
