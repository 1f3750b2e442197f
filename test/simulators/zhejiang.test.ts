import gcoord from 'gcoord';
import type { GeoPoint, ProvinceCode } from '../../schema/model';
import { SimClock } from '../../simulators/common/clock';
import type { SimServer } from '../../simulators/common/sim-server';
import { activeWarningIds, isValidCreditCode, loadDataset } from '../../simulators/dataset';
import type { CanonicalDataset } from '../../simulators/dataset/types';
import { createZhejiangSimulator } from '../../simulators/zhejiang';

/** 浙里急 (legacy-apis/zhejiang.md), spoken to over real HTTP exactly as its document says. */

const NOW = new Date('2026-07-12T04:00:00Z');
const CREDENTIALS = { clientId: 'demo-zj-client', clientSecret: 'demo-zj-secret' };
const LISTS = {
  warnings: '/zlj/open/yj/list',
  enterprises: '/zlj/open/whp/qy/list',
  waybills: '/zlj/open/whp/yd/list',
  bases: '/zlj/open/jy/jd/list',
} as const;
type Listed = keyof typeof LISTS;
type Json = Record<string, unknown>;
const ID_FIELD: Record<Listed, string> = { warnings: 'yjid', enterprises: 'qyid', waybills: 'ydh', bases: 'jdid' };

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: Json;
}

let dataset: CanonicalDataset;
let clock: SimClock;
let sim: SimServer;
let url: string;

async function call(method: string, path: string, init: { token?: string; body?: string; type?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.type) headers['content-type'] = init.type;
  const res = await fetch(`${url}${path}`, { method, headers, body: init.body });
  const text = await res.text();
  let json: Json = {};
  try {
    json = JSON.parse(text) as Json;
  } catch {
    // left empty: the malformed-body test reads `text`
  }
  return { status: res.status, headers: res.headers, text, json };
}

const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();

async function tokenFor(credentials = CREDENTIALS): Promise<Answer> {
  return call('POST', '/zlj/open/oauth/token', {
    type: 'application/x-www-form-urlencoded',
    body: form({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret }),
  });
}

async function token(): Promise<string> {
  return (await tokenFor()).json.access_token as string;
}

/** Every page of a list, in order, with a fresh token. */
async function pullAll(list: Listed, query = '', limit = 100): Promise<{ records: Json[]; pages: number }> {
  const t = await token();
  const records: Json[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const q: string = cursor === null ? `limit=${limit}${query}` : `limit=${limit}&cursor=${encodeURIComponent(cursor)}`;
    const page = await call('GET', `${LISTS[list]}?${q}`, { token: t });
    expect(page.status).toBe(200);
    const data = page.json.data as Json[];
    expect(data.length).toBeLessThanOrEqual(limit);
    records.push(...data);
    cursor = page.json.nextCursor as string | null;
    pages++;
  } while (cursor !== null);
  return { records, pages };
}

const zj = <T extends { province: ProvinceCode }>(xs: readonly T[]): T[] => xs.filter((x) => x.province === 'ZJ');
const badOf = (c: Listed) => dataset.bad.filter((b) => b.province === 'ZJ' && b.collection === c);
/** Every record the system holds in a list: the good ones of ZJ and the defective ones. */
const held = <C extends Listed>(c: C): CanonicalDataset[C] =>
  [...zj(dataset[c] as { province: ProvinceCode }[]), ...badOf(c).map((b) => b.record)] as CanonicalDataset[C];
const heldIds = (c: Listed): string[] => held(c).map((r) => r.sourceId);

function metresBetween(a: GeoPoint, b: GeoPoint): number {
  const dy = (a.lat - b.lat) * 110_540;
  const dx = (a.lng - b.lng) * 111_320 * Math.cos((a.lat * Math.PI) / 180);
  return Math.hypot(dx, dy);
}
const bdToWgs = (lng: number, lat: number): GeoPoint => {
  const [x, y] = gcoord.transform<[number, number]>([lng, lat], gcoord.BD09, gcoord.WGS84);
  return { lng: x, lat: y };
};
const wgsToBd = (p: GeoPoint): [number, number] => gcoord.transform<[number, number]>([p.lng, p.lat], gcoord.WGS84, gcoord.BD09);

