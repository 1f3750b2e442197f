import { createHmac } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import gcoord from 'gcoord';
import type { GeoPoint, ProvinceCode, WarningRecord } from '../../schema/model';
import { SimClock } from '../../simulators/common/clock';
import type { SimServer } from '../../simulators/common/sim-server';
import { loadDataset, type CanonicalDataset } from '../../simulators/dataset';
import { createJiangsuSimulator } from '../../simulators/jiangsu';

/**
 * The jsyj simulator against legacy-apis/jiangsu.md, over real HTTP: every request signed here
 * from the document's recipe (HMAC-SHA256 of appId\ntimestamp\npath), every answer read as XML.
 */

const NOW = new Date('2026-07-12T04:00:00Z');
const APP = { appId: 'test-js-app', appSecret: 'test-js-secret' };
const BASE = '/jsyj/services';

type Row = Record<string, unknown>;
interface Answer {
  status: number;
  body: string;
  code: string;
  message: string;
  total: number;
  rows: Row[];
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  isArray: (_n, jpath) => ['Response.Data.Row', 'Response.Data.Row.CHEMICALS.CHEMICAL', 'Response.Data.Row.HWS.HW', 'Response.Data.Row.DWS.DW', 'Response.Data.Row.WZS.WZ'].includes(String(jpath)),
});

let dataset: CanonicalDataset;
let clock: SimClock;
let sim: SimServer;
let url: string;

const mine = <T extends { province: ProvinceCode }>(xs: readonly T[]): T[] => xs.filter((x) => x.province === 'JS');

function sign(path: string, at: Date = clock.now(), app = APP): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const sig = createHmac('sha256', app.appSecret).update(`${app.appId}\n${timestamp}\n${path}`).digest('hex');
  return { 'X-App-Id': app.appId, 'X-Timestamp': timestamp, 'X-Sign': sig };
}

function read(status: number, body: string): Answer {
  expect(XMLValidator.validate(body)).toBe(true);
  const r = (parser.parse(body) as { Response: { Code: string; Message: string; Total: string; Data: { Row?: Row[] } | '' } }).Response;
  return { status, body, code: r.Code, message: r.Message, total: Number(r.Total), rows: typeof r.Data === 'object' ? r.Data.Row ?? [] : [] };
}

async function call(operation: string, query: Record<string, string | number> = {}, headers?: Record<string, string>): Promise<Answer> {
  const path = `${BASE}/${operation}`;
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const res = await fetch(`${url}${path}${qs ? `?${qs}` : ''}`, { headers: headers ?? sign(path) });
  return read(res.status, await res.text());
}

async function submit(xml: string): Promise<Answer> {
  const path = `${BASE}/RescueService/requestSubmit`;
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { ...sign(path), 'Content-Type': 'application/xml; charset=UTF-8' }, body: xml });
  return read(res.status, await res.text());
}

