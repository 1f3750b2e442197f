import { mapTransport as mapAnhui } from '../../adapters/anhui/map-transport';
import { parseAnswer } from '../../adapters/jiangsu/envelope';
import { mapTransport as mapJiangsu } from '../../adapters/jiangsu/map-transport';
import { creditCodeCheckCharacter } from '../../adapters/kit/credit-code';
import { LegacyDataInvalidError } from '../../adapters/kit/errors';
import { normaliseTrailerPlate } from '../../adapters/kit/plate';
import { party as shanghaiParty } from '../../adapters/shanghai/map';
import { mapTransport as shanghaiTransport } from '../../adapters/shanghai/map-transport';
import { mapParty as zhejiangParty } from '../../adapters/zhejiang/map';
import { mapTransport as zhejiangTransport } from '../../adapters/zhejiang/map-transport';
import type { WaybillTransportFields } from '../../schema/model';

/** The waybill fields of the 2026 releases (legacy-apis/additions-v1.1.md), each system's form mapped to the contract. */

const CODE = '91310116MA1J00012';
const CREDIT = CODE + creditCodeCheckCharacter(CODE);
const DRIVER = { role: 'DRIVER', name: '王建国', qualificationCertificate: '310101198001011234', phone: '13900000000' } as const;
const ESCORT = { role: 'ESCORT', name: '李明', qualificationCertificate: '310101198505052345', phone: '13900000001' } as const;
const EXPECTED: WaybillTransportFields = {
  consignor: { name: '上海某石化有限公司', creditCode: CREDIT, divisionCode: '310116' },
  trailerPlate: '沪D1234挂',
  tankNumber: 'TK-SH-2021-0088',
  transportPermit: '沪交运管许可危字310116000123',
  crew: [DRIVER, ESCORT],
  emergencyPhone: '021-57941234',
};
const mapShanghai = (r: Record<string, unknown>): WaybillTransportFields => shanghaiTransport(r, shanghaiParty);
const mapZhejiang = (r: Record<string, unknown>): WaybillTransportFields => zhejiangTransport(r, zhejiangParty);
const NONE: WaybillTransportFields = { consignor: null, trailerPlate: null, tankNumber: null, transportPermit: null, crew: null, emergencyPhone: null };

/** The reason a mapper gives, which must never quote personal data. */
function reason(map: () => unknown): string {
  try {
    map();
  } catch (err) {
    if (err instanceof LegacyDataInvalidError) return err.reason;
    throw err;
  }
  throw new Error('mapped without complaint');
}

describe('Shanghai', () => {
  const doc = {
    consignor: { name: '上海某石化有限公司', creditCode: CREDIT, districtCode: '310116' },
    trailerPlate: '沪D·1234挂', tankNo: 'TK-SH-2021-0088', permitNo: '沪交运管许可危字310116000123',
    crew: [{ role: '驾驶员', name: '王建国', certNo: '310101198001011234', phone: '13900000000' }, { role: '押运员', name: '李明', certNo: '310101198505052345', phone: '13900000001' }],
    emergencyPhone: '021-57941234',
  };
  it('the document’s example, the trailer plate without its dot', () => expect(mapShanghai(doc)).toEqual(EXPECTED));
  it('a record written before the release: no fields, all null', () => expect(mapShanghai({})).toEqual(NONE));
  it('a member without certificate or phone, a trailer written without the dot', () => {
    const crew = [{ role: '驾驶员', name: '王建国', certNo: null, phone: '' }];
    expect(mapShanghai({ ...doc, trailerPlate: '沪D1234挂', crew })).toMatchObject({ trailerPlate: '沪D1234挂', crew: [{ ...DRIVER, qualificationCertificate: null, phone: null }] });
  });
  it('an unknown role or a trailer plate without 挂 is invalid, and the reason quotes no certificate or phone', () => {
    const why = reason(() => mapShanghai({ ...doc, crew: [{ ...doc.crew[0], role: '司机' }] }));
    expect(why).toMatch(/crew role/);
    expect(reason(() => mapShanghai({ ...doc, crew: [{ ...doc.crew[0], certNo: { no: 1 } }] }))).not.toMatch(/3101011980/);
    expect(reason(() => mapShanghai({ ...doc, trailerPlate: '沪D1234' }))).toMatch(/挂/);
  });
});