beforeAll(async () => {
  dataset = loadDataset({ seed: 'test', now: NOW, scale: 1 });
  clock = new SimClock(NOW);
  sim = createZhejiangSimulator({ dataset, clock, credentials: CREDENTIALS });
  url = await sim.listen(0);
});

afterAll(async () => {
  await sim.close();
});

describe('authentication (OAuth2 client credentials)', () => {
  it('issues a Bearer token that expires in 600 s', async () => {
    const a = await tokenFor();
    expect(a.status).toBe(200);
    expect(a.json).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 600 });
  });

  it('refuses wrong client credentials with 401 CLIENT_INVALID', async () => {
    const a = await tokenFor({ clientId: 'demo-zj-client', clientSecret: 'wrong' });
    expect(a.status).toBe(401);
    expect(a.json.code).toBe('CLIENT_INVALID');
  });

  it('answers an unsupported grant type with 400 INVALID', async () => {
    const a = await call('POST', '/zlj/open/oauth/token', { type: 'application/x-www-form-urlencoded', body: form({ grant_type: 'password' }) });
    expect(a.status).toBe(400);
    expect(a.json).toEqual({ code: 'INVALID', message: expect.any(String) });
  });

  it('refuses a missing or unknown token with 401 TOKEN_INVALID', async () => {
    expect((await call('GET', `${LISTS.warnings}?limit=1`)).json.code).toBe('TOKEN_INVALID');
    const unknown = await call('GET', `${LISTS.warnings}?limit=1`, { token: 'not-a-token' });
    expect(unknown.status).toBe(401);
    expect(unknown.json.code).toBe('TOKEN_INVALID');
  });

  it('refuses a token 600 s after issue with 401 TOKEN_EXPIRED, and accepts it until then', async () => {
    const t = await token();
    clock.advance(599_000);
    expect((await call('GET', `${LISTS.warnings}?limit=1`, { token: t })).status).toBe(200);
    clock.advance(2_000);
    const expired = await call('GET', `${LISTS.warnings}?limit=1`, { token: t });
    expect(expired.status).toBe(401);
    expect(expired.json.code).toBe('TOKEN_EXPIRED');
  });
});

describe('lists: cursor pagination, order, since', () => {
  it.each(Object.keys(LISTS) as Listed[])('serves every %s record of ZJ (good and defective) exactly once', async (list) => {
    const { records } = await pullAll(list);
    const ids = records.map((r) => r[ID_FIELD[list]] as string);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(heldIds(list).sort());
  });

  it('pages by limit, orders by gxsj then id, and ends with nextCursor null', async () => {
    const { records, pages } = await pullAll('warnings', '', 7);
    expect(pages).toBe(Math.ceil(heldIds('warnings').length / 7));
    const warnings = held('warnings');
    const expected = warnings
      .map((w) => [Date.parse(w.updatedAt), w.sourceId] as const)
      .sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
      .map(([, id]) => id);
    expect(records.map((r) => r.yjid)).toEqual(expected);
    for (const r of records.filter((x) => typeof x.gxsj === 'number')) {
      expect(r.gxsj).toBe(Date.parse((warnings.find((w) => w.sourceId === r.yjid) as { updatedAt: string }).updatedAt));
    }
  });

  it('since=<epoch ms> returns exactly the records updated at or after it', async () => {
    const bases = zj(dataset.bases);
    const since = Date.parse(bases[Math.floor(bases.length / 2)].updatedAt);
    const { records } = await pullAll('bases', `&since=${since}`);
    const expected = held('bases').filter((b) => Date.parse(b.updatedAt) >= since).map((b) => b.sourceId);
    expect(records.map((r) => r.jdid).sort()).toEqual(expected.sort());
    expect(records.length).toBeLessThan(heldIds('bases').length);
  });

  it('refuses a limit above 100, a non-numeric since and a forged cursor with 400 INVALID', async () => {
    const t = await token();
    for (const q of ['limit=101', 'limit=0', 'limit=abc', 'since=yesterday', 'cursor=not-ours']) {
      const a = await call('GET', `${LISTS.enterprises}?${q}`, { token: t });
      expect([q, a.status, a.json.code]).toEqual([q, 400, 'INVALID']);
      expect(typeof a.json.message).toBe('string');
    }
  });

  it('lets a cursor live 10 minutes, then answers 400 CURSOR_EXPIRED', async () => {
    const first = await call('GET', `${LISTS.waybills}?limit=10`, { token: await token() });
    const cursor = encodeURIComponent(first.json.nextCursor as string);
    clock.advance(9 * 60_000);
    expect((await call('GET', `${LISTS.waybills}?limit=10&cursor=${cursor}`, { token: await token() })).status).toBe(200);
    clock.advance(61_000);
    const late = await call('GET', `${LISTS.waybills}?limit=10&cursor=${cursor}`, { token: await token() });
    expect(late.status).toBe(400);
    expect(late.json.code).toBe('CURSOR_EXPIRED');
  });

  it('active=true lists the warnings in force now', async () => {
    const { records } = await pullAll('warnings', '&active=true');
    const expected = [...activeWarningIds(held('warnings'), clock.now())].map((id) => id.slice('ZJ:Warning:'.length));
    expect(records.length).toBeGreaterThan(0);
    expect(records.map((r) => r.yjid).sort()).toEqual(expected.sort());
  });

  it('nl=<capability> lists the bases with it; an unknown capability is 400 INVALID', async () => {
    const { records } = await pullAll('bases', `&nl=${encodeURIComponent('危化')}`);
    const expected = held('bases').filter((b) => b.capabilities.includes('HAZMAT'));
    expect(records.map((r) => r.jdid).sort()).toEqual(expected.map((b) => b.sourceId).sort());
    const bad = await call('GET', `${LISTS.bases}?nl=${encodeURIComponent('危险化学品')}`, { token: await token() });
    expect([bad.status, bad.json.code]).toEqual([400, 'INVALID']);
  });
});