async function control(path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${url}${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  return res.json();
}

/** Every row of a list, paged at the largest page the document allows. */
async function everything(operation: string, query: Record<string, string> = {}): Promise<Row[]> {
  const rows: Row[] = [];
  for (let offset = 0; ; offset += 200) {
    const a = await call(operation, { ...query, offset, limit: 200 });
    expect(a.code).toBe('0');
    rows.push(...a.rows);
    if (offset + 200 >= a.total) return rows;
  }
}

const beijing14 = (iso: string): string => {
  const d = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return d.slice(0, 19).replace(/[-T:]/g, '');
};
const fromBeijing14 = (t: string): number =>
  Date.parse(`${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(8, 10)}:${t.slice(10, 12)}:${t.slice(12, 14)}+08:00`);
const toGcj = (p: GeoPoint): [number, number] => gcoord.transform<[number, number]>([p.lng, p.lat], gcoord.WGS84, gcoord.GCJ02);
const metres = (a: GeoPoint, b: GeoPoint): number =>
  Math.hypot((a.lng - b.lng) * 111_320 * Math.cos((a.lat * Math.PI) / 180), (a.lat - b.lat) * 110_574);

beforeAll(async () => {
  dataset = loadDataset({ seed: 'test', now: NOW, scale: 1 });
  clock = new SimClock(NOW);
  sim = createJiangsuSimulator({ dataset, clock, credentials: APP });
  url = await sim.listen(0);
});

afterAll(async () => {
  await sim.close();
});

describe('signature', () => {
  const op = 'HazardService/enterpriseList';
  const path = `${BASE}/${op}`;

  it('refuses a request without signature headers with code 401 签名错误 inside HTTP 200', async () => {
    const a = await call(op, {}, {});
    expect(a).toMatchObject({ status: 200, code: '401', message: '签名错误', rows: [] });
  });

  it('refuses a signature made with the wrong secret, or for another path', async () => {
    expect((await call(op, {}, sign(path, clock.now(), { ...APP, appSecret: 'guess' }))).code).toBe('401');
    expect((await call(op, {}, sign(`${BASE}/WarningService/list`))).code).toBe('401');
    expect((await call(op, {}, sign(path, clock.now(), { ...APP, appId: 'someone-else' }))).code).toBe('401');
  });

  it('signs the path without the query string', async () => {
    const a = await call(op, { offset: 0, limit: 5 }, sign(path));
    expect(a.code).toBe('0');
    expect(a.rows).toHaveLength(5);
  });

  it('accepts a timestamp within 300 s of the simulated clock and refuses one further away', async () => {
    const now = clock.now().getTime();
    expect((await call(op, {}, sign(path, new Date(now - 290_000)))).code).toBe('0');
    expect((await call(op, {}, sign(path, new Date(now + 290_000)))).code).toBe('0');
    expect((await call(op, {}, sign(path, new Date(now - 310_000)))).code).toBe('401');
    expect((await call(op, {}, sign(path, new Date(now + 310_000)))).code).toBe('401');
  });

  it('follows the simulated clock: a signature goes stale when the clock moves on', async () => {
    const headers = sign(path);
    expect((await call(op, {}, headers)).code).toBe('0');
    clock.advance(400_000);
    try {
      expect((await call(op, {}, headers)).code).toBe('401');
    } finally {
      clock.advance(-400_000);
    }
  });
});

describe('lists: pagination, ordering, since', () => {
  it('pages by offset and limit (default 20, at most 200), Total counting every match', async () => {
    const all = mine(dataset.enterprises).length + mine(dataset.bad).filter((b) => b.collection === 'enterprises').length;
    const first = await call('HazardService/enterpriseList');
    expect(first.rows).toHaveLength(20);
    expect(first.total).toBe(all);
    const big = await call('HazardService/enterpriseList', { limit: 200 });
    expect(big.rows).toHaveLength(all);
    const pages: Row[] = [];
    for (let offset = 0; offset < all; offset += 7) pages.push(...(await call('HazardService/enterpriseList', { offset, limit: 7 })).rows);
    expect(pages.map((r) => r.QY_ID)).toEqual(big.rows.map((r) => r.QY_ID));
    expect((await call('HazardService/enterpriseList', { offset: all, limit: 10 })).rows).toEqual([]);
  });

  it('refuses a limit above 200 or below 1 and a non-numeric offset with code 3001', async () => {
    const queries: Record<string, string | number>[] = [{ limit: 201 }, { limit: 0 }, { offset: 'abc' }, { limit: '20x' }];
    for (const query of queries) {
      const a = await call('WarningService/list', query);
      expect(a).toMatchObject({ status: 200, code: '3001' });
    }
  });

  it('orders by UPDATE_TIME ascending, then the record id', async () => {
    const rows = await everything('TransportService/waybillList');
    const keys = rows.filter((r) => /^\d{14}$/.test(String(r.UPDATE_TIME)) && !String(r.UPDATE_TIME).endsWith('246000')).map((r) => `${String(r.UPDATE_TIME)}|${String(r.YD_BH)}`);
    expect(keys).toEqual([...keys].sort());
    const expected = [...mine(dataset.waybills), ...mine(dataset.bad).filter((b) => b.collection === 'waybills').map((b) => b.record)]
      .sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || (a.sourceId < b.sourceId ? -1 : 1))
      .map((w) => w.sourceId);
    expect(rows.map((r) => r.YD_BH)).toEqual(expected);
  });

  it('since=yyyyMMddHHmmss (Beijing time) returns exactly the records updated at or after it', async () => {
    const records = [...mine(dataset.bases), ...mine(dataset.bad).filter((b) => b.collection === 'bases').map((b) => b.record)];
    const times = records.map((r) => r.updatedAt).sort();
    const cut = times[Math.floor(times.length / 2)];
    const rows = await everything('RescueService/baseList', { since: beijing14(cut) });
    const want = records.filter((r) => Date.parse(r.updatedAt) >= Date.parse(cut)).map((r) => r.sourceId).sort();
    expect(rows.map((r) => String(r.JD_ID)).sort()).toEqual(want);
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(records.length);
    expect((await call('RescueService/baseList', { since: '2026-07-12' })).code).toBe('3001');
    expect((await call('RescueService/baseList', { since: '20261332250000' })).code).toBe('3001');
  });

  it('a record changed through /__sim/touch moves to the end with the simulated now as UPDATE_TIME', async () => {
    const [first] = (await call('HazardService/enterpriseList', { limit: 1 })).rows;
    await control('/__sim/touch', { collection: 'enterprises', sourceId: first.QY_ID });
    const rows = await everything('HazardService/enterpriseList');
    const last = rows[rows.length - 1];
    expect(last.QY_ID).toBe(first.QY_ID);
    expect(Math.abs(fromBeijing14(String(last.UPDATE_TIME)) - clock.now().getTime())).toBeLessThan(5_000);
  });
});