describe('Jiangsu', () => {
  const rowOf = (xml: string) => parseAnswer(Buffer.from(`<Response><Code>0</Code><Message>成功</Message><Total>1</Total><Data><Row>${xml}</Row></Data></Response>`), 'test').rows[0];
  const doc =
    `<TYR_MC>上海某石化有限公司</TYR_MC><TYR_TYSHXYDM>${CREDIT}</TYR_TYSHXYDM><TYR_XZQH>310116</TYR_XZQH><GCH>沪D1234挂</GCH><GTBH>TK-SH-2021-0088</GTBH>` +
    '<DLYSZH>沪交运管许可危字310116000123</DLYSZH><JSY_XM>王建国</JSY_XM><JSY_ZGZH>310101198001011234</JSY_ZGZH><JSY_DH>13900000000</JSY_DH>' +
    '<YYY_XM>李明</YYY_XM><YYY_ZGZH>310101198505052345</YYY_ZGZH><YYY_DH>13900000001</YYY_DH><YJLXDH>021-57941234</YJLXDH>';
  it('the driver’s and the escort’s own elements; numbers stay text', () => expect(mapJiangsu(rowOf(doc))).toEqual(EXPECTED));
  it('a row without the elements, and one with every element empty', () => {
    expect(mapJiangsu(rowOf('<YD_BH>YD1</YD_BH>'))).toEqual(NONE);
    const empty = ['TYR_MC', 'TYR_TYSHXYDM', 'TYR_XZQH', 'GCH', 'GTBH', 'DLYSZH', 'JSY_XM', 'JSY_ZGZH', 'JSY_DH', 'YYY_XM', 'YYY_ZGZH', 'YYY_DH', 'YJLXDH'].map((e) => `<${e}/>`).join('');
    expect(mapJiangsu(rowOf(empty))).toEqual(NONE);
  });
  it('a driver without escort; an escort’s empty phone', () => {
    expect(mapJiangsu(rowOf(doc.replace(/<YYY_XM>.*<\/YYY_DH>/, '<YYY_XM/><YYY_ZGZH/><YYY_DH/>'))).crew).toEqual([DRIVER]);
    expect(mapJiangsu(rowOf(doc.replace('<YYY_DH>13900000001</YYY_DH>', '<YYY_DH/>'))).crew).toEqual([DRIVER, { ...ESCORT, phone: null }]);
  });
});

describe('Zhejiang', () => {
  const doc = {
    tyr: { mc: '上海某石化有限公司', xydm: CREDIT, qhdm: '310116 ' }, gcph: '沪D1234挂', gtbh: 'TK-SH-2021-0088', yszh: '沪交运管许可危字310116000123',
    ry: [{ js: 'JSY', xm: '王建国', zgzh: '310101198001011234', dh: '13900000000' }, { js: 'YYY', xm: '李明', zgzh: '310101198505052345', dh: '13900000001' }],
    yjdh: '021-57941234',
  };
  it('the pinyin fields, a trailing space in qhdm', () => expect(mapZhejiang(doc)).toEqual(EXPECTED));
  it('a record written before the release, and one with an empty crew', () => {
    expect(mapZhejiang({})).toEqual(NONE);
    expect(mapZhejiang({ ...doc, ry: [] }).crew).toBeNull();
  });
  it('an unknown role is invalid', () => expect(reason(() => mapZhejiang({ ...doc, ry: [{ ...doc.ry[0], js: 'SJ' }] }))).toMatch(/crew role/));
});

describe('Anhui', () => {
  const doc = {
    TYRMC: '上海某石化有限公司', TYR_TYXYDM: ` ${CREDIT.toLowerCase()} `, TYR_XZQH: '310116', GCHM: '沪D1234挂', GTBH: 'TK-SH-2021-0088',
    YSZH: '沪交运管许可危字310116000123', YJDH: '021-57941234',
    RYXX: '驾驶员|王建国|310101198001011234|13900000000;押运员|李明|310101198505052345|13900000001',
  };
  it('the crew packed in RYXX, a hand-typed credit code', () => expect(mapAnhui(doc)).toEqual(EXPECTED));
  it('a record written before the release; empty strings for what is not recorded', () => {
    expect(mapAnhui({})).toEqual(NONE);
    expect(mapAnhui({ TYRMC: '', TYR_TYXYDM: '', TYR_XZQH: '', GCHM: '', GTBH: '', YSZH: '', YJDH: '', RYXX: '' })).toEqual(NONE);
  });
  it('a pack of one member with an empty certificate', () => {
    expect(mapAnhui({ ...doc, RYXX: '驾驶员|王建国||13900000000' }).crew).toEqual([{ ...DRIVER, qualificationCertificate: null }]);
  });
  it('a malformed pack is invalid, reported by position without quoting a certificate or phone', () => {
    const why = reason(() => mapAnhui({ ...doc, RYXX: '驾驶员|王建国|310101198001011234;押运员|李明|310101198505052345|13900000001' }));
    expect(why).toMatch(/RYXX: member 1 has 3 fields/);
    expect(why).not.toMatch(/310101|1390000/);
  });

  it('a pack whose fields slipped is invalid without quoting what sits in the role’s place', () => {
    const why = reason(() => mapAnhui({ ...doc, RYXX: '310101198001011234|王建国|驾驶员|13900000000' }));
    expect(why).toBe('unknown crew role code');
  });
});

describe('normaliseTrailerPlate', () => {
  it('drops the dot and spaces, keeps 挂, refuses a plate that is no trailer’s', () => {
    expect(normaliseTrailerPlate(' 沪d·1234挂 ')).toBe('沪D1234挂');
    expect(normaliseTrailerPlate('苏E5678挂')).toBe('苏E5678挂');
    expect(() => normaliseTrailerPlate('苏E56789')).toThrow(LegacyDataInvalidError);
    expect(() => normaliseTrailerPlate('挂')).toThrow(LegacyDataInvalidError);
  });
});