describe('batch reads', () => {
  it('POST <list>/batch answers the found items in the order asked', async () => {
    const ids = zj(dataset.enterprises).slice(0, 3).map((e) => e.sourceId);
    const a = await call('POST', `${LISTS.enterprises}/batch`, { token: await token(), type: 'application/json', body: JSON.stringify({ ids: [ids[2], 'ZJQY-9999', ids[0], ids[1]] }) });
    expect(a.status).toBe(200);
    expect((a.json.data as Json[]).map((r) => r.qyid)).toEqual([ids[2], ids[0], ids[1]]);
  });

  it('takes at most 100 ids, and only a JSON {"ids": [strings]}', async () => {
    const t = await token();
    const tooMany = JSON.stringify({ ids: Array.from({ length: 101 }, (_, i) => `ZJQY-${i}`) });
    for (const body of [tooMany, '{"ids": "ZJQY-0001"}', '{"ids": [1]}', '{not json', 'null']) {
      const a = await call('POST', `${LISTS.enterprises}/batch`, { token: t, type: 'application/json', body });
      expect([body.slice(0, 20), a.status, a.json.code]).toEqual([body.slice(0, 20), 400, 'INVALID']);
    }
    const hundred = JSON.stringify({ ids: zj(dataset.waybills).slice(0, 100).map((w) => w.sourceId) });
    const ok = await call('POST', `${LISTS.waybills}/batch`, { token: t, type: 'application/json', body: hundred });
    expect((ok.json.data as Json[]).length).toBe(100);
  });
});