describe('every canonical record of JS is served', () => {
  const cases = [
    ['warnings', 'WarningService/list', 'WARN_ID'],
    ['enterprises', 'HazardService/enterpriseList', 'QY_ID'],
    ['waybills', 'TransportService/waybillList', 'YD_BH'],
    ['bases', 'RescueService/baseList', 'JD_ID'],
  ] as const;
  it.each(cases)('%s: every good and every defective record, once', async (collection, operation, idField) => {
    const rows = await everything(operation);
    const good = (dataset[collection] as { province: ProvinceCode; sourceId: string }[]).filter((r) => r.province === 'JS').map((r) => r.sourceId);
    const bad = mine(dataset.bad).filter((b) => b.collection === collection).map((b) => b.record.sourceId);
    expect(rows.map((r) => String(r[idField])).sort()).toEqual([...good, ...bad].sort());
  });
});

describe('batch reads', () => {
  it('ids=a,b,c returns the known ones and leaves unknown ids out', async () => {
    const ids = mine(dataset.warnings).slice(0, 3).map((w) => w.sourceId);
    const a = await call('WarningService/get', { ids: [...ids, 'JSW0000000000000'].join(',') });
    expect(a.code).toBe('0');
    expect(a.rows.map((r) => r.WARN_ID)).toEqual(ids);
  });

  it('takes at most 50 ids; 51 or none is code 3001', async () => {
    const ids = mine(dataset.waybills).map((w) => w.sourceId);
    expect((await call('TransportService/waybillGet', { ids: ids.slice(0, 50).join(',') })).rows).toHaveLength(50);
    expect((await call('TransportService/waybillGet', { ids: ids.slice(0, 51).join(',') })).code).toBe('3001');
    expect((await call('TransportService/waybillGet', { ids: '' })).code).toBe('3001');
  });

  it('has a get operation for every collection', async () => {
    const e = mine(dataset.enterprises)[0];
    const b = mine(dataset.bases)[0];
    expect((await call('HazardService/enterpriseGet', { ids: e.sourceId })).rows.map((r) => r.QY_ID)).toEqual([e.sourceId]);
    expect((await call('RescueService/baseGet', { ids: b.sourceId })).rows.map((r) => r.JD_ID)).toEqual([b.sourceId]);
  });
});

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

describe('filters', () => {
  it('active=1: warnings neither expired nor cancelled at the simulated now', async () => {
    const now = clock.now().getTime();
    const ws = mine(dataset.warnings);
    const cancelled = new Set(ws.filter((w) => w.messageType === 'CANCEL' && Date.parse(w.issuedAt) <= now).map((w) => w.supersedesId));
    const want = ws
      .filter((w) => w.messageType !== 'CANCEL' && (w.expiresAt === null || Date.parse(w.expiresAt) > now) && !cancelled.has(w.id))
      .map((w) => w.sourceId)
      .sort();
    const rows = await everything('WarningService/list', { active: '1' });
    const got = rows.map((r) => String(r.WARN_ID)).filter((id) => !mine(dataset.bad).some((b) => b.record.sourceId === id));
    expect(got.sort()).toEqual(want);
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(ws.length);
  });

  it('status filters waybills by ZT, nl filters bases by capability code', async () => {
    const transit = await everything('TransportService/waybillList', { status: '1' });
    expect(transit.map((r) => r.ZT)).toEqual(transit.map(() => '1'));
    expect(transit.length).toBe(
      [...mine(dataset.waybills), ...mine(dataset.bad).filter((b) => b.collection === 'waybills').map((b) => b.record as (typeof dataset.waybills)[number])].filter((w) => w.status === 'IN_TRANSIT').length,
    );
    const water = await everything('RescueService/baseList', { nl: 'SY' });
    expect(water.length).toBeGreaterThan(0);
    expect(water.every((r) => String(r.NL).split(',').includes('SY'))).toBe(true);
    expect((await call('RescueService/baseList', { nl: 'NOPE' })).code).toBe('3001');
    expect((await call('TransportService/waybillList', { status: '5' })).code).toBe('3001');
  });
});

