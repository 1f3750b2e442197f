import iconv from 'iconv-lite';
import { decodeBody, encodeGbkForm } from '../../adapters/anhui/gbk-form';
import { mapEnterprise, mapTrackPoint, mapWaybill } from '../../adapters/anhui/map-hazmat';
import { mapBase, mapMutualAidListing, mapMutualAidStatus, parseTeams } from '../../adapters/anhui/map-rescue';
import { mapWarning } from '../../adapters/anhui/map-warning';
import { creditCodeCheckCharacter } from '../../adapters/kit/credit-code';
import { LegacyDataInvalidError, LegacyRejectedError } from '../../adapters/kit/errors';

/** The examples of legacy-apis/anhui.md, mapped to the contract (elided "…" values filled in). */

const valid = (first17: string): string => first17 + creditCodeCheckCharacter(first17);
const ENTERPRISE_CODE = valid('91340800MA0000001');
const BASE_CODE = valid('12340800MB0000002');

const docWarning = {
  ID: 20260712045, YJLX: '暴雨预警', YJJB: 2, XXLX: '更新', GLID: 20260711031,
  BT: '合肥市暴雨橙色预警', NR: '预计未来6小时内合肥市区降雨量将达50毫米以上。', FYZN: '做好防暴雨准备工作。', FBDW: '合肥市气象台',
  FBSJ: '2026/07/12 08:30', SXSJ: '2026-07-12 09:00:00', JSSJ: '2026/07/13 09:00',
  YXQY: '340102;340103;340104', GXSJ: '2026-07-12 08:31:02',
};

const docEnterprise = {
  QYBH: 'AHQY000127', QYMC: '安庆某石化有限公司', TYXYDM: ENTERPRISE_CODE, XZQH: '340811',
  jd: `117°02'45.0"E`, wd: `30°31'04.8"N`, WXYDJ: '三级',
  HXPMX: '1203|汽油|3|1500;1075|液化石油气|2.1|300', LXDH: '0556-5551234', GXSJ: '2026-07-12 08:31:02',
};

const docWaybill = {
  YDBH: 'YD340000202607120009', CPHM: '皖H12345', CYDW_TYXYDM: ENTERPRISE_CODE,
  QYDMC: '安庆某石化有限公司', QYD_TYXYDM: ENTERPRISE_CODE, QYD_XZQH: '340811',
  MDDMC: '南京某化工有限公司', MDD_TYXYDM: '', MDD_XZQH: '320117',
  HWMX: '1203|汽油|3|II|28000', FCSJ: '2026/07/12 06:40', YDZT: '运输中', GXSJ: '2026-07-12 06:41:10',
};

const docBase = {
  JDBH: 'AHJD0009', JDMC: '安徽省危险化学品应急救援安庆基地', JDJB: '省级', TYXYDM: BASE_CODE,
  XZQH: '340811', jd: `117°02'45.0"E`, wd: `30°31'04.8"N`, JYNL: '危险化学品、水域救援',
  DWXX: '[{"dwbh":"AHDW0031","dwmc":"安庆危化品救援一中队","rs":60,"zy":"危险化学品"}]',
  WZXX: 'FH-001:防化服:100:套;CFZ-02:冲锋舟:12:艘', ZBZT: '是', LXDH: '0556-5550000', GXSJ: '2026/07/12 08:30',
};

const invalid = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof LegacyDataInvalidError) return err.reason;
    throw err;
  }
  throw new Error('expected LegacyDataInvalidError');
};

