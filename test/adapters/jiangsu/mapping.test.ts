import { parseAnswer } from '../../../adapters/jiangsu/envelope';
import { mapEnterprise, mapTrackPoint, mapWaybill } from '../../../adapters/jiangsu/map-hazmat';
import { mapBase, mapMutualAidStatus } from '../../../adapters/jiangsu/map-rescue';
import { mapWarning } from '../../../adapters/jiangsu/map-warning';
import { LegacyDataInvalidError, ProvinceUnavailableError } from '../../../adapters/kit/errors';
import type { GeoPoint } from '../../../schema/model';
import { metres, setUp, tearDown, xmlWith } from './harness';

beforeAll(setUp);
afterAll(tearDown);

describe('mapping the examples of legacy-apis/jiangsu.md', () => {
  const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const withCheck = (first17: string): string => {
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]) * (3 ** i % 31);
    return first17 + ALPHABET[(31 - (sum % 31)) % 31];
  };
  const CREDIT = withCheck('91320117MA1N2P3Q4');
  const rowOf = (xml: string) => parseAnswer(Buffer.from(`<Response><Code>0</Code><Message>成功</Message><Total>1</Total><Data>${xml}</Data></Response>`), 'test').rows[0];

  it('a warning row', () => {
    const row = rowOf(
      '<Row><WARN_ID>JSW2026071200045</WARN_ID><WARN_TYPE>01</WARN_TYPE><WARN_LEVEL>II</WARN_LEVEL><TITLE>苏州市台风橙色预警</TITLE><CONTENT>预计…</CONTENT>' +
        '<DEFENSE_GUIDE>停止户外作业</DEFENSE_GUIDE><ISSUE_ORG>苏州市气象台</ISSUE_ORG><ISSUE_TIME>20260712083000</ISSUE_TIME><START_TIME>20260712090000</START_TIME>' +
        '<END_TIME>20260713090000</END_TIME><AREA_CODES>320505,320509</AREA_CODES><MSG_TYPE>1</MSG_TYPE><REF_WARN_ID/><UPDATE_TIME>20260712083102</UPDATE_TIME></Row>',
    );
    expect(mapWarning(row)).toEqual({
      id: 'JS:Warning:JSW2026071200045',
      province: 'JS',
      sourceId: 'JSW2026071200045',
      event: 'TYPHOON',
      level: 'ORANGE',
      messageType: 'ALERT',
      supersedesId: null,
      headline: '苏州市台风橙色预警',
      description: '预计…',
      instruction: '停止户外作业',
      issuer: '苏州市气象台',
      issuedAt: '2026-07-12T08:30:00+08:00',
      effectiveAt: '2026-07-12T09:00:00+08:00',
      expiresAt: '2026-07-13T09:00:00+08:00',
      areaCodes: ['320505', '320509'],
      updatedAt: '2026-07-12T08:31:02+08:00',
    });
  });

  it('an update names the warning it replaces; an unknown WARN_TYPE or an impossible time is LEGACY_DATA_INVALID', () => {
    const xml = (type: string, msg: string, ref: string, issued = '20260712083000') =>
      `<Row><WARN_ID>JSW2026071200046</WARN_ID><WARN_TYPE>${type}</WARN_TYPE><WARN_LEVEL>I</WARN_LEVEL><TITLE>t</TITLE><CONTENT>c</CONTENT><DEFENSE_GUIDE/>` +
      `<ISSUE_ORG>o</ISSUE_ORG><ISSUE_TIME>${issued}</ISSUE_TIME><START_TIME>20260712090000</START_TIME><END_TIME/><AREA_CODES>320500</AREA_CODES>` +
      `<MSG_TYPE>${msg}</MSG_TYPE>${ref}<UPDATE_TIME>20260712083102</UPDATE_TIME></Row>`;
    expect(mapWarning(rowOf(xml('15', '2', '<REF_WARN_ID>JSW2026071200045</REF_WARN_ID>')))).toMatchObject({
      event: 'HAZMAT_INCIDENT', level: 'RED', messageType: 'UPDATE', supersedesId: 'JS:Warning:JSW2026071200045', instruction: null, expiresAt: null, areaCodes: ['320500'],
    });
    expect(() => mapWarning(rowOf(xml('99', '1', '<REF_WARN_ID/>')))).toThrow(LegacyDataInvalidError);
    expect(() => mapWarning(rowOf(xml('01', '3', '<REF_WARN_ID/>')))).toThrow(/REF_WARN_ID/);
    expect(() => mapWarning(rowOf(xml('01', '1', '<REF_WARN_ID/>', '20260712246000')))).toThrow(/ISSUE_TIME/);
  });

  it('an enterprise row: GCJ-02 to WGS-84, grade, chemicals in tonnes', () => {
    const row = rowOf(
      `<Row><QY_ID>JSE00031</QY_ID><QY_MC>南京某化工有限公司</QY_MC><TYSHXYDM>${CREDIT}</TYSHXYDM><XZQH_DM>320117</XZQH_DM><LNG>118.812345</LNG><LAT>32.214567</LAT>` +
        '<ZDWXY_DJ>1</ZDWXY_DJ><CHEMICALS><CHEMICAL><UN_NO>1017</UN_NO><HXP_MC>氯</HXP_MC><WXX_LB>2.3</WXX_LB><CL>20.000</CL></CHEMICAL></CHEMICALS>' +
        '<LXDH>025-52345678</LXDH><UPDATE_TIME>20260712083102</UPDATE_TIME></Row>',
    );
    const e = mapEnterprise(row);
    expect(e).toMatchObject({
      id: 'JS:HazmatEnterprise:JSE00031', creditCode: CREDIT, divisionCode: '320117', majorHazardGrade: 'GRADE_1',
      chemicals: [{ unNumber: '1017', name: '氯', hazardClass: 'CLASS_2_3', tonnes: 20 }], contactPhone: '025-52345678',
    });
    // GCJ-02 lies a few hundred metres east-north-east of WGS-84 around Nanjing.
    const m = metres(e.location as GeoPoint, { lng: 118.812345, lat: 32.214567 });
    expect(m).toBeGreaterThan(300);
    expect(m).toBeLessThan(800);
    expect((e.location as GeoPoint).lng).toBeLessThan(118.812345);
    expect(mapEnterprise(rowOf(xmlWith(row, { ZDWXY_DJ: '', LNG: '0.000000', LAT: '0.000000' })))).toMatchObject({ majorHazardGrade: null, location: null });
    expect(() => mapEnterprise(rowOf(xmlWith(row, { TYSHXYDM: CREDIT.slice(0, 17) + (CREDIT[17] === '0' ? '1' : '0') })))).toThrow(/check character/);
  });

  it('a waybill row: plate, parties, goods in kilograms, status', () => {
    const row = rowOf(
      `<Row><YD_BH>YD320000202607120017</YD_BH><CPH>苏A12345</CPH><CYR_TYSHXYDM>${CREDIT}</CYR_TYSHXYDM><QYD_MC>南京某化工有限公司</QYD_MC>` +
        `<QYD_TYSHXYDM>${CREDIT}</QYD_TYSHXYDM><QYD_XZQH>320117</QYD_XZQH><MDD_MC>上海某加油站</MDD_MC><MDD_TYSHXYDM/><MDD_XZQH>310116</MDD_XZQH>` +
        '<HWS><HW><UN_NO>1203</UN_NO><MC>汽油</MC><LB>3</LB><BZLB>II</BZLB><ZL_KG>28000</ZL_KG></HW></HWS><FCSJ>20260712070000</FCSJ><ZT>1</ZT>' +
        '<UPDATE_TIME>20260712070500</UPDATE_TIME></Row>',
    );
    expect(mapWaybill(row)).toEqual({
      id: 'JS:Waybill:YD320000202607120017',
      province: 'JS',
      sourceId: 'YD320000202607120017',
      number: 'YD320000202607120017',
      status: 'IN_TRANSIT',
      plate: '苏A12345',
      carrierCreditCode: CREDIT,
      origin: { name: '南京某化工有限公司', creditCode: CREDIT, divisionCode: '320117' },
      destination: { name: '上海某加油站', creditCode: null, divisionCode: '310116' },
      goods: [{ unNumber: '1203', name: '汽油', hazardClass: 'CLASS_3', packingGroup: 'II', kilograms: 28000 }],
      departedAt: '2026-07-12T07:00:00+08:00',
      updatedAt: '2026-07-12T07:05:00+08:00',
      // A row written before the 2026 release carries none of its elements.
      consignor: null, trailerPlate: null, tankNumber: null, transportPermit: null, crew: null, emergencyPhone: null,
    });
    expect(mapWaybill(rowOf(xmlWith(row, { ZT: '9', FCSJ: '' })))).toMatchObject({ status: 'CANCELLED', departedAt: null });
  });

  it('a base row: level, capabilities, teams with global ids, materials, duty', () => {
    const row = rowOf(
      `<Row><JD_ID>JSB0012</JD_ID><JD_MC>国家危险化学品应急救援南京基地</JD_MC><JB>国家级</JB><TYSHXYDM/><XZQH_DM>320116</XZQH_DM><LNG/><LAT/><NL>WHP,SY</NL>` +
        '<DWS><DW><DW_ID>JST0101</DW_ID><DW_MC>危化品救援一队</DW_MC><RS>96</RS><ZY>WHP</ZY></DW></DWS>' +
        '<WZS><WZ><WZ_BM>FH-001</WZ_BM><WZ_MC>防化服</WZ_MC><SL>200</SL><JLDW>套</JLDW></WZ></WZS><ZB_ZT>1</ZB_ZT><LXDH>025-12345678</LXDH><UPDATE_TIME>20260712083102</UPDATE_TIME></Row>',
    );
    expect(mapBase(row)).toEqual({
      id: 'JS:RescueBase:JSB0012',
      province: 'JS',
      sourceId: 'JSB0012',
      name: '国家危险化学品应急救援南京基地',
      level: 'NATIONAL',
      creditCode: null,
      divisionCode: '320116',
      location: null,
      capabilities: ['HAZMAT', 'WATER'],
      teams: [{ id: 'JS:RescueTeam:JST0101', sourceId: 'JST0101', name: '危化品救援一队', members: 96, specialty: 'HAZMAT' }],
      materials: [{ code: 'FH-001', name: '防化服', quantity: 200, unit: '套' }],
      onDuty: true,
      dutyPhone: '025-12345678',
      updatedAt: '2026-07-12T08:31:02+08:00',
    });
  });

  it('a track row and a request status row', () => {
    const point = mapTrackPoint(rowOf('<Row><CPH>苏A12345</CPH><LNG>118.812345</LNG><LAT>32.214567</LAT><GPS_TIME>20260712083000</GPS_TIME><SPEED/></Row>'));
    expect(point).toMatchObject({ plate: '苏A12345', at: '2026-07-12T08:30:00+08:00', speedKmh: null, province: 'JS' });
    expect(() => mapTrackPoint(rowOf('<Row><CPH>苏A12345</CPH><LNG>0.000000</LNG><LAT>0.000000</LAT><GPS_TIME>20260712083000</GPS_TIME><SPEED>40</SPEED></Row>'))).toThrow(LegacyDataInvalidError);
    expect(mapMutualAidStatus(rowOf('<Row><SQ_ID>JSSQ2026071200001</SQ_ID><ZT>SUBMITTED</ZT><UPDATE_TIME>20260712113000</UPDATE_TIME></Row>'))).toEqual({
      id: 'JS:MutualAidRequest:JSSQ2026071200001', province: 'JS', sourceId: 'JSSQ2026071200001', status: 'SUBMITTED', updatedAt: '2026-07-12T11:30:00+08:00',
    });
  });

  it('an answer that is not the envelope is ProvinceUnavailableError', () => {
    expect(() => parseAnswer(Buffer.from('<Response><Code>0</Code><Data><Row><WARN_ID>JSW'), 'test')).toThrow(ProvinceUnavailableError);
    expect(() => parseAnswer(Buffer.from('<html><body>502 Bad Gateway</body></html>'), 'test')).toThrow(ProvinceUnavailableError);
    expect(parseAnswer(Buffer.from('<Response><Code>401</Code><Message>签名错误</Message><Total>0</Total><Data/></Response>'), 'test')).toEqual({ code: '401', message: '签名错误', total: 0, rows: [] });
  });
});
