import { mapBase, mapEnterprise, mapTrackPoint, mapWarning, mapWaybill } from '../../../adapters/shanghai/map';
import { LegacyDataInvalidError } from '../../../adapters/kit/errors';
import { beforeEachTest, dataset, setUp, sh, tearDown } from './harness';

beforeAll(setUp);
afterAll(tearDown);
beforeEach(beforeEachTest);

describe("mapping the document's own examples", () => {
  const warning = {
    id: 'SHW-20260712-0031', type: '台风', color: '橙色', msgType: 'Update',
    refId: 'SHW-20260711-0027', title: '上海中心气象台台风橙色预警',
    content: '受台风影响…', guide: '停止户外集体活动…', publisher: '上海中心气象台',
    publishTime: '2026-07-12T08:30:00+08:00', effectiveTime: '2026-07-12T09:00:00+08:00',
    expireTime: '2026-07-13T09:00:00+08:00', districts: ['310115', '310118'],
    updatedAt: '2026-07-12T08:31:02+08:00',
  };

  it('a warning', () => {
    expect(mapWarning(warning)).toEqual({
      id: 'SH:Warning:SHW-20260712-0031', province: 'SH', sourceId: 'SHW-20260712-0031',
      event: 'TYPHOON', level: 'ORANGE', messageType: 'UPDATE', supersedesId: 'SH:Warning:SHW-20260711-0027',
      headline: '上海中心气象台台风橙色预警', description: '受台风影响…', instruction: '停止户外集体活动…', issuer: '上海中心气象台',
      issuedAt: '2026-07-12T08:30:00+08:00', effectiveAt: '2026-07-12T09:00:00+08:00', expiresAt: '2026-07-13T09:00:00+08:00',
      areaCodes: ['310115', '310118'], updatedAt: '2026-07-12T08:31:02+08:00',
    });
  });

  it('a warning naming the abolished Zhabei district, and one without its refId', () => {
    expect(mapWarning({ ...warning, districts: ['310108', '310115'] }).areaCodes).toEqual(['310106', '310115']);
    expect(mapWarning({ ...warning, districts: ['310108', '310106'] }).areaCodes).toEqual(['310106']);
    expect(() => mapWarning({ ...warning, refId: undefined })).toThrow(LegacyDataInvalidError);
    expect(() => mapWarning({ ...warning, color: '紫色' })).toThrow(/unknown color/);
  });

  const enterprise = {
    id: 'SHE-000412', name: '上海某石化有限公司', creditCode: '91310116XXXXXXXXXX',
    districtCode: '310116', location: { lng: 121.33, lat: 30.72 }, hazardLevel: '二级',
    chemicals: [{ unNo: '1203', name: '汽油', cls: '3', reserveTon: 1200.5 }],
    contactPhone: '021-5794xxxx', updatedAt: '2026-07-12T08:31:02+08:00',
  };
  const validCode = sh(dataset.enterprises)[0].creditCode;

  it("an enterprise; the example's placeholder credit code is not a valid one", () => {
    expect(() => mapEnterprise(enterprise)).toThrow(/credit code/);
    expect(mapEnterprise({ ...enterprise, creditCode: validCode, chemicals: [{ ...enterprise.chemicals[0], reserveTon: '1200.5' }] })).toEqual({
      id: 'SH:HazmatEnterprise:SHE-000412', province: 'SH', sourceId: 'SHE-000412', creditCode: validCode,
      name: '上海某石化有限公司', divisionCode: '310116', location: { lng: 121.33, lat: 30.72 }, majorHazardGrade: 'GRADE_2',
      chemicals: [{ unNumber: '1203', name: '汽油', hazardClass: 'CLASS_3', tonnes: 1200.5, casNumber: null, keySupervised: null, highlyToxic: null }],
      contactPhone: '021-5794xxxx', updatedAt: '2026-07-12T08:31:02+08:00',
      // The example predates the v1.1 fields: a record in the older form.
      park: null, licence: null, majorHazardUnits: null, miswrittenCas: [],
    });
  });

  it('an enterprise that is not a major hazard installation, or never geocoded', () => {
    const e = mapEnterprise({ ...enterprise, creditCode: validCode, hazardLevel: null, location: { lng: 0, lat: 0 } });
    expect(e.majorHazardGrade).toBeNull();
    expect(e.location).toBeNull();
    const { hazardLevel: _omitted, ...withoutGrade } = { ...enterprise, creditCode: validCode };
    expect(() => mapEnterprise(withoutGrade)).toThrow(/missing hazardLevel/);
  });

  it('a waybill: the plate without its dot, kg as a string', () => {
    const carrier = sh(dataset.waybills)[0].carrierCreditCode as string;
    const w = mapWaybill({
      waybillNo: 'YD310000202607120001', plate: '沪A·D1234', carrierCreditCode: carrier,
      origin: { name: '上海某石化有限公司', creditCode: validCode, districtCode: '310116' },
      dest: { name: '南京某化工', creditCode: null, districtCode: '320117' },
      goods: [{ unNo: '1203', name: '汽油', cls: '3', pg: 'II', kg: '28000' }],
      departTime: '2026-07-12T08:00:00+08:00', status: '在途', updatedAt: '2026-07-12T08:31:02+08:00',
    });
    expect(w).toMatchObject({
      id: 'SH:Waybill:YD310000202607120001', number: 'YD310000202607120001', plate: '沪AD1234', status: 'IN_TRANSIT',
      destination: { name: '南京某化工', creditCode: null, divisionCode: '320117' },
      goods: [{ unNumber: '1203', name: '汽油', hazardClass: 'CLASS_3', packingGroup: 'II', kilograms: 28000 }],
    });
  });

  it('a base with its teams as global ids', () => {
    const b = mapBase({
      id: 'SHB-0007', name: '国家危险化学品应急救援上海基地', level: '国家级', creditCode: null, districtCode: '310116',
      location: { lng: 121.33, lat: 30.72 }, capabilities: ['危化品', '水域'],
      teams: [{ id: 'SHT-0031', name: '一队', members: 120, specialty: '危化品' }],
      materials: [{ code: 'FH-001', name: '防化服', qty: 300, unit: '套' }], onDuty: true, phone: '021-0000', updatedAt: '2026-07-12T08:31:02+08:00',
    });
    expect(b).toMatchObject({
      id: 'SH:RescueBase:SHB-0007', level: 'NATIONAL', capabilities: ['HAZMAT', 'WATER'],
      teams: [{ id: 'SH:RescueTeam:SHT-0031', sourceId: 'SHT-0031', name: '一队', members: 120, specialty: 'HAZMAT' }],
      materials: [{ code: 'FH-001', name: '防化服', quantity: 300, unit: '套' }], onDuty: true, dutyPhone: '021-0000',
    });
  });

  it('a track point; one without a position in China is invalid', () => {
    expect(mapTrackPoint('沪AD1234', { lng: 121.4737, lat: 31.2304, ts: '2026-07-12T08:30:00+08:00', speed: 62.5 })).toEqual({
      plate: '沪AD1234', at: '2026-07-12T08:30:00+08:00', location: { lng: 121.4737, lat: 31.2304 }, speedKmh: 62.5, province: 'SH',
    });
    expect(() => mapTrackPoint('沪AD1234', { lng: 0, lat: 0, ts: '2026-07-12T08:30:00+08:00', speed: 0 })).toThrow(LegacyDataInvalidError);
  });
});