describe('warnings (yjxx)', () => {
  it("maps the document's example: integer ids, YJJB counting downwards, both time forms", () => {
    expect(mapWarning(docWarning)).toEqual({
      id: 'AH:Warning:20260712045',
      province: 'AH',
      sourceId: '20260712045',
      event: 'RAINSTORM',
      level: 'ORANGE',
      messageType: 'UPDATE',
      supersedesId: 'AH:Warning:20260711031',
      headline: '合肥市暴雨橙色预警',
      description: '预计未来6小时内合肥市区降雨量将达50毫米以上。',
      instruction: '做好防暴雨准备工作。',
      issuer: '合肥市气象台',
      issuedAt: '2026-07-12T08:30:00+08:00',
      effectiveAt: '2026-07-12T09:00:00+08:00',
      expiresAt: '2026-07-13T09:00:00+08:00',
      areaCodes: ['340102', '340103', '340104'],
      updatedAt: '2026-07-12T08:31:02+08:00',
    });
  });

  it('counts levels downwards: 1 red … 4 blue, as numbers or text', () => {
    expect([1, '2', 3, '4'].map((YJJB) => mapWarning({ ...docWarning, YJJB }).level)).toEqual(['RED', 'ORANGE', 'YELLOW', 'BLUE']);
  });

  it('maps an abolished adcode to its successor and an ALERT to no supersedes', () => {
    const w = mapWarning({ ...docWarning, XXLX: '发布', GLID: null, YXQY: '340823;340702', JSSJ: '' });
    expect(w).toMatchObject({ messageType: 'ALERT', supersedesId: null, areaCodes: ['340722', '340705'], expiresAt: null });
  });

  it('refuses an unknown event, a missing headline, an unparseable time and an UPDATE without GLID', () => {
    expect(invalid(() => mapWarning({ ...docWarning, YJLX: '沙尘暴预警' }))).toMatch(/YJLX/);
    const { BT: _omitted, ...noHeadline } = docWarning;
    expect(invalid(() => mapWarning(noHeadline))).toMatch(/BT/);
    expect(invalid(() => mapWarning({ ...docWarning, FBSJ: '2026-07-12 25:30:00' }))).toMatch(/FBSJ/);
    expect(invalid(() => mapWarning({ ...docWarning, GLID: null }))).toMatch(/GLID/);
  });
});

describe('hazmat (whp)', () => {
  it("maps the document's enterprise: DMS position, 三级, packed HXPMX", () => {
    const e = mapEnterprise(docEnterprise);
    expect(e).toMatchObject({
      id: 'AH:HazmatEnterprise:AHQY000127', sourceId: 'AHQY000127', creditCode: ENTERPRISE_CODE, name: '安庆某石化有限公司',
      divisionCode: '340811', majorHazardGrade: 'GRADE_3', contactPhone: '0556-5551234', updatedAt: '2026-07-12T08:31:02+08:00',
      chemicals: [
        { unNumber: '1203', name: '汽油', hazardClass: 'CLASS_3', tonnes: 1500 },
        { unNumber: '1075', name: '液化石油气', hazardClass: 'CLASS_2_1', tonnes: 300 },
      ],
    });
    expect(e.location?.lng).toBeCloseTo(117 + 2 / 60 + 45 / 3600, 9);
    expect(e.location?.lat).toBeCloseTo(30 + 31 / 60 + 4.8 / 3600, 9);
  });

  it('reads hand-typed credit codes (lower case, spaces), an empty WXYDJ as no grade and 0,0 as no position', () => {
    const e = mapEnterprise({ ...docEnterprise, TYXYDM: ` ${ENTERPRISE_CODE.toLowerCase()}  `, WXYDJ: '', jd: `0°00'00.00"E`, wd: `0°00'00.00"N`, LXDH: '' });
    expect(e).toMatchObject({ creditCode: ENTERPRISE_CODE, majorHazardGrade: null, location: null, contactPhone: null });
  });

  it('refuses a wrong check character and a packed entry with the wrong number of fields', () => {
    const wrong = ENTERPRISE_CODE.slice(0, 17) + (ENTERPRISE_CODE[17] === '0' ? '1' : '0');
    expect(invalid(() => mapEnterprise({ ...docEnterprise, TYXYDM: wrong }))).toMatch(/TYXYDM.*check character/);
    expect(invalid(() => mapEnterprise({ ...docEnterprise, HXPMX: '1203|汽油|3' }))).toMatch(/HXPMX/);
  });

  it("maps the document's waybill: packed HWMX in kilograms, minute-form departure, empty credit code as none", () => {
    expect(mapWaybill(docWaybill)).toEqual({
      id: 'AH:Waybill:YD340000202607120009', province: 'AH', sourceId: 'YD340000202607120009', number: 'YD340000202607120009',
      status: 'IN_TRANSIT', plate: '皖H12345', carrierCreditCode: ENTERPRISE_CODE,
      origin: { name: '安庆某石化有限公司', creditCode: ENTERPRISE_CODE, divisionCode: '340811' },
      destination: { name: '南京某化工有限公司', creditCode: null, divisionCode: '320117' },
      goods: [{ unNumber: '1203', name: '汽油', hazardClass: 'CLASS_3', packingGroup: 'II', kilograms: 28000 }],
      departedAt: '2026-07-12T06:40:00+08:00',
      updatedAt: '2026-07-12T06:41:10+08:00',
      // The v1.0 example has none of the 2026 release's fields.
      consignor: null, trailerPlate: null, tankNumber: null, transportPermit: null, crew: null, emergencyPhone: null,
    });
    expect(mapWaybill({ ...docWaybill, YDZT: '已作废', FCSJ: '', HWMX: '1965|烃类气体混合物|2.1||15720' })).toMatchObject({
      status: 'CANCELLED', departedAt: null, goods: [{ packingGroup: null, kilograms: 15720 }],
    });
  });

  it('reads track rows in decimal degrees (numbers) with a seconds-form time; 0,0 is not a position', () => {
    expect(mapTrackPoint({ CPHM: '皖H12345', jd: 117.227389, wd: 31.820034, DWSJ: '2026-07-12 08:30:05', SD: '58.5' })).toEqual({
      plate: '皖H12345', at: '2026-07-12T08:30:05+08:00', location: { lng: 117.227389, lat: 31.820034 }, speedKmh: 58.5, province: 'AH',
    });
    expect(mapTrackPoint({ CPHM: '皖H12345', jd: 117.2, wd: 31.8, DWSJ: '2026-07-12 08:30:05', SD: null }).speedKmh).toBeNull();
    expect(invalid(() => mapTrackPoint({ CPHM: '皖H12345', jd: 0, wd: 0, DWSJ: '2026-07-12 08:30:05', SD: 0 }))).toMatch(/0,0/);
  });
});