describe('formats and encodings', () => {
  let all: Record<Listed, Json[]>;
  beforeAll(async () => {
    all = {
      warnings: (await pullAll('warnings')).records,
      enterprises: (await pullAll('enterprises')).records,
      waybills: (await pullAll('waybills')).records,
      bases: (await pullAll('bases')).records,
    };
  });
  const byId = (list: Listed, id: string): Json => all[list].find((r) => r[ID_FIELD[list]] === id) as Json;

  it('writes warnings with pinyin fields, epoch ms, upward levels and the referenced warning id', () => {
    const levels = { BLUE: 1, YELLOW: 2, ORANGE: 3, RED: 4 };
    for (const w of zj(dataset.warnings)) {
      const r = byId('warnings', w.sourceId);
      expect(r.yjjb).toBe(levels[w.level]);
      expect(r.xxlx).toBe(w.messageType);
      expect(r.glyjid).toBe(w.supersedesId === null ? null : w.supersedesId.slice('ZJ:Warning:'.length));
      expect([r.fbsj, r.sxsj, r.jssj, r.gxsj]).toEqual([w.issuedAt, w.effectiveAt, w.expiresAt, w.updatedAt].map((t) => (t === null ? null : Date.parse(t))));
      expect([r.bt, r.nr, r.fyzn, r.fbdw]).toEqual([w.headline, w.description, w.instruction, w.issuer]);
      expect((r.qhdm as string[]).map((c) => c.trim())).toEqual(w.areaCodes);
    }
    const typhoon = zj(dataset.warnings).find((w) => w.event === 'TYPHOON');
    if (typhoon) expect(byId('warnings', typhoon.sourceId).yjlx).toBe('TF');
  });

  it('writes positions in BD-09 (bdLng, bdLat) that come back to WGS-84 within 1 m', () => {
    for (const e of zj(dataset.enterprises).filter((e) => e.location)) {
      const r = byId('enterprises', e.sourceId);
      const [lng, lat] = wgsToBd(e.location as GeoPoint);
      expect(r.bdLng as number).toBeCloseTo(lng, 6);
      expect(r.bdLat as number).toBeCloseTo(lat, 6);
      expect(metresBetween(bdToWgs(r.bdLng as number, r.bdLat as number), e.location as GeoPoint)).toBeLessThan(1);
    }
  });

  it('writes a site without a position as 0,0 or without coordinates', () => {
    const unplaced = zj(dataset.enterprises).filter((e) => e.location === null);
    expect(unplaced.length).toBeGreaterThan(0);
    for (const e of unplaced) {
      const r = byId('enterprises', e.sourceId);
      expect([[0, 0], [null, null]]).toContainEqual([r.bdLng, r.bdLat]);
    }
  });

  it('writes quantities as strings with units in all four spellings, each worth the canonical amount', () => {
    const toKg = (s: string): number => {
      const m = /^(\d+(?:\.\d+)?)(吨|t|千克|kg)$/.exec(s) as RegExpExecArray;
      return Number(m[1]) * (m[2] === '吨' || m[2] === 't' ? 1000 : 1);
    };
    const spellings = new Set<string>();
    for (const e of zj(dataset.enterprises)) {
      (byId('enterprises', e.sourceId).hxp as Json[]).forEach((c, i) => {
        expect(c.cl).toMatch(/^\d+(?:\.\d+)?(吨|t|千克|kg)$/);
        spellings.add((c.cl as string).replace(/^[\d.]+/, ''));
        expect(toKg(c.cl as string)).toBeCloseTo(e.chemicals[i].tonnes * 1000, 6);
        expect([c.un, c.mc]).toEqual([e.chemicals[i].unNumber, e.chemicals[i].name]);
      });
    }
    for (const w of zj(dataset.waybills)) {
      (byId('waybills', w.sourceId).hw as Json[]).forEach((g, i) => {
        spellings.add((g.zl as string).replace(/^[\d.]+/, ''));
        expect(toKg(g.zl as string)).toBeCloseTo(w.goods[i].kilograms, 6);
      });
    }
    expect([...spellings].sort()).toEqual(['kg', 't', '千克', '吨'].sort());
  });

  it('writes hazard classes, packing groups, statuses, grades, levels and capabilities in its own codes', () => {
    const w = zj(dataset.waybills).find((x) => x.status === 'IN_TRANSIT');
    expect(byId('waybills', (w ?? { sourceId: '' }).sourceId).zt).toBe('TRANSIT');
    const chlorine = zj(dataset.waybills).find((x) => x.goods.some((g) => g.hazardClass === 'CLASS_2_3'));
    if (chlorine) expect((byId('waybills', chlorine.sourceId).hw as Json[]).map((g) => g.lb)).toContain('2.3');
    for (const e of zj(dataset.enterprises)) {
      expect(byId('enterprises', e.sourceId).wxydj).toBe(e.majorHazardGrade === null ? 0 : Number(e.majorHazardGrade.slice(-1)));
    }
    const jb = { NATIONAL: 'GJ', PROVINCIAL: 'SJ', CITY: 'DSJ', COUNTY: 'XJ' };
    for (const b of zj(dataset.bases)) {
      const r = byId('bases', b.sourceId);
      expect(r.jb).toBe(jb[b.level]);
      expect(r.zbzt).toBe(b.onDuty ? 'ON' : 'OFF');
      expect((r.dw as Json[]).map((t) => t.dwid)).toEqual(b.teams.map((t) => t.sourceId));
      expect((r.wz as Json[]).map((m) => [m.bm, m.sl, m.dw])).toEqual(b.materials.map((m) => [m.code, m.quantity, m.unit]));
    }
    const hazmatBase = zj(dataset.bases).find((b) => b.capabilities.includes('HAZMAT'));
    expect(byId('bases', (hazmatBase ?? { sourceId: '' }).sourceId).nl).toContain('危化');
  });

  it('quirk: a few qhdm entries carry a trailing space', () => {
    const entries = [
      ...all.warnings.flatMap((r) => r.qhdm as string[]),
      ...all.enterprises.map((r) => r.qhdm as string),
      ...all.bases.map((r) => r.qhdm as string),
      ...all.waybills.flatMap((r) => [(r.qyd as Json).qhdm, (r.mdd as Json).qhdm]).filter((c): c is string => typeof c === 'string'),
    ];
    const spaced = entries.filter((c) => c.endsWith(' '));
    expect(spaced.length).toBeGreaterThan(0);
    expect(spaced.length).toBeLessThan(entries.length * 0.3);
    for (const c of entries) expect(c.trim()).toMatch(/^\d{6}$/);
  });

  it('renders the defective records broken as their defect says', () => {
    const bad = dataset.bad.filter((b) => b.province === 'ZJ');
    expect(new Set(bad.map((b) => b.defect)).size).toBe(4);
    for (const b of bad) {
      const r = byId(b.collection, b.record.sourceId);
      switch (b.defect) {
        case 'INVALID_CREDIT_CODE': {
          const codes = [r.xydm, r.cyrxydm, (r.qyd as Json | undefined)?.xydm].filter((c): c is string => typeof c === 'string');
          expect(codes.some((c) => !isValidCreditCode(c))).toBe(true);
          break;
        }
        case 'UNKNOWN_CODE':
          expect(r.yjlx === 'QT' || r.jb === 'CJ' || r.zt === 'LOST' || r.wxydj === 9).toBe(true);
          break;
        case 'MISSING_FIELD': {
          const field = { warnings: 'bt', enterprises: 'qymc', waybills: 'cph', bases: 'jdmc' }[b.collection];
          expect(r[field] === undefined || r[field] === '').toBe(true);
          break;
        }
        case 'UNPARSEABLE_TIME':
          expect([r.fbsj, r.fcsj, r.gxsj].some((t) => typeof t === 'string')).toBe(true);
          break;
      }
    }
  });
});

