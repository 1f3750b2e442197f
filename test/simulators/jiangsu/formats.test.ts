import type { GeoPoint, WarningRecord } from '../../../schema/model';
import { BASE, beijing14, call, dataset, everything, metres, mine, type Row, setUp, sign, tearDown, toGcj, url } from './harness';

beforeAll(setUp);
afterAll(tearDown);

describe('formats', () => {
  it('renders a warning with the document field names, codes, yyyyMMddHHmmss Beijing times and empty elements', async () => {
    const alert = mine(dataset.warnings).find((w) => w.messageType === 'ALERT' && w.instruction !== null) as WarningRecord;
    const a = await call('WarningService/get', { ids: alert.sourceId });
    expect(a.body).toContain('<REF_WARN_ID/>');
    expect(a.rows[0]).toEqual({
      WARN_ID: alert.sourceId,
      WARN_TYPE: String(['TYPHOON', 'RAINSTORM', 'BLIZZARD', 'COLD_WAVE', 'GALE', 'HIGH_TEMPERATURE', 'THUNDERSTORM', 'FOG', 'ROAD_ICING', 'FLOOD', 'GEOLOGICAL_HAZARD', 'FOREST_FIRE', 'EARTHQUAKE', 'STORM_SURGE', 'HAZMAT_INCIDENT'].indexOf(alert.event) + 1).padStart(2, '0'),
      WARN_LEVEL: { RED: 'I', ORANGE: 'II', YELLOW: 'III', BLUE: 'IV' }[alert.level],
      TITLE: alert.headline,
      CONTENT: alert.description,
      DEFENSE_GUIDE: alert.instruction,
      ISSUE_ORG: alert.issuer,
      ISSUE_TIME: beijing14(alert.issuedAt),
      START_TIME: beijing14(alert.effectiveAt),
      END_TIME: alert.expiresAt === null ? '' : beijing14(alert.expiresAt),
      AREA_CODES: alert.areaCodes.join(','),
      MSG_TYPE: '1',
      REF_WARN_ID: '',
      UPDATE_TIME: beijing14(alert.updatedAt),
    });
    expect(beijing14('2026-07-12T00:30:00Z')).toBe('20260712083000');
  });

  it('names the referenced warning in REF_WARN_ID for updates and cancels', async () => {
    const update = mine(dataset.warnings).find((w) => w.messageType !== 'ALERT') as WarningRecord;
    const [row] = (await call('WarningService/get', { ids: update.sourceId })).rows;
    expect(row.MSG_TYPE).toBe(update.messageType === 'UPDATE' ? '2' : '3');
    expect(`JS:Warning:${String(row.REF_WARN_ID)}`).toBe(update.supersedesId);
  });

  it('writes positions in GCJ-02 with six decimals', async () => {
    const e = mine(dataset.enterprises).find((x) => x.location !== null) as (typeof dataset.enterprises)[number];
    const [row] = (await call('HazardService/enterpriseGet', { ids: e.sourceId })).rows;
    expect(String(row.LNG)).toMatch(/^\d+\.\d{6}$/);
    expect(String(row.LAT)).toMatch(/^\d+\.\d{6}$/);
    const [lng, lat] = toGcj(e.location as GeoPoint);
    expect(metres({ lng: Number(row.LNG), lat: Number(row.LAT) }, { lng, lat })).toBeLessThan(0.2);
    expect(metres({ lng: Number(row.LNG), lat: Number(row.LAT) }, e.location as GeoPoint)).toBeGreaterThan(50);
  });

  it('renders an enterprise, a waybill and a base with their nested lists and codes', async () => {
    const e = mine(dataset.enterprises).find((x) => x.chemicals.length > 1 && x.majorHazardGrade !== null) as (typeof dataset.enterprises)[number];
    const [er] = (await call('HazardService/enterpriseGet', { ids: e.sourceId })).rows;
    expect(er).toMatchObject({ QY_MC: e.name, TYSHXYDM: e.creditCode, XZQH_DM: e.divisionCode, ZDWXY_DJ: e.majorHazardGrade?.slice(-1) });
    const chems = (er.CHEMICALS as { CHEMICAL: Row[] }).CHEMICAL;
    expect(chems.map((c) => [c.UN_NO, c.HXP_MC, Number(c.CL)])).toEqual(e.chemicals.map((c) => [c.unNumber, c.name, c.tonnes]));
    expect(chems.every((c) => /^\d+\.\d{3}$/.test(String(c.CL)))).toBe(true);

    const w = mine(dataset.waybills).find((x) => x.departedAt !== null && x.goods.some((g) => g.packingGroup !== null)) as (typeof dataset.waybills)[number];
    const [wr] = (await call('TransportService/waybillGet', { ids: w.sourceId })).rows;
    expect(wr).toMatchObject({ YD_BH: w.number, CPH: w.plate, FCSJ: beijing14(w.departedAt as string), ZT: { PLANNED: '0', IN_TRANSIT: '1', ARRIVED: '2', CANCELLED: '9' }[w.status] });
    expect((wr.HWS as { HW: Row[] }).HW.map((g) => [g.UN_NO, g.BZLB, Number(g.ZL_KG)])).toEqual(w.goods.map((g) => [g.unNumber, g.packingGroup ?? '', g.kilograms]));

    const b = mine(dataset.bases).find((x) => x.teams.length > 1) as (typeof dataset.bases)[number];
    const [br] = (await call('RescueService/baseGet', { ids: b.sourceId })).rows;
    expect(br.ZB_ZT).toBe(b.onDuty ? '1' : '0');
    expect(['国家级', '省级', '市级', '县级']).toContain(br.JB);
    expect(String(br.NL).split(',')).toHaveLength(b.capabilities.length);
    expect((br.DWS as { DW: Row[] }).DW.map((t) => [t.DW_ID, Number(t.RS)])).toEqual(b.teams.map((t) => [t.sourceId, t.members]));
    expect((br.WZS as { WZ: Row[] }).WZ.map((m) => [m.WZ_BM, Number(m.SL), m.JLDW])).toEqual(b.materials.map((m) => [m.code, m.quantity, m.unit]));
  });

  it('answers XML in UTF-8', async () => {
    const res = await fetch(`${url}${BASE}/WarningService/list`, { headers: sign(`${BASE}/WarningService/list`) });
    expect(res.headers.get('content-type')).toMatch(/^application\/xml; charset=UTF-8$/i);
    expect(await res.text()).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response>/);
  });
});