describe('rescue (jydw)', () => {
  it("maps the document's base: JYNL joined by 、, DWXX as JSON inside the JSON, packed WZXX, 是 on duty", () => {
    expect(mapBase(docBase)).toMatchObject({
      id: 'AH:RescueBase:AHJD0009', name: '安徽省危险化学品应急救援安庆基地', level: 'PROVINCIAL', creditCode: BASE_CODE,
      capabilities: ['HAZMAT', 'WATER'],
      teams: [{ id: 'AH:RescueTeam:AHDW0031', sourceId: 'AHDW0031', name: '安庆危化品救援一中队', members: 60, specialty: 'HAZMAT' }],
      materials: [
        { code: 'FH-001', name: '防化服', quantity: 100, unit: '套' },
        { code: 'CFZ-02', name: '冲锋舟', quantity: 12, unit: '艘' },
      ],
      onDuty: true,
      updatedAt: '2026-07-12T08:30:00+08:00',
    });
  });

  it('reads head counts written as text and an empty specialty as none; refuses DWXX that is not JSON', () => {
    expect(parseTeams('[{"dwbh":"AHDW0001","dwmc":"一中队","rs":"45","zy":""}]')).toEqual([
      { id: 'AH:RescueTeam:AHDW0001', sourceId: 'AHDW0001', name: '一中队', members: 45, specialty: null },
    ]);
    expect(invalid(() => mapBase({ ...docBase, DWXX: '[{"dwbh":' }))).toMatch(/DWXX/);
    expect(invalid(() => mapBase({ ...docBase, JDJB: '乡镇级' }))).toMatch(/JDJB/);
  });

  it('maps mutual-aid status rows and listings', () => {
    expect(mapMutualAidStatus({ QQBH: 'AHQQ000041', ZT: '已派出', GXSJ: '2026-07-12 10:00:00' })).toEqual({
      id: 'AH:MutualAidRequest:AHQQ000041', province: 'AH', sourceId: 'AHQQ000041', status: 'DISPATCHED', updatedAt: '2026-07-12T10:00:00+08:00',
    });
    expect(mapMutualAidListing({ QQBH: 'AHQQ000041', ZT: '已提交', GXSJ: '2026-07-12 10:00:00', BZ: 'crid:abc' })).toEqual({
      sourceId: 'AHQQ000041', remark: 'crid:abc', status: 'SUBMITTED', updatedAt: '2026-07-12T10:00:00+08:00',
    });
  });
});

describe('GBK on the wire', () => {
  it('percent-encodes form fields as GBK bytes (堃 is 0x88D2)', () => {
    expect(encodeGbkForm({ lxr: '王堃', bz: 'crid:a b' }).toString('latin1')).toBe('lxr=%CD%F5%88%D2&bz=crid%3Aa+b');
  });

  it('refuses a field GBK cannot encode rather than send "?" in its place', () => {
    expect(() => encodeGbkForm({ sjbt: '𠮷野家仓库🔥氯气泄漏' })).toThrow(LegacyRejectedError);
  });

  it('decodes bodies as GBK unless the Content-Type names another charset', () => {
    expect(decodeBody(iconv.encode('{"msg":"喆"}', 'gbk'), 'application/json; charset=GBK')).toBe('{"msg":"喆"}');
    expect(decodeBody(iconv.encode('{"msg":"喆"}', 'gbk'), undefined)).toBe('{"msg":"喆"}');
    expect(decodeBody(Buffer.from('{"msg":"喆"}', 'utf8'), 'application/json; charset=utf-8')).toBe('{"msg":"喆"}');
  });
});