describe('vehicle tracks', () => {
  it('GET whp/clgj answers the points ZJ recorded for the plate in [kssj, jssj], in BD-09, ordered by time', async () => {
    const points = zj(dataset.trackPoints);
    const plate = points[0].plate;
    const mine = points.filter((p) => p.plate === plate);
    const from = Date.parse(mine[0].at);
    const to = Date.parse(mine[mine.length - 1].at);
    const a = await call('GET', `/zlj/open/whp/clgj?cph=${encodeURIComponent(plate)}&kssj=${from}&jssj=${to}`, { token: await token() });
    expect(a.status).toBe(200);
    expect(a.json.cph).toBe(plate);
    const gj = a.json.gj as [number, number, number, number | null][];
    expect(gj.map((p) => p[2])).toEqual(mine.map((p) => Date.parse(p.at)));
    gj.forEach((p, i) => {
      expect(metresBetween(bdToWgs(p[0], p[1]), mine[i].location)).toBeLessThan(1);
      expect(p[3]).toBe(mine[i].speedKmh);
    });
    const narrow = await call('GET', `/zlj/open/whp/clgj?cph=${encodeURIComponent(plate)}&kssj=${from + 1}&jssj=${to}`, { token: await token() });
    expect((narrow.json.gj as unknown[]).length).toBe(mine.length - 1);
  });

  it('answers gj [] for a vehicle it never saw, and 400 INVALID without cph or times', async () => {
    const t = await token();
    const none = await call('GET', `/zlj/open/whp/clgj?cph=${encodeURIComponent('鲁A00000')}&kssj=0&jssj=${NOW.getTime()}`, { token: t });
    expect(none.json).toEqual({ cph: '鲁A00000', gj: [] });
    for (const q of ['kssj=0&jssj=1', `cph=${encodeURIComponent('浙B12345')}&kssj=x&jssj=1`, `cph=${encodeURIComponent('浙B12345')}&kssj=5&jssj=1`]) {
      const a = await call('GET', `/zlj/open/whp/clgj?${q}`, { token: t });
      expect([a.status, a.json.code]).toEqual([400, 'INVALID']);
    }
  });
});