describe('track', () => {
  it('answers the points recorded inside Jiangsu for a plate in [start, end], ordered by GPS_TIME', async () => {
    const points = mine(dataset.trackPoints);
    const plate = points[0].plate;
    const ofPlate = points.filter((p) => p.plate === plate);
    const from = ofPlate[1].at;
    const to = ofPlate[ofPlate.length - 2].at;
    const a = await call('TransportService/track', { cph: plate, start: beijing14(from), end: beijing14(to) });
    const want = ofPlate.filter((p) => p.at >= from && p.at <= to);
    expect(a.total).toBe(want.length);
    expect(a.rows.map((r) => r.GPS_TIME)).toEqual(want.map((p) => beijing14(p.at)));
    expect(a.rows.map((r) => (r.SPEED === '' ? null : Number(r.SPEED)))).toEqual(want.map((p) => p.speedKmh));
    const [lng, lat] = toGcj(want[0].location);
    expect(metres({ lng: Number(a.rows[0].LNG), lat: Number(a.rows[0].LAT) }, { lng, lat })).toBeLessThan(0.2);
  });

  it('answers Total 0 for a vehicle it never saw, and 3001 without cph or times', async () => {
    expect(await call('TransportService/track', { cph: '鲁Z99999', start: '20260101000000', end: '20261231000000' })).toMatchObject({ code: '0', total: 0, rows: [] });
    expect((await call('TransportService/track', { start: '20260101000000', end: '20261231000000' })).code).toBe('3001');
    expect((await call('TransportService/track', { cph: '苏A12345', start: 'yesterday', end: '20261231000000' })).code).toBe('3001');
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

describe('mutual-aid write endpoint', () => {
  const base = (): (typeof dataset.bases)[number] => mine(dataset.bases).find((b) => b.teams.length > 0 && b.materials.length > 0) as (typeof dataset.bases)[number];
  const incident = { lng: 120.6, lat: 31.3 };
  const body = (reqNo: string, over: { base?: string; team?: string; material?: string; quantity?: number } = {}): string => {
    const b = base();
    const [lng, lat] = toGcj(incident);
    return (
      `<Request><REQ_NO>${reqNo}</REQ_NO><JD_ID>${over.base ?? b.sourceId}</JD_ID><FROM_PROVINCE>ZJ</FROM_PROVINCE>` +
      `<INCIDENT><TITLE>危化品泄漏 &amp; 火情</TITLE><LNG>${lng.toFixed(6)}</LNG><LAT>${lat.toFixed(6)}</LAT><OCCUR_TIME>20260712113000</OCCUR_TIME></INCIDENT>` +
      `<DWS><DW_ID>${over.team ?? b.teams[0].sourceId}</DW_ID></DWS>` +
      `<WZS><WZ><WZ_BM>${over.material ?? b.materials[0].code}</WZ_BM><SL>${over.quantity ?? 1}</SL></WZ></WZS><LXR>王工 13800000000</LXR></Request>`
    );
  };

  it('creates a request: SQ_ID and ZT SUBMITTED; requestGet answers SQ_ID, ZT, UPDATE_TIME', async () => {
    const a = await submit(body('req-create-1'));
    expect(a.code).toBe('0');
    expect(a.rows).toHaveLength(1);
    expect(String(a.rows[0].SQ_ID)).toMatch(/^JSSQ\d{13}$/);
    expect(a.rows[0].ZT).toBe('SUBMITTED');
    const g = await call('RescueService/requestGet', { sqId: String(a.rows[0].SQ_ID) });
    expect(g.rows).toEqual([{ SQ_ID: a.rows[0].SQ_ID, ZT: 'SUBMITTED', UPDATE_TIME: expect.stringMatching(/^\d{14}$/) }]);
    expect(Math.abs(fromBeijing14(String(g.rows[0].UPDATE_TIME)) - clock.now().getTime())).toBeLessThan(5_000);
  });

  it('a REQ_NO used before answers code 2001 with the first SQ_ID and creates nothing', async () => {
    const first = await submit(body('req-dup-1'));
    const before = ((await control('/__sim/mutual-aid')) as unknown[]).length;
    const again = await submit(body('req-dup-1', { quantity: 2 }));
    expect(again.code).toBe('2001');
    expect(again.rows[0].SQ_ID).toBe(first.rows[0].SQ_ID);
    expect(((await control('/__sim/mutual-aid')) as unknown[]).length).toBe(before);
  });

  it('refuses an unknown base, team or material and a quantity above the stock with code 3001, storing nothing', async () => {
    const b = base();
    const before = ((await control('/__sim/mutual-aid')) as unknown[]).length;
    for (const over of [{ base: 'JSB9999' }, { team: 'JST9999' }, { material: 'NOPE-01' }, { quantity: b.materials[0].quantity + 1 }]) {
      const a = await submit(body(`req-bad-${JSON.stringify(over)}`, over));
      expect(a).toMatchObject({ status: 200, code: '3001' });
    }
    expect(((await control('/__sim/mutual-aid')) as unknown[]).length).toBe(before);
    expect((await submit(body('req-bad-exactly-stock', { quantity: b.materials[0].quantity }))).code).toBe('0');
  });

  it('a refused REQ_NO is not used up', async () => {
    expect((await submit(body('req-retry', { base: 'JSB9999' }))).code).toBe('3001');
    expect((await submit(body('req-retry'))).code).toBe('0');
  });

  it('answers bad XML and a body without REQ_NO in its own format (3001)', async () => {
    expect(await submit('<Request><REQ_NO>x</Request')).toMatchObject({ status: 200, code: '3001' });
    expect(await submit('not xml at all')).toMatchObject({ status: 200, code: '3001' });
    expect(await submit('<Request><JD_ID>JSB0001</JD_ID></Request>')).toMatchObject({ status: 200, code: '3001' });
  });

  it('stores the incident converted from GCJ-02 to WGS-84, with the REQ_NO, listed at /__sim/mutual-aid', async () => {
    const a = await submit(body('req-listed'));
    const listed = (await control('/__sim/mutual-aid')) as { sqId: string; reqNo: string; baseId: string; fromProvince: string; incident: { title: string; location: GeoPoint }; teamIds: string[]; contact: string }[];
    const entry = listed.find((e) => e.sqId === a.rows[0].SQ_ID);
    expect(entry).toMatchObject({ reqNo: 'req-listed', baseId: base().sourceId, fromProvince: 'ZJ', teamIds: [base().teams[0].sourceId], contact: '王工 13800000000' });
    expect(entry?.incident.title).toBe('危化品泄漏 & 火情');
    expect(metres(entry?.incident.location as GeoPoint, incident)).toBeLessThan(1);
    const earlier = mine(dataset.mutualAidRequests)[0];
    expect(listed.find((e) => e.sqId === earlier.sourceId)).toMatchObject({ reqNo: earlier.clientRequestId, status: earlier.status });
  });

  it('requestGet of an unknown SQ_ID is code 404; without sqId 3001', async () => {
    expect((await call('RescueService/requestGet', { sqId: 'JSSQ000' })).code).toBe('404');
    expect((await call('RescueService/requestGet')).code).toBe('3001');
  });
});

describe('errors, faults and counters', () => {
  afterEach(async () => {
    await control('/__sim/faults/reset', {});
  });

  it('answers an unknown operation with code 404 in its XML envelope', async () => {
    const a = await call('WarningService/delete');
    expect(a).toMatchObject({ status: 200, code: '404' });
  });

  it('injected server errors are HTTP 500 with code 5000', async () => {
    await control('/__sim/faults', { errorRate: 1 });
    const res = await fetch(`${url}${BASE}/WarningService/list`, { headers: sign(`${BASE}/WarningService/list`) });
    expect(res.status).toBe(500);
    expect(read(res.status, await res.text()).code).toBe('5000');
  });

  it('injected malformed answers are XML that does not parse', async () => {
    await control('/__sim/faults', { malformedRate: 1 });
    const res = await fetch(`${url}${BASE}/WarningService/list`, { headers: sign(`${BASE}/WarningService/list`) });
    expect(res.status).toBe(200);
    expect(XMLValidator.validate(await res.text())).not.toBe(true);
  });

  it('a system that is down drops the connection', async () => {
    await control('/__sim/faults', { down: true });
    await expect(fetch(`${url}${BASE}/WarningService/list`, { headers: sign(`${BASE}/WarningService/list`) })).rejects.toThrow();
  });

  it('counts calls per endpoint', async () => {
    await control('/__sim/calls/reset', {});
    await call('RescueService/baseList');
    await call('RescueService/baseList', { offset: 20 });
    await call('RescueService/baseGet', { ids: 'JSB0001' });
    const counted = (await control('/__sim/calls')) as { total: number; calls: Record<string, number> };
    expect(counted).toEqual({ total: 3, calls: { 'GET /jsyj/services/RescueService/baseGet': 1, 'GET /jsyj/services/RescueService/baseList': 2 } });
  });
});
