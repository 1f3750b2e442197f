import iconv from 'iconv-lite';
import { parseDms } from '../../adapters/kit/coordinates';
import { isValidCreditCode } from '../../adapters/kit/credit-code';
import { ABOLISHED_ADCODES } from '../../schema/geography';
import type { GeoPoint } from '../../schema/model';
import { createAnhuiSimulator } from '../../simulators/anhui';
import { SimClock } from '../../simulators/common/clock';
import type { SimServer } from '../../simulators/common/sim-server';
import { activeWarningIds, loadDataset } from '../../simulators/dataset';

const NOW = new Date('2026-07-12T04:00:00Z');
const dataset = loadDataset({ seed: 'test', now: NOW, scale: 1 });
const credentials = { user: 'demo', password: 'demo-ah-password' };
const API = '/ahyj/api';

type Row = Record<string, unknown>;
interface Envelope {
  code: number;
  msg: string;
  data: unknown;
}
interface Answer {
  status: number;
  headers: Headers;
  raw: Buffer;
  body: Envelope;
}
interface Page {
  total: number;
  rows: Row[];
}

let clock: SimClock;
let sim: SimServer;
let base: string;

type HeldRecord = { province: string; sourceId: string; updatedAt: string };
const ah = <T extends { province: string }>(xs: readonly T[]): T[] => xs.filter((x) => x.province === 'AH');
const bad = (collection: string) => dataset.bad.filter((b) => b.province === 'AH' && b.collection === collection);
const byListOrder = (a: { updatedAt: string; sourceId: string }, b: { updatedAt: string; sourceId: string }): number =>
  Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0);
const held = (collection: 'warnings' | 'enterprises' | 'waybills' | 'bases') =>
  [...(ah(dataset[collection] as readonly HeldRecord[]) as { updatedAt: string; sourceId: string }[]), ...bad(collection).map((b) => b.record)].sort(byListOrder);