describe('mutual-aid requests (POST jy/zyqq)', () => {
  const base = () => zj(dataset.bases).find((b) => b.teams.length > 0 && b.materials.length > 0) as CanonicalDataset['bases'][number];
  const incident = { lng: 121.5, lat: 29.9 };
  const request = (qqid: string, patch: Json = {}): string => {
    const b = base();
    const [bdLng, bdLat] = wgsToBd(incident);
    return JSON.stringify({
      qqid,
      jdid: b.sourceId,
      qqsf: 'SH',
      sj: { bt: '化工园区储罐泄漏', bdLng, bdLat, fssj: NOW.getTime() },
      dw: [b.teams[0].sourceId],
      wz: [{ bm: b.materials[0].code, sl: Math.min(1, b.materials[0].quantity) }],
      lxr: '张三 13800000000',
      ...patch,
    });
  };
  const submit = async (body: string, t?: string) => call('POST', '/zlj/open/jy/zyqq', { token: t ?? (await token()), type: 'application/json', body });
  const held = async (): Promise<Json[]> => (await call('GET', '/__sim/mutual-aid')).json.data as Json[];

  it('creates a SUBMITTED request, readable by id, held with its qqid and the incident in WGS-84', async () => {
    const a = await submit(request('req-create-1'));
    expect(a.status).toBe(200);
    expect(a.json).toEqual({ zyqqid: expect.stringMatching(/^ZJZYQQ-\d{8}-\d{3}$/), zt: 'SUBMITTED' });
    const status = await call('GET', `/zlj/open/jy/zyqq/${a.json.zyqqid as string}`, { token: await token() });
    expect(status.json).toEqual({ zyqqid: a.json.zyqqid, zt: 'SUBMITTED', gxsj: expect.any(Number) });
    const mine = (await held()).find((r) => r.zyqqid === a.json.zyqqid) as Json;
    expect(mine).toMatchObject({ qqid: 'req-create-1', jdid: base().sourceId, qqsf: 'SH', zt: 'SUBMITTED' });
    expect(metresBetween((mine.sj as { wgs84: GeoPoint }).wgs84, incident)).toBeLessThan(1);
  });

  it('answers a qqid seen in the last 24 h with the same answer and creates nothing', async () => {
    const first = await submit(request('req-idem-1'));
    const count = (await held()).length;
    const again = await submit(request('req-idem-1', { sj: { bt: 'different', bdLng: 1, bdLat: 1, fssj: 1 } }));
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect((await held()).length).toBe(count);
  });

  it('creates a new request for a qqid last seen more than 24 h ago', async () => {
    const first = await submit(request('req-idem-old'));
    clock.advance(24 * 3600_000 + 1000);
    const later = await submit(request('req-idem-old'));
    expect(later.status).toBe(200);
    expect(later.json.zyqqid).not.toBe(first.json.zyqqid);
    expect((await held()).filter((r) => r.qqid === 'req-idem-old').length).toBe(2);
  });

  it('refuses an unknown base, team or material, or more than the stock, with 400 INVALID', async () => {
    const b = base();
    const cases: Json[] = [
      { jdid: 'ZJJD-999' },
      { dw: ['ZJDW-9999'] },
      { wz: [{ bm: 'NO-SUCH', sl: 1 }] },
      { wz: [{ bm: b.materials[0].code, sl: b.materials[0].quantity + 1 }] },
      { qqsf: 'XX' },
      { sj: { bt: 'x', bdLng: 'east', bdLat: 30, fssj: 1 } },
    ];
    for (const [i, patch] of cases.entries()) {
      const a = await submit(request(`req-invalid-${i}`, patch));
      expect([i, a.status, a.json.code, typeof a.json.message]).toEqual([i, 400, 'INVALID', 'string']);
    }
    const before = (await held()).length;
    const replay = await submit(request('req-invalid-0'));
    expect([replay.status, replay.json.code]).toEqual([400, 'INVALID']);
    expect((await held()).length).toBe(before);
  });

  it('answers bad JSON and a missing qqid with 400 INVALID, an unknown request with 404 NOT_FOUND', async () => {
    for (const body of ['{oops', '[]', JSON.stringify({ jdid: 'ZJJD-001' })]) {
      const a = await submit(body);
      expect([a.status, a.json.code]).toEqual([400, 'INVALID']);
    }
    const missing = await call('GET', '/zlj/open/jy/zyqq/ZJZYQQ-20000101-001', { token: await token() });
    expect([missing.status, missing.json.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('holds the requests of earlier exercises with their qqid', async () => {
    const seeded = zj(dataset.mutualAidRequests);
    const all = await held();
    for (const r of seeded) expect(all).toContainEqual(expect.objectContaining({ zyqqid: r.sourceId, qqid: r.clientRequestId, zt: r.status }));
  });
});

describe('errors in its own format, faults, call counters', () => {
  afterEach(async () => {
    await call('POST', '/__sim/faults/reset');
  });

  it('answers an unknown path or method with 404 {"code": "NOT_FOUND"}', async () => {
    for (const [method, path] of [['GET', '/zlj/open/nothing'], ['DELETE', LISTS.warnings], ['GET', '/']]) {
      const a = await call(method, path);
      expect([method, path, a.status, a.json.code]).toEqual([method, path, 404, 'NOT_FOUND']);
    }
  });

  it('injects its own 5xx, malformed bodies and a dead connection on request', async () => {
    const t = await token();
    await call('POST', '/__sim/faults', { type: 'application/json', body: JSON.stringify({ errorRate: 1 }) });
    const broken = await call('GET', `${LISTS.warnings}?limit=1`, { token: t });
    expect([broken.status, broken.json.code]).toEqual([500, 'SYSTEM_ERROR']);

    await call('POST', '/__sim/faults', { type: 'application/json', body: JSON.stringify({ errorRate: 0, malformedRate: 1 }) });
    const garbled = await call('GET', `${LISTS.warnings}?limit=1`, { token: t });
    expect(() => JSON.parse(garbled.text)).toThrow();

    await call('POST', '/__sim/faults', { type: 'application/json', body: JSON.stringify({ malformedRate: 0, down: true }) });
    await expect(fetch(`${url}${LISTS.warnings}?limit=1`)).rejects.toThrow();
  });

  it('counts calls per endpoint', async () => {
    await call('POST', '/__sim/calls/reset');
    const { pages } = await pullAll('waybills', '', 50);
    const counts = (await call('GET', '/__sim/calls')).json.calls as Record<string, number>;
    expect(counts).toEqual({ 'GET /zlj/open/whp/yd/list': pages, 'POST /zlj/open/oauth/token': 1 });
    expect(pages).toBe(Math.ceil(heldIds('waybills').length / 50));
  });
});

describe('nightly maintenance window (02:00–02:30 Beijing time)', () => {
  const beijing = (hhmm: string): Date => new Date(`2026-07-13T${hhmm}:00+08:00`);

  async function startAt(at: Date, maintenanceWindow?: boolean): Promise<{ server: SimServer; base: string; simClock: SimClock }> {
    const simClock = new SimClock(at);
    const server = createZhejiangSimulator({ dataset, clock: simClock, credentials: CREDENTIALS, maintenanceWindow });
    return { server, base: await server.listen(0), simClock };
  }

  it('answers 503 to every call inside the window, with Retry-After until 02:30, and serves again after it', async () => {
    const { server, base, simClock } = await startAt(beijing('02:10'));
    try {
      const tokenCall = await fetch(`${base}/zlj/open/oauth/token`, { method: 'POST', body: form({ grant_type: 'client_credentials', client_id: 'demo-zj-client', client_secret: 'demo-zj-secret' }) });
      expect(tokenCall.status).toBe(503);
      expect(Number(tokenCall.headers.get('retry-after'))).toBeGreaterThan(19 * 60);
      expect(((await tokenCall.json()) as Json).code).toBe('MAINTENANCE');
      const list = await fetch(`${base}${LISTS.warnings}?limit=1`);
      expect(list.status).toBe(503);
      simClock.advance(21 * 60_000);
      const after = await fetch(`${base}/zlj/open/oauth/token`, { method: 'POST', body: form({ grant_type: 'client_credentials', client_id: 'demo-zj-client', client_secret: 'demo-zj-secret' }) });
      expect(after.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('is off when maintenanceWindow is false', async () => {
    const { server, base } = await startAt(beijing('02:10'), false);
    try {
      const a = await fetch(`${base}/zlj/open/oauth/token`, { method: 'POST', body: form({ grant_type: 'client_credentials', client_id: 'demo-zj-client', client_secret: 'demo-zj-secret' }) });
      expect(a.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
