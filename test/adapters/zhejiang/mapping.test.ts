import gcoord from 'gcoord';
import { mapBase, mapEnterprise, mapTrackPoint, mapWarning, mapWaybill, zjLocation } from '../../../adapters/zhejiang/map';
import { LegacyDataInvalidError } from '../../../adapters/kit/errors';
import { parseKilograms, parseTonnes } from '../../../adapters/kit/units';
import type { GeoPoint } from '../../../schema/model';
import { beforeEachTest, metresBetween, setUp, tearDown } from './harness';

beforeAll(setUp);
afterAll(tearDown);
beforeEach(beforeEachTest);

describe('mapping the document\'s own examples', () => {
  const warning = {
    yjid: 'ZJYJ-330400-20260712-006', yjlx: 'TF', yjjb: 3, xxlx: 'UPDATE', glyjid: 'ZJYJ-330400-20260711-004',
    bt: '嘉兴市台风橙色预警', nr: '…', fyzn: '…', fbdw: '嘉兴市气象台', fbsj: 1783816200000, sxsj: 1783818000000, jssj: 1783904400000,
    qhdm: ['330421', '330402'], gxsj: 1783816262000,
  };

  it('maps the warning example', () => {
    expect(mapWarning(warning)).toEqual({
      id: 'ZJ:Warning:ZJYJ-330400-20260712-006',
      province: 'ZJ',
      sourceId: 'ZJYJ-330400-20260712-006',
      event: 'TYPHOON',
      level: 'ORANGE',
      messageType: 'UPDATE',
      supersedesId: 'ZJ:Warning:ZJYJ-330400-20260711-004',
      headline: '嘉兴市台风橙色预警',
      description: '…',
      instruction: '…',
      issuer: '嘉兴市气象台',
      issuedAt: '2026-07-12T08:30:00+08:00',
      effectiveAt: '2026-07-12T09:00:00+08:00',
      expiresAt: '2026-07-13T09:00:00+08:00',
      areaCodes: ['330421', '330402'],
      updatedAt: '2026-07-12T08:31:02+08:00',
    });
  });

  it('counts levels upwards: 1 blue … 4 red', () => {
    expect([1, 2, 3, 4].map((yjjb) => mapWarning({ ...warning, yjjb }).level)).toEqual(['BLUE', 'YELLOW', 'ORANGE', 'RED']);
    expect(() => mapWarning({ ...warning, yjjb: 5 })).toThrow(LegacyDataInvalidError);
  });

  it('trims the trailing space of a qhdm entry, and refuses a lost time or a missing title', () => {
    expect(mapWarning({ ...warning, qhdm: ['330421 ', '330402'] }).areaCodes).toEqual(['330421', '330402']);
    expect(() => mapWarning({ ...warning, fbsj: '0000-00-00 00:00:00' })).toThrow(/unparseable fbsj/);
    expect(() => mapWarning({ ...warning, bt: undefined })).toThrow(/missing bt/);
    expect(() => mapWarning({ ...warning, glyjid: null })).toThrow(/without glyjid/);
  });

  it('parses quantities in the four spellings: "120吨", "500千克", "12.5t", "800kg"', () => {
    expect(['120吨', '500千克', '12.5t', '800kg'].map((q) => parseTonnes(q))).toEqual([120, 0.5, 12.5, 0.8]);
    expect(['120吨', '500千克', '12.5t', '800kg'].map((q) => parseKilograms(q))).toEqual([120_000, 500, 12_500, 800]);
  });

  const [bdLng, bdLat] = [121.71, 29.97];
  const enterprise = {
    qyid: 'ZJQY-0218', qymc: '宁波某化学有限公司', xydm: '91330211MA2AXXXX0A', qhdm: '330211', bdLng, bdLat, wxydj: 2,
    hxp: [{ un: '1114', mc: '苯', lb: '3', cl: '800吨' }], lxdh: '0574-…', gxsj: 1783816262000,
  };

  it('maps the enterprise example (with a full credit code), BD-09 to WGS-84', () => {
    const e = mapEnterprise(enterprise);
    const [lng, lat] = gcoord.transform<[number, number]>([bdLng, bdLat], gcoord.BD09, gcoord.WGS84);
    expect({ ...e, location: null }).toEqual({
      id: 'ZJ:HazmatEnterprise:ZJQY-0218', province: 'ZJ', sourceId: 'ZJQY-0218', creditCode: '91330211MA2AXXXX0A', name: '宁波某化学有限公司',
      divisionCode: '330211', location: null, majorHazardGrade: 'GRADE_2',
      chemicals: [{ unNumber: '1114', name: '苯', hazardClass: 'CLASS_3', tonnes: 800, casNumber: null, keySupervised: null, highlyToxic: null }], contactPhone: '0574-…', updatedAt: '2026-07-12T08:31:02+08:00',
      // The example predates the v1.1 fields: a record in the older form.
      park: null, licence: null, majorHazardUnits: null, miswrittenCas: [],
    });
    expect(metresBetween(e.location as GeoPoint, { lng, lat })).toBeLessThan(1);
    expect(mapEnterprise({ ...enterprise, wxydj: 0 }).majorHazardGrade).toBeNull();
    expect(mapEnterprise({ ...enterprise, xydm: '91330211ma2axxxx0a' }).creditCode).toBe('91330211MA2AXXXX0A');
    expect(() => mapEnterprise({ ...enterprise, xydm: '91330211MA2AXXXX0B' })).toThrow(/check character/);
  });

  it('a position of 0,0, none, or outside China is null', () => {
    expect(zjLocation(0, 0)).toBeNull();
    expect(zjLocation(null, null)).toBeNull();
    expect(zjLocation(2.35, 48.85)).toBeNull();
    expect(mapEnterprise({ ...enterprise, bdLng: 0, bdLat: 0 }).location).toBeNull();
  });

  it('BD-09 round trip of a WGS-84 point stays within 1 m', () => {
    const wgs = { lng: 120.594132, lat: 27.972871 };
    const [bl, bt] = gcoord.transform<[number, number]>([wgs.lng, wgs.lat], gcoord.WGS84, gcoord.BD09);
    const back = zjLocation(Math.round(bl * 1e6) / 1e6, Math.round(bt * 1e6) / 1e6) as GeoPoint;
    expect(metresBetween(back, wgs)).toBeLessThan(1);
  });

  it('maps the waybill example', () => {
    const w = mapWaybill({
      ydh: 'YD330000202607120103', cph: '浙B12345', cyrxydm: '91330212MA2BBBB01W',
      qyd: { mc: '宁波某化学有限公司', xydm: '91330211MA2AXXXX0A', qhdm: '330211' }, mdd: { mc: '合肥某公司', xydm: null, qhdm: '340111' },
      hw: [{ un: '1230', mc: '甲醇', lb: '3', bzlb: 'II', zl: '25吨' }], fcsj: 1783816200000, zt: 'TRANSIT', gxsj: 1783816262000,
    });
    expect(w).toEqual({
      id: 'ZJ:Waybill:YD330000202607120103', province: 'ZJ', sourceId: 'YD330000202607120103', number: 'YD330000202607120103',
      status: 'IN_TRANSIT', plate: '浙B12345', carrierCreditCode: '91330212MA2BBBB01W',
      origin: { name: '宁波某化学有限公司', creditCode: '91330211MA2AXXXX0A', divisionCode: '330211' },
      destination: { name: '合肥某公司', creditCode: null, divisionCode: '340111' },
      goods: [{ unNumber: '1230', name: '甲醇', hazardClass: 'CLASS_3', packingGroup: 'II', kilograms: 25_000 }],
      departedAt: '2026-07-12T08:30:00+08:00', updatedAt: '2026-07-12T08:31:02+08:00',
      // The v1.0 example has none of the 2026 release's fields.
      consignor: null, trailerPlate: null, tankNumber: null, transportPermit: null, crew: null, emergencyPhone: null,
    });
  });

  it('maps the base example: levels, capabilities, teams with global ids, materials', () => {
    const b = mapBase({
      jdid: 'ZJJD-033', jdmc: '国家危险化学品应急救援宁波基地', jb: 'GJ', xydm: '52330211MA0000001K', qhdm: '330211', bdLng, bdLat,
      nl: ['危化', '水域'], dw: [{ dwid: 'ZJDW-0101', dwmc: '危化救援一队', rs: 80, zy: '危化' }],
      wz: [{ bm: 'FH-001', mc: '防化服', sl: 150, dw: '套' }], zbzt: 'ON', lxdh: '0574-…', gxsj: 1783816262000,
    });
    expect({ ...b, location: null }).toEqual({
      id: 'ZJ:RescueBase:ZJJD-033', province: 'ZJ', sourceId: 'ZJJD-033', name: '国家危险化学品应急救援宁波基地', level: 'NATIONAL',
      creditCode: '52330211MA0000001K', divisionCode: '330211', location: null, capabilities: ['HAZMAT', 'WATER'],
      teams: [{ id: 'ZJ:RescueTeam:ZJDW-0101', sourceId: 'ZJDW-0101', name: '危化救援一队', members: 80, specialty: 'HAZMAT' }],
      materials: [{ code: 'FH-001', name: '防化服', quantity: 150, unit: '套' }], onDuty: true, dutyPhone: '0574-…', updatedAt: '2026-07-12T08:31:02+08:00',
    });
    expect(() => mapBase({ jdid: 'ZJJD-034', jb: 'CJ' })).toThrow(LegacyDataInvalidError);
  });

  it('maps a track point [bdLng, bdLat, epochMs, speedKmh]', () => {
    const p = mapTrackPoint('浙B12345', [bdLng, bdLat, 1783816200000, 62.5]);
    expect({ ...p, location: null }).toEqual({ plate: '浙B12345', at: '2026-07-12T08:30:00+08:00', location: null, speedKmh: 62.5, province: 'ZJ' });
    expect(mapTrackPoint('浙B12345', [bdLng, bdLat, 1783816200000, null]).speedKmh).toBeNull();
    expect(() => mapTrackPoint('浙B12345', [0, 0, 1783816200000, 10])).toThrow(LegacyDataInvalidError);
  });
});