function gbkForm(fields: Record<string, string>): Buffer {
  const esc = (v: string): string => [...iconv.encode(v, 'gbk')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  return Buffer.from(Object.entries(fields).map(([k, v]) => `${k}=${esc(v)}`).join('&'), 'latin1');
}

async function send(method: 'GET' | 'POST', path: string, query: Record<string, string | number> = {}, form?: Record<string, string>): Promise<Answer> {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const res = await fetch(`${base}${path}${qs ? `?${qs}` : ''}`, {
    method,
    headers: form ? { 'content-type': 'application/x-www-form-urlencoded; charset=GBK' } : undefined,
    body: form ? gbkForm(form) : undefined,
  });
  const raw = Buffer.from(await res.arrayBuffer());
  let body: Envelope = { code: NaN, msg: '', data: null };
  try {
    body = JSON.parse(iconv.decode(raw, 'gbk')) as Envelope;
  } catch {
    // not JSON: the caller looks at raw
  }
  return { status: res.status, headers: res.headers, raw, body };
}

async function login(): Promise<string> {
  const a = await send('POST', `${API}/login`, {}, { user: credentials.user, pwd: credentials.password });
  expect(a.body.code).toBe(0);
  return (a.body.data as { token: string }).token;
}

/** The limit is 5 requests a second per token, so the conformance walk spreads its reads over a pool of tokens. */
let pool: string[] = [];
let turn = 0;
async function call(path: string, query: Record<string, string | number> = {}): Promise<Answer> {
  if (pool.length === 0) pool = await Promise.all(Array.from({ length: 20 }, () => login()));
  for (;;) {
    const a = await send('GET', `${API}${path}`, { ...query, token: pool[turn++ % pool.length] });
    if (a.status !== 429) return a;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function all(path: string, query: Record<string, string | number> = {}): Promise<{ total: number; rows: Row[]; pages: number }> {
  const rows: Row[] = [];
  let total = 0;
  let pages = 0;
  for (let pageNo = 1; ; pageNo++) {
    const a = await call(path, { ...query, pageNo, pageSize: 50 });
    expect(a.body.code).toBe(0);
    const page = a.body.data as Page;
    pages++;
    total = page.total;
    rows.push(...page.rows);
    if (page.rows.length < 50) break;
  }
  return { total, rows, pages };
}

const admin = async (path: string, body?: unknown): Promise<unknown> => {
  const res = await fetch(`${base}${path}`, { method: body === undefined ? 'GET' : 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
  return res.json();
};

beforeAll(async () => {
  clock = new SimClock(NOW);
  sim = createAnhuiSimulator({ dataset, clock, credentials });
  base = await sim.listen(0);
});

afterAll(async () => {
  await sim.close();
});

afterEach(async () => {
  await admin('/__sim/faults/reset', {});
});

describe('authentication', () => {
  it('logs in with form fields user and pwd and answers a token with its expiry in Beijing time, two hours on', async () => {
    const a = await send('POST', `${API}/login`, {}, { user: 'demo', pwd: 'demo-ah-password' });
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ code: 0, msg: '成功', data: { token: expect.stringMatching(/^[0-9a-f]{32}$/), expire: expect.any(String) } });
    const expire = (a.body.data as { expire: string }).expire;
    const expected = new Date(clock.now().getTime() + 2 * 3600_000 + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
    expect(Math.abs(Date.parse(expire.replace(' ', 'T') + 'Z') - Date.parse(expected.replace(' ', 'T') + 'Z'))).toBeLessThanOrEqual(1000);
  });

  it('refuses a wrong password with 1001 and missing fields with 1002, inside HTTP 200', async () => {
    const wrong = await send('POST', `${API}/login`, {}, { user: 'demo', pwd: 'nope' });
    expect(wrong.status).toBe(200);
    expect(wrong.body).toMatchObject({ code: 1001, data: null });
    const missing = await send('POST', `${API}/login`, {}, { user: 'demo' });
    expect(missing.body).toMatchObject({ code: 1002, data: null });
  });

  it('answers 1001 令牌无效 in HTTP 200 for a missing, wrong or expired token', async () => {
    const none = await send('GET', `${API}/yjxx/list`);
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ code: 1001, msg: '令牌无效', data: null });
    expect((await send('GET', `${API}/yjxx/list`, { token: 'f'.repeat(32) })).body.code).toBe(1001);

    const token = await login();
    expect((await send('GET', `${API}/yjxx/list`, { token })).body.code).toBe(0);
    clock.advance(2 * 3600_000 - 60_000);
    expect((await send('GET', `${API}/yjxx/list`, { token })).body.code).toBe(0);
    clock.advance(61_000);
    expect((await send('GET', `${API}/yjxx/list`, { token })).body).toEqual({ code: 1001, msg: '令牌无效', data: null });
    pool = [];
  });
});

describe('encoding and envelope', () => {
  it('sends GBK-encoded JSON that is garbage when read as UTF-8', async () => {
    const a = await call('/jydw/jdxx/list', { pageSize: 50 });
    expect(a.headers.get('content-type')).toBe('application/json; charset=GBK');
    expect(a.body).toMatchObject({ code: 0, msg: '成功', data: { total: expect.any(Number), rows: expect.any(Array) } });
    expect(a.raw.toString('utf8')).not.toContain('成功');
    expect(a.raw.includes(iconv.encode('成功', 'gbk'))).toBe(true);
  });

  it('keeps names with characters outside GB2312 but inside GBK (堃, 喆) intact', async () => {
    const { rows } = await all('/jydw/jdxx/list');
    const names = rows.map((r) => String(r.JDMC ?? ''));
    for (const ch of ['堃', '喆']) {
      const canonical = ah(dataset.bases).filter((b) => b.name.includes(ch)).map((b) => b.name);
      expect(canonical.length).toBeGreaterThan(0);
      for (const name of canonical) expect(names.map((n) => n.trim())).toContain(name);
    }
    // GB2312 rows start at 0xA1: these two live in GBK's extension, below it.
    for (const ch of ['堃', '喆']) expect(iconv.encode(ch, 'gbk')[0]).toBeLessThan(0xa1);
  });
});

describe('lists: pagination, ordering, incremental pulls', () => {
  it.each([
    ['warnings', '/yjxx/list', 'ID'],
    ['enterprises', '/whp/qyxx/list', 'QYBH'],
    ['waybills', '/whp/ydxx/list', 'YDBH'],
    ['bases', '/jydw/jdxx/list', 'JDBH'],
  ] as const)('serves every %s record it holds (good and defective), ordered by GXSJ then id', async (collection, path, idField) => {
    const expected = held(collection).map((r) => r.sourceId);
    const { total, rows, pages } = await all(path);
    expect(total).toBe(expected.length);
    expect(pages).toBe(Math.floor(expected.length / 50) + 1);
    expect(rows.map((r) => String(r[idField]))).toEqual(expected);
    expect(ah(dataset[collection] as readonly HeldRecord[]).length + bad(collection).length).toBe(expected.length);
  });

  it('pages 20 by default and at most 50; bad paging parameters answer 1002', async () => {
    const first = await call('/whp/qyxx/list');
    expect((first.body.data as Page).rows).toHaveLength(20);
    const second = await call('/whp/qyxx/list', { pageNo: 2 });
    expect((second.body.data as Page).rows.map((r) => r.QYBH)).toEqual(held('enterprises').slice(20, 40).map((r) => r.sourceId));
    for (const query of <Record<string, string | number>[]>[{ pageSize: 51 }, { pageSize: 0 }, { pageNo: 0 }, { pageNo: 'abc' }, { kssj: '2026-07-01T00:00:00' }, { kssj: '2026/07/01 00:00' }]) {
      const a = await call('/whp/qyxx/list', query);
      expect(a.status).toBe(200);
      expect(a.body).toMatchObject({ code: 1002, data: null });
    }
  });

  it('returns only the records updated at or after kssj (Beijing time)', async () => {
    const records = held('waybills');
    const pivot = records[Math.floor(records.length / 2)];
    const b = new Date(Date.parse(pivot.updatedAt) + 8 * 3600_000).toISOString();
    const kssj = `${b.slice(0, 10)} ${b.slice(11, 19)}`;
    const { rows } = await all('/whp/ydxx/list', { kssj });
    expect(rows.map((r) => r.YDBH)).toEqual(records.filter((r) => Date.parse(r.updatedAt) >= Date.parse(pivot.updatedAt)).map((r) => r.sourceId));
  });

  it('filters warnings in force with yxzt=1', async () => {
    const active = activeWarningIds(held('warnings') as never, clock.now());
    const { rows } = await all('/yjxx/list', { yxzt: 1 });
    expect(rows.map((r) => `AH:Warning:${String(r.ID)}`).sort()).toEqual([...active].sort());
    expect(rows.length).toBeGreaterThan(0);
    expect((await call('/yjxx/list', { yxzt: 7 })).body.code).toBe(1002);
  });
});

describe('detail reads (the only way to read single records)', () => {
  it.each([
    ['warnings', '/yjxx/detail', 'id', 'ID'],
    ['enterprises', '/whp/qyxx/detail', 'qybh', 'QYBH'],
    ['waybills', '/whp/ydxx/detail', 'ydbh', 'YDBH'],
    ['bases', '/jydw/jdxx/detail', 'jdbh', 'JDBH'],
  ] as const)('reads one %s record by id; an unknown id answers 1004', async (collection, path, param, idField) => {
    const record = ah(dataset[collection] as readonly HeldRecord[])[3];
    const a = await call(path, { [param]: record.sourceId });
    expect(a.body.code).toBe(0);
    expect(String((a.body.data as Row)[idField])).toBe(record.sourceId);
    const unknown = await call(path, { [param]: collection === 'warnings' ? '19990101001' : 'NOPE0001' });
    expect(unknown.body).toMatchObject({ code: 1004, data: null });
  });

  it('answers 1002 for a warning id that is not an integer', async () => {
    expect((await call('/yjxx/detail', { id: 'abc' })).body.code).toBe(1002);
  });
});

const BOTH_TIME_FORMS = /^(\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})$/;
const DMS_LNG = /^\d{1,3}°\d{2}'\d{2}\.\d{2}"E$/;
const DMS_LAT = /^\d{1,2}°\d{2}'\d{2}\.\d{2}"N$/;

function metres(a: GeoPoint, b: GeoPoint): number {
  const k = 111_320;
  return Math.hypot((a.lng - b.lng) * k * Math.cos((a.lat * Math.PI) / 180), (a.lat - b.lat) * k);
}

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
    expect(e.HXPMX).toBe(enterprise.chemicals.map((c) => `${c.unNumber}|${c.name}|${c.hazardClass.slice(6).replace('_', '.')}|${c.tonnes}`).join(';'));

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

describe('vehicle tracks', () => {
  const points = ah(dataset.trackPoints);
  const plates = [...new Set(points.map((p) => p.plate))];

  it('serves every point it recorded, per plate, ordered by time, in decimal degrees', async () => {
    let served = 0;
    for (const plate of plates) {
      const { rows, total } = await all('/whp/clgj', { cphm: plate });
      const mine = points.filter((p) => p.plate === plate);
      expect(total).toBe(mine.length);
      expect(rows.map((r) => r.DWSJ)).toEqual([...(rows.map((r) => String(r.DWSJ)))].sort());
      rows.forEach((r, i) => {
        expect(typeof r.jd).toBe('number');
        expect(r.jd).toBeCloseTo(mine[i].location.lng, 6);
        expect(r.wd).toBeCloseTo(mine[i].location.lat, 6);
        expect(r.DWSJ).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      });
      served += rows.length;
    }
    expect(served).toBe(points.length);
  });

  it('limits the track to [kssj, jssj] and pages it; a missing plate is a parameter error', async () => {
    const plate = plates.reduce((a, b) => (points.filter((p) => p.plate === a).length >= points.filter((p) => p.plate === b).length ? a : b));
    const mine = points.filter((p) => p.plate === plate);
    const fmt = (iso: string): string => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
    const a = await call('/whp/clgj', { cphm: plate, kssj: fmt(mine[2].at), jssj: fmt(mine[5].at), pageNo: 1, pageSize: 2 });
    expect(a.body.data).toMatchObject({ total: 4, rows: [{ DWSJ: fmt(mine[2].at) }, { DWSJ: fmt(mine[3].at) }] });
    expect((await call('/whp/clgj', {})).body.code).toBe(1002);
  });
});

describe('mutual-aid requests (no idempotency)', () => {
  const target = ah(dataset.bases).find((b) => b.teams.length > 1 && b.materials.length > 0) as (typeof dataset.bases)[number];
  const form = (over: Record<string, string> = {}): Record<string, string> => ({
    jdbh: target.sourceId,
    qqsf: 'JS',
    sjbt: '南京化工园区危化品泄漏（堃）',
    jd: '117.2273800',
    wd: '31.8200300',
    fssj: '2026-07-12 11:30:00',
    dwbh: target.teams.map((t) => t.sourceId).join(','),
    wz: `${target.materials[0].code}:1`,
    lxr: '张喆 13800000000',
    bz: 'crid:0f6f0d8e-0000-4000-a000-000000000001',
    ...over,
  });
  const add = async (fields: Record<string, string>): Promise<Answer> => {
    const token = await login();
    return send('POST', `${API}/jydw/zyqq/add`, { token }, fields);
  };

  it('creates a request on every accepted POST, even a repeat, and lists them with their remark', async () => {
    const first = await add(form());
    const again = await add(form());
    expect(first.body).toMatchObject({ code: 0, data: { qqbh: expect.stringMatching(/^AHQQ\d{6}$/) } });
    const q1 = (first.body.data as { qqbh: string }).qqbh;
    const q2 = (again.body.data as { qqbh: string }).qqbh;
    expect(q2).not.toBe(q1);

    const listed = (await all('/jydw/zyqq/list', { jdbh: target.sourceId })).rows;
    expect(listed.filter((r) => r.BZ === 'crid:0f6f0d8e-0000-4000-a000-000000000001').map((r) => r.QQBH)).toEqual([q1, q2]);

    const detail = await call('/jydw/zyqq/detail', { qqbh: q1 });
    expect(detail.body.data).toEqual({ QQBH: q1, ZT: '已提交', GXSJ: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/) });
    expect((await call('/jydw/zyqq/detail', { qqbh: 'AHQQ999999' })).body.code).toBe(1004);

    const stored = (await admin('/__sim/mutual-aid')) as { qqbh: string; sjbt: string; contact: string; remark: string; location: GeoPoint; occurredAt: string }[];
    const mine = stored.find((r) => r.qqbh === q1);
    expect(mine).toMatchObject({ sjbt: '南京化工园区危化品泄漏（堃）', contact: '张喆 13800000000', remark: 'crid:0f6f0d8e-0000-4000-a000-000000000001', location: { lng: 117.22738, lat: 31.82003 }, occurredAt: '2026-07-12T11:30:00+08:00' });
  });

  it('holds the data set request and lists it with kssj', async () => {
    const canonical = ah(dataset.mutualAidRequests)[0];
    const all0 = (await all('/jydw/zyqq/list', { jdbh: canonical.baseId.split(':')[2], kssj: '2026-01-01 00:00:00' })).rows;
    expect(all0.find((r) => r.QQBH === canonical.sourceId)).toMatchObject({ BZ: `crid:${canonical.clientRequestId}`, ZT: '已拒绝' });
    expect((await all('/jydw/zyqq/list', { kssj: '2099-01-01 00:00:00' })).rows).toEqual([]);
  });

  it.each([
    ['an unknown base', { jdbh: 'AHJD9999' }, 1004],
    ['a team of another base', { dwbh: 'AHDW9999' }, 1002],
    ['a material the base does not stock', { wz: 'XX-99:1' }, 1002],
    ['more than the stock', { wz: `${'{code}'}:999999999` }, 1002],
    ['a remark over 200 characters', { bz: 'x'.repeat(201) }, 1002],
    ['a time in the wrong form', { fssj: '2026/07/12 11:30' }, 1002],
    ['a coordinate that is not a number', { jd: '117°13\'38.5"E' }, 1002],
    ['a position outside China', { jd: '0', wd: '0' }, 1002],
    ['an unknown province', { qqsf: 'XX' }, 1002],
    ['no contact', { lxr: '' }, 1002],
  ])('refuses %s and creates nothing', async (_what, over, code) => {
    const fields = Object.fromEntries(Object.entries(over).map(([k, v]) => [k, v.replace('{code}', target.materials[0].code)]));
    const before = ((await admin('/__sim/mutual-aid')) as unknown[]).length;
    const a = await add(form(fields));
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ code, data: null });
    expect(((await admin('/__sim/mutual-aid')) as unknown[]).length).toBe(before);
  });
});