describe('quirks', () => {
  it('AREA_CODES can hold a city code meaning the whole city, as the canonical warning does', async () => {
    const cityWide = mine(dataset.warnings).filter((w) => w.areaCodes.some((c) => /^32\d{2}00$/.test(c)));
    expect(cityWide.length).toBeGreaterThan(0);
    const rows = (await call('WarningService/get', { ids: cityWide.map((w) => w.sourceId).join(',') })).rows;
    expect(rows.map((r) => r.AREA_CODES)).toEqual(cityWide.map((w) => w.areaCodes.join(',')));
  });

  it('writes 0.000000 only for sites never geocoded; the other such sites have empty LNG/LAT', async () => {
    const rows = [...(await everything('HazardService/enterpriseList')), ...(await everything('RescueService/baseList'))];
    const nullLocated = new Set([...mine(dataset.enterprises), ...mine(dataset.bases)].filter((r) => r.location === null).map((r) => r.sourceId));
    const zero = rows.filter((r) => r.LNG === '0.000000' && r.LAT === '0.000000').map((r) => String(r.QY_ID ?? r.JD_ID));
    const empty = rows.filter((r) => r.LNG === '' && r.LAT === '').map((r) => String(r.QY_ID ?? r.JD_ID));
    expect(zero.length).toBeGreaterThan(0);
    expect(empty.length).toBeGreaterThan(0);
    expect([...zero, ...empty].sort()).toEqual([...nullLocated].sort());
  });
});

describe('defective records are rendered corrupted as their defect says', () => {
  const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const checkOk = (code: string): boolean => {
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(code[i]) * (3 ** i % 31);
    return ALPHABET[(31 - (sum % 31)) % 31] === code[17];
  };
  const REQUIRED = {
    warnings: ['WARN_ID', 'WARN_TYPE', 'WARN_LEVEL', 'TITLE', 'ISSUE_ORG', 'ISSUE_TIME', 'START_TIME', 'AREA_CODES', 'MSG_TYPE', 'UPDATE_TIME'],
    enterprises: ['QY_ID', 'QY_MC', 'TYSHXYDM', 'XZQH_DM', 'UPDATE_TIME'],
    waybills: ['YD_BH', 'CPH', 'QYD_MC', 'MDD_MC', 'ZT', 'UPDATE_TIME'],
    bases: ['JD_ID', 'JD_MC', 'JB', 'XZQH_DM', 'ZB_ZT', 'UPDATE_TIME'],
  };
  const OPS = { warnings: 'WarningService/get', enterprises: 'HazardService/enterpriseGet', waybills: 'TransportService/waybillGet', bases: 'RescueService/baseGet' };

  it('covers every defect the data set gives Jiangsu', async () => {
    const bad = mine(dataset.bad);
    expect(bad.length).toBeGreaterThan(0);
    for (const b of bad) {
      const [row] = (await call(OPS[b.collection], { ids: b.record.sourceId })).rows;
      const values = Object.entries(row).filter(([, v]) => typeof v === 'string') as [string, string][];
      switch (b.defect) {
        case 'INVALID_CREDIT_CODE': {
          const codes = values.filter(([k, v]) => k.endsWith('TYSHXYDM') && v !== '').map(([, v]) => v);
          expect(codes.some((c) => c.length === 18 && !checkOk(c))).toBe(true);
          break;
        }
        case 'UNKNOWN_CODE': {
          const fields: Record<string, (v: string) => boolean> = {
            WARN_TYPE: (v) => /^(0[1-9]|1[0-5])$/.test(v),
            NL: (v) => v === '' || v.split(',').every((c) => ['WHP', 'SY', 'DZ', 'SLHZ', 'HK', 'KS', 'SYUE', 'FX'].includes(c)),
            ZT: (v) => ['0', '1', '2', '9'].includes(v),
            ZDWXY_DJ: (v) => ['', '1', '2', '3', '4'].includes(v),
          };
          expect(values.some(([k, v]) => fields[k] !== undefined && !fields[k](v))).toBe(true);
          break;
        }
        case 'MISSING_FIELD': {
          const missing = REQUIRED[b.collection].filter((k) => row[k] === undefined || row[k] === '');
          expect(missing.length).toBeGreaterThan(0);
          break;
        }
        case 'UNPARSEABLE_TIME': {
          const times = values.filter(([k]) => k.endsWith('_TIME')).map(([, v]) => v);
          const valid = (v: string): boolean => {
            const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(v);
            return m !== null && Number(m[2]) <= 12 && Number(m[3]) <= 31 && Number(m[4]) <= 23 && Number(m[5]) <= 59 && Number(m[6]) <= 59;
          };
          expect(times.some((t) => !valid(t))).toBe(true);
          break;
        }
      }
    }
  });
});
