import { parseAnswer } from '../../../adapters/jiangsu/envelope';
import { mapEnterprise } from '../../../adapters/jiangsu/map-hazmat';
import { LegacyDataInvalidError } from '../../../adapters/kit/errors';
import { OLDER_FORM, UNRECORDED_HOLDING, withCheck } from './harness';

/** jsyj's v1.1 enterprise elements (additions-v1.1.md) mapped to the contract. */

const CREDIT = withCheck('91320117MA1N2P3Q4');
const rowOf = (xml: string) => parseAnswer(Buffer.from(`<Response><Code>0</Code><Message>成功</Message><Total>1</Total><Data>${xml}</Data></Response>`), 'test').rows[0];
const row = (chemical: string, extra: string): string =>
  `<Row><QY_ID>JSE00031</QY_ID><QY_MC>南京某化工有限公司</QY_MC><TYSHXYDM>${CREDIT}</TYSHXYDM><XZQH_DM>320116</XZQH_DM><LNG/><LAT/>` +
  `<ZDWXY_DJ>1</ZDWXY_DJ><CHEMICALS><CHEMICAL><UN_NO>1017</UN_NO><HXP_MC>氯</HXP_MC><WXX_LB>2.3</WXX_LB><CL>20.000</CL>${chemical}</CHEMICAL></CHEMICALS>` +
  `<LXDH>025-52345678</LXDH>${extra}<UPDATE_TIME>20260712083102</UPDATE_TIME></Row>`;
const UNITS = '<ZDWXY_DYS><ZDWXY_DY><DY_MC>液氯储罐区</DY_MC><DJ>1</DJ></ZDWXY_DY><ZDWXY_DY><DY_MC>仓库一</DY_MC><DJ>3</DJ></ZDWXY_DY></ZDWXY_DYS>';
const PARK = '<HGYQ_MC>南京江北新材料科技园</HGYQ_MC><HGYQ_FXDJ>D</HGYQ_FXDJ><AQSCXKZ_BH>(苏)WH安许证字[2024]0456</AQSCXKZ_BH><AQSCXKZ_YXQ>20270331</AQSCXKZ_YXQ>';

describe('Jiangsu: the v1.1 enterprise elements', () => {
  it('maps a row written since the release: one ZDWXY_DY is still a list, yyyyMMdd a date', () => {
    expect(mapEnterprise(rowOf(row('<CAS>7782-50-5</CAS><ZDJG>1</ZDJG><JD>0</JD>', PARK + UNITS)))).toMatchObject({
      chemicals: [{ unNumber: '1017', casNumber: '7782-50-5', keySupervised: true, highlyToxic: false }],
      park: { name: '南京江北新材料科技园', riskGrade: 'D' },
      licence: { number: '(苏)WH安许证字[2024]0456', validUntil: '2027-03-31' },
      majorHazardUnits: [{ name: '液氯储罐区', grade: 'GRADE_1' }, { name: '仓库一', grade: 'GRADE_3' }],
      miswrittenCas: [],
    });
    const one = '<ZDWXY_DYS><ZDWXY_DY><DY_MC>罐区一</DY_MC><DJ>2</DJ></ZDWXY_DY></ZDWXY_DYS>';
    expect(mapEnterprise(rowOf(row('', one))).majorHazardUnits).toEqual([{ name: '罐区一', grade: 'GRADE_2' }]);
  });

  it('a row written before the release lacks the elements: every new field null', () => {
    expect(mapEnterprise(rowOf(row('', '')))).toMatchObject({ ...OLDER_FORM, chemicals: [{ unNumber: '1017', ...UNRECORDED_HOLDING }] });
  });

  it('empty elements are "not recorded": no park, no licence, no CAS; an empty ZDWXY_DYS is no units', () => {
    const e = mapEnterprise(rowOf(row('<CAS/><ZDJG>0</ZDJG><JD>0</JD>', '<HGYQ_MC/><HGYQ_FXDJ/><AQSCXKZ_BH/><AQSCXKZ_YXQ/><ZDWXY_DYS/>')));
    expect(e).toMatchObject({ park: null, licence: null, majorHazardUnits: [], chemicals: [{ casNumber: null, keySupervised: false, highlyToxic: false }] });
  });

  it('a wrong CAS check digit: casNumber null, the record valid', () => {
    const e = mapEnterprise(rowOf(row('<CAS>7782-50-6</CAS><ZDJG>1</ZDJG><JD>0</JD>', PARK + UNITS)));
    expect(e.chemicals[0].casNumber).toBeNull();
    expect(e.miswrittenCas).toEqual([{ unNumber: '1017', written: '7782-50-6' }]);
  });

  it('what cannot be read is LEGACY_DATA_INVALID', () => {
    expect(() => mapEnterprise(rowOf(row('<CAS>7782-50-5</CAS><ZDJG>2</ZDJG><JD>0</JD>', '')))).toThrow(LegacyDataInvalidError);
    expect(() => mapEnterprise(rowOf(row('', PARK.replace('20270331', '2027-03-31'))))).toThrow(LegacyDataInvalidError);
    expect(() => mapEnterprise(rowOf(row('', PARK.replace('>D<', '>E<'))))).toThrow(LegacyDataInvalidError);
  });
});
