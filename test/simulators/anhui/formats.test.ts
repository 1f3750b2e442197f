import { parseDms } from '../../../adapters/kit/coordinates';
import { isValidCreditCode } from '../../../adapters/kit/credit-code';
import { ABOLISHED_ADCODES } from '../../../schema/geography';
import { afterEachTest, ah, all, BOTH_TIME_FORMS, call, dataset, DMS_LAT, DMS_LNG, metres, type Row, setUp, tearDown } from './harness';

beforeAll(setUp);
afterAll(tearDown);
afterEach(afterEachTest);

describe("the system's formats", () => {
  it('writes warnings with integer ids, YJJB counting downwards, both time forms and ;-separated adcodes', async () => {
    const { rows } = await all('/yjxx/list');
    const byId = new Map(rows.map((r) => [String(r.ID), r]));
    for (const w of ah(dataset.warnings)) {
      const r = byId.get(w.sourceId) as Row;
      expect(typeof r.ID).toBe('number');
      expect(Number(r.YJJB)).toBe({ RED: 1, ORANGE: 2, YELLOW: 3, BLUE: 4 }[w.level]);
      expect(r.GLID).toBe(w.supersedesId === null ? null : Number(w.supersedesId.split(':')[2]));
      for (const f of ['FBSJ', 'SXSJ', 'GXSJ']) expect(r[f]).toMatch(BOTH_TIME_FORMS);
      expect(String(r.YXQY).split(';')).toHaveLength(w.areaCodes.length);
    }
    const forms = rows.flatMap((r) => ['FBSJ', 'SXSJ', 'JSSJ', 'GXSJ'].map((f) => String(r[f])));
    expect(forms.some((t) => t.includes('/'))).toBe(true);
    expect(forms.some((t) => /:\d{2}:\d{2}$/.test(t))).toBe(true);
    expect(rows.some((r) => String(r.FBSJ).includes('/') !== String(r.GXSJ).includes('/'))).toBe(true);
    expect(rows.some((r) => typeof r.YJJB === 'string') && rows.some((r) => typeof r.YJJB === 'number')).toBe(true);
  });

  it('writes site positions as WGS-84 degrees-minutes-seconds that hold the canonical point within 1 m', async () => {
    const { rows } = await all('/whp/qyxx/list');
    const byId = new Map(rows.map((r) => [String(r.QYBH), r]));
    for (const e of ah(dataset.enterprises)) {
      const r = byId.get(e.sourceId) as Row;
      expect(r.jd).toMatch(DMS_LNG);
      expect(r.wd).toMatch(DMS_LAT);
      const p = { lng: parseDms(String(r.jd)), lat: parseDms(String(r.wd)) };
      if (e.location === null) expect(p).toEqual({ lng: 0, lat: 0 });
      else expect(metres(p, e.location)).toBeLessThan(1);
    }
  });

  it('packs chemicals (HXPMX), goods (HWMX) and materials (WZXX), and embeds teams as JSON inside the JSON', async () => {
    const enterprise = ah(dataset.enterprises).find((e) => e.chemicals.length > 1) as (typeof dataset.enterprises)[number];
    const e = (await call('/whp/qyxx/detail', { qybh: enterprise.sourceId })).body.data as Row;
    // Four fields in the older form; seven (CAS as written, 重点监管, 剧毒) in a holding recorded since v1.1.
    const v11 = (c: (typeof enterprise.chemicals)[number]): string =>
      c.keySupervised === null ? '' : `|${enterprise.miswrittenCas.find((m) => m.unNumber === c.unNumber)?.written ?? c.casNumber ?? ''}|${c.keySupervised ? '是' : '否'}|${c.highlyToxic ? '是' : '否'}`;
    expect(e.HXPMX).toBe(enterprise.chemicals.map((c) => `${c.unNumber}|${c.name}|${c.hazardClass.slice(6).replace('_', '.')}|${c.tonnes}${v11(c)}`).join(';'));

    const waybill = ah(dataset.waybills)[0];
    const w = (await call('/whp/ydxx/detail', { ydbh: waybill.sourceId })).body.data as Row;
    expect(w.HWMX).toBe(waybill.goods.map((g) => `${g.unNumber}|${g.name}|${g.hazardClass.slice(6).replace('_', '.')}|${g.packingGroup ?? ''}|${g.kilograms}`).join(';'));
    expect(w.YDZT).toBe({ PLANNED: '待发车', IN_TRANSIT: '运输中', ARRIVED: '已到达', CANCELLED: '已作废' }[waybill.status]);

    const rescue = ah(dataset.bases).find((b) => b.capabilities.length > 1 && b.teams.length > 0) as (typeof dataset.bases)[number];
    const b = (await call('/jydw/jdxx/detail', { jdbh: rescue.sourceId })).body.data as Row;
    expect(typeof b.DWXX).toBe('string');
    const teams = JSON.parse(String(b.DWXX)) as Row[];
    expect(teams.map((t) => [t.dwbh, t.dwmc, Number(t.rs)])).toEqual(rescue.teams.map((t) => [t.sourceId, t.name, t.members]));
    expect(String(b.JYNL).split('、')).toHaveLength(rescue.capabilities.length);
    expect(b.WZXX).toBe(rescue.materials.map((m) => `${m.code}:${m.name}:${m.quantity}:${m.unit}`).join(';'));
    expect(b.ZBZT).toBe(rescue.onDuty ? '是' : '否');
  });

  it('shows its quirks on a share of records: hand-typed credit codes, abolished adcodes, numbers as text', async () => {
    const enterprises = (await all('/whp/qyxx/list')).rows;
    const codes = enterprises.map((r) => String(r.TYXYDM));
    expect(codes.some((c) => c !== c.toUpperCase())).toBe(true);
    expect(codes.some((c) => c !== c.trim())).toBe(true);
    expect(codes.filter((c) => c === c.trim() && c === c.toUpperCase()).length).toBeGreaterThan(codes.length / 2);

    const areas = [...enterprises.map((r) => String(r.XZQH)), ...(await all('/jydw/jdxx/list')).rows.map((r) => String(r.XZQH)),
      ...(await all('/yjxx/list')).rows.flatMap((r) => String(r.YXQY).split(';'))];
    expect(areas.some((c) => ABOLISHED_ADCODES.has(c))).toBe(true);

    const bases = (await all('/jydw/jdxx/list')).rows;
    const members = bases.flatMap((r) => (JSON.parse(String(r.DWXX ?? '[]')) as Row[]).map((t) => t.rs));
    expect(members.some((m) => typeof m === 'string')).toBe(true);
  });

  it('renders each defective record corrupted as its defect says', async () => {
    const rows = {
      warnings: new Map((await all('/yjxx/list')).rows.map((r) => [String(r.ID), r])),
      enterprises: new Map((await all('/whp/qyxx/list')).rows.map((r) => [String(r.QYBH), r])),
      waybills: new Map((await all('/whp/ydxx/list')).rows.map((r) => [String(r.YDBH), r])),
      bases: new Map((await all('/jydw/jdxx/list')).rows.map((r) => [String(r.JDBH), r])),
    };
    const defects = new Set<string>();
    for (const b of dataset.bad.filter((x) => x.province === 'AH')) {
      const r = rows[b.collection].get(b.record.sourceId) as Row;
      defects.add(b.defect);
      const times = Object.values(r).filter((v) => typeof v === 'string' && /^\d{4}[-/]\d{2}[-/]\d{2} /.test(v)) as string[];
      switch (b.defect) {
        case 'INVALID_CREDIT_CODE': {
          const code = String(r.TYXYDM ?? r.CYDW_TYXYDM).trim().toUpperCase();
          expect(code).toHaveLength(18);
          expect(isValidCreditCode(code)).toBe(false);
          break;
        }
        case 'UNKNOWN_CODE':
          expect(['冰雹预警', '乡镇级']).toContain(r.YJLX ?? r.JDJB);
          break;
        case 'MISSING_FIELD':
          expect([r.BT, r.QYMC, r.CPHM, r.JDMC].some((v) => v === undefined || v === '')).toBe(true);
          break;
        case 'UNPARSEABLE_TIME':
          expect(times.some((t) => / 2[4-9]:/.test(t))).toBe(true);
          break;
      }
    }
    expect(defects.size).toBe(4);
  });
});