describe('what goes wrong', () => {
  it('answers an unknown path with 1004 in its own envelope', async () => {
    const a = await send('GET', `${API}/nothing/here`);
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toBe('application/json; charset=GBK');
    expect(a.body).toMatchObject({ code: 1004, data: null });
  });

  it('limits each token to 5 requests a second: HTTP 429 with Retry-After: 1', async () => {
    const token = await login();
    const before = ((await admin('/__sim/throttled')) as { total: number }).total;
    const answers = await Promise.all(Array.from({ length: 8 }, () => send('GET', `${API}/yjxx/list`, { token })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(3);
    expect(refused[0].headers.get('retry-after')).toBe('1');
    expect(((await admin('/__sim/throttled')) as { total: number }).total - before).toBe(3);
    await new Promise((r) => setTimeout(r, 1050));
    expect((await send('GET', `${API}/yjxx/list`, { token })).status).toBe(200);
  });

  it('answers injected errors with its HTML 503 page, malformed bodies that do not parse, and drops connections when down', async () => {
    await admin('/__sim/faults', { errorRate: 1 });
    const error = await call('/yjxx/list');
    expect(error.status).toBe(503);
    expect(error.headers.get('content-type')).toMatch(/^text\/html/);
    expect(iconv.decode(error.raw, 'gbk')).toMatch(/<html>.*503/);

    await admin('/__sim/faults', { errorRate: 0, malformedRate: 1 });
    const malformed = await call('/yjxx/list');
    expect(malformed.status).toBe(200);
    expect(() => JSON.parse(iconv.decode(malformed.raw, 'gbk'))).toThrow();

    await admin('/__sim/faults', { malformedRate: 0, down: true });
    await expect(call('/yjxx/list')).rejects.toThrow();
  });

  it('counts calls per endpoint', async () => {
    await admin('/__sim/calls/reset', {});
    await call('/whp/qyxx/detail', { qybh: ah(dataset.enterprises)[0].sourceId });
    await call('/whp/qyxx/detail', { qybh: ah(dataset.enterprises)[1].sourceId });
    await call('/whp/qyxx/list');
    const calls = (await admin('/__sim/calls')) as { total: number; calls: Record<string, number> };
    expect(calls.calls).toEqual({ 'GET /ahyj/api/whp/qyxx/detail': 2, 'GET /ahyj/api/whp/qyxx/list': 1 });
  });

  it('changes a record through /__sim/touch: it moves to the end of the list with a new GXSJ', async () => {
    const record = ah(dataset.enterprises)[0];
    await admin('/__sim/touch', { collection: 'enterprises', sourceId: record.sourceId, patch: { contactPhone: '0551-12345678' } });
    const { rows } = await all('/whp/qyxx/list');
    expect(rows[rows.length - 1]).toMatchObject({ QYBH: record.sourceId, LXDH: '0551-12345678' });
  });
});
