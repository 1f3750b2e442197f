import gcoord from 'gcoord';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { adapterFor as configuredAdapter } from '../../adapters';
import { ZhejiangAdapter } from '../../adapters/zhejiang';
import { loadLegacySystems } from '../../schema/config/legacy-config';
import { mapBase, mapEnterprise, mapTrackPoint, mapWarning, mapWaybill, zjLocation } from '../../adapters/zhejiang/map';
import { Clock } from '../../adapters/kit/clock';
import { LegacyDataInvalidError, LegacyRejectedError, ProvinceUnavailableError } from '../../adapters/kit/errors';
import type { CallInfo } from '../../adapters/kit/http';
import type { Collection, CollectionRecord, Mapped } from '../../adapters/kit/province-adapter';
import { parseKilograms, parseTonnes } from '../../adapters/kit/units';
import type { GeoPoint, MutualAidRequestInput, ProvinceCode, TrackPointRecord } from '../../schema/model';
import { SimClock } from '../../simulators/common/clock';
import type { SimServer } from '../../simulators/common/sim-server';
import { loadDataset } from '../../simulators/dataset';
import type { CanonicalDataset } from '../../simulators/dataset/types';
import { createZhejiangSimulator } from '../../simulators/zhejiang';

/** The Zhejiang adapter against the simulated 浙里急 on an ephemeral port, checked against the canonical data set. */

const NOW = new Date('2026-07-12T04:00:00Z');
const CREDENTIALS = { clientId: 'demo-zj-client', clientSecret: 'demo-zj-secret' };
const COLLECTIONS: readonly Collection[] = ['warnings', 'enterprises', 'waybills', 'bases'];

let dataset: CanonicalDataset;
let simClock: SimClock;
let sim: SimServer;
let url: string;
let adapter: ZhejiangAdapter;
const extraAdapters: ZhejiangAdapter[] = [];

function adapterFor(baseUrl: string, options: { credentials?: typeof CREDENTIALS; onCall?: (info: CallInfo) => void } = {}): ZhejiangAdapter {
  const a = new ZhejiangAdapter({
    baseUrl,
    credentials: options.credentials ?? CREDENTIALS,
    clock: Clock.startingAt(NOW),
    http: { backoff: { initialMs: 5, maxMs: 20 }, onCall: options.onCall },
  });
  extraAdapters.push(a);
  return a;
}

const zj = <T extends { province: ProvinceCode }>(xs: readonly T[]): T[] => xs.filter((x) => x.province === 'ZJ');
const goodOf = <C extends Collection>(c: C): CollectionRecord[C][] => zj(dataset[c] as CollectionRecord[C][]);
const badOf = (c: Collection) => dataset.bad.filter((b) => b.province === 'ZJ' && b.collection === c);
const calls = (): Record<string, number> => sim.calls.snapshot();

function metresBetween(a: GeoPoint, b: GeoPoint): number {
  const dy = (a.lat - b.lat) * 110_540;
  const dx = (a.lng - b.lng) * 111_320 * Math.cos((a.lat * Math.PI) / 180);
  return Math.hypot(dx, dy);
}

function expectLocation(actual: GeoPoint | null, expected: GeoPoint | null): void {
  if (expected === null) return expect(actual).toBeNull();
  expect(actual).not.toBeNull();
  expect(metresBetween(actual as GeoPoint, expected)).toBeLessThan(1);
}

/** Field by field: positions within 1 m, quantities with toBeCloseTo, everything else equal. */
function expectSameRecord<C extends Collection>(c: C, actual: CollectionRecord[C], expected: CollectionRecord[C]): void {
  const plain = (r: CollectionRecord[Collection]): unknown => {
    switch (c) {
      case 'enterprises': {
        const e = r as CollectionRecord['enterprises'];
        return { ...e, location: null, chemicals: e.chemicals.map((x) => ({ ...x, tonnes: 0 })) };
      }
      case 'waybills': {
        const w = r as CollectionRecord['waybills'];
        return { ...w, goods: w.goods.map((g) => ({ ...g, kilograms: 0 })) };
      }
      case 'bases': {
        const b = r as CollectionRecord['bases'];
        return { ...b, location: null, materials: b.materials.map((m) => ({ ...m, quantity: 0 })) };
      }
      default:
        return r;
    }
  };
  expect(plain(actual)).toEqual(plain(expected));
  if (c === 'enterprises') {
    const [a, e] = [actual, expected] as CollectionRecord['enterprises'][];
    expectLocation(a.location, e.location);
    a.chemicals.forEach((x, i) => expect(x.tonnes).toBeCloseTo(e.chemicals[i].tonnes, 6));
  }
  if (c === 'waybills') {
    const [a, e] = [actual, expected] as CollectionRecord['waybills'][];
    a.goods.forEach((g, i) => expect(g.kilograms).toBeCloseTo(e.goods[i].kilograms, 6));
  }
  if (c === 'bases') {
    const [a, e] = [actual, expected] as CollectionRecord['bases'][];
    expectLocation(a.location, e.location);
    a.materials.forEach((m, i) => expect(m.quantity).toBeCloseTo(e.materials[i].quantity, 6));
  }
}

function expectMatchesDataset<C extends Collection>(c: C, mapped: Mapped<CollectionRecord[C]>, expected: CollectionRecord[C][], expectedBad: string[]): void {
  const byId = new Map(mapped.records.map((r) => [r.sourceId, r]));
  expect(mapped.records.length).toBe(expected.length);
  expect(byId.size).toBe(expected.length);
  for (const e of expected) {
    const a = byId.get(e.sourceId);
    expect(a).toBeDefined();
    expectSameRecord(c, a as CollectionRecord[C], e);
  }
  expect(mapped.invalid.map((i) => i.sourceId).sort()).toEqual([...expectedBad].sort());
  // An enterprise that cannot be mapped still says its credit code, so that a read by credit code can name it.
  const creditCode = c === 'enterprises' ? { creditCode: expect.stringMatching(/^[0-9A-Z]{18}$/) } : {};
  for (const issue of mapped.invalid) expect(issue).toEqual({ code: 'LEGACY_DATA_INVALID', province: 'ZJ', sourceId: expect.any(String), reason: expect.any(String), ...creditCode });
}

beforeAll(async () => {
  dataset = loadDataset({ seed: 'test', now: NOW, scale: 1 });
  simClock = new SimClock(NOW);
  sim = createZhejiangSimulator({ dataset, clock: simClock, credentials: CREDENTIALS });
  url = await sim.listen(0);
  adapter = adapterFor(url);
});

afterAll(async () => {
  for (const a of extraAdapters) a.close();
  await sim.close();
});

beforeEach(() => sim.calls.reset());

describe('pull', () => {
  it.each(COLLECTIONS)('pull(%s, null) returns every good record of ZJ equal to the data set, and every defective one as LEGACY_DATA_INVALID', async (c) => {
    const mapped = await adapter.pull(c, null);
    expectMatchesDataset(c, mapped, goodOf(c), badOf(c).map((b) => b.record.sourceId));
  });

  it('reports each defective record with its own reason', async () => {
    const reasons = new Map<string, string>();
    for (const c of COLLECTIONS) for (const i of (await adapter.pull(c, null)).invalid) reasons.set(i.sourceId, i.reason);
    for (const b of zj(dataset.bad)) {
      const reason = reasons.get(b.record.sourceId) ?? '';
      const expected = { INVALID_CREDIT_CODE: /credit code/, UNKNOWN_CODE: /unknown/, MISSING_FIELD: /missing|empty/, UNPARSEABLE_TIME: /unparseable/ }[b.defect];
      expect([b.defect, reason]).toEqual([b.defect, expect.stringMatching(expected)]);
    }
  });

  it('pulls with the largest page the system allows (limit=100), so 123 waybills take two calls', async () => {
    await adapter.pull('waybills', null);
    const held = goodOf('waybills').length + badOf('waybills').length;
    expect(calls()['GET /zlj/open/whp/yd/list']).toBe(Math.ceil(held / 100));
  });

  it('pull(since) returns exactly the records updated at or after since', async () => {
    const all = goodOf('enterprises');
    const since = new Date(all[Math.floor(all.length * 0.7)].updatedAt);
    const mapped = await adapter.pull('enterprises', since);
    const expected = all.filter((e) => Date.parse(e.updatedAt) >= since.getTime());
    const expectedBad = badOf('enterprises').filter((b) => Date.parse(b.record.updatedAt) >= since.getTime()).map((b) => b.record.sourceId);
    expectMatchesDataset('enterprises', mapped, expected, expectedBad);
    expect(expected.length).toBeLessThan(all.length);
  });
});

describe('get (batch reads)', () => {
  it('reads 150 waybills in two batch calls of at most 100, leaving unknown ids out', async () => {
    const good = goodOf('waybills').slice(0, 145);
    const bad = badOf('waybills').map((b) => b.record.sourceId);
    const ids = [...good.map((w) => w.sourceId), ...bad, 'YD330000209901010001', 'YD330000209901010002'];
    expect(ids.length).toBeGreaterThan(100);
    expect(ids.length).toBeLessThanOrEqual(200);
    const mapped = await adapter.get('waybills', ids);
    expectMatchesDataset('waybills', mapped, good, bad);
    expect(calls()).toEqual({ 'POST /zlj/open/whp/yd/list/batch': 2 });
  });

  it('reads up to 100 ids in one call, duplicates asked once', async () => {
    const bases = goodOf('bases');
    const mapped = await adapter.get('bases', [...bases.map((b) => b.sourceId), bases[0].sourceId]);
    expectMatchesDataset('bases', mapped, bases, []);
    expect(calls()).toEqual({ 'POST /zlj/open/jy/jd/list/batch': 1 });
  });

  it('makes no call for no ids', async () => {
    expect(await adapter.get('warnings', [])).toEqual({ records: [], invalid: [] });
    expect(calls()).toEqual({});
  });
});

describe('track', () => {
  it('returns the data set points that ZJ recorded for a plate, in WGS-84 within 1 m, ordered by time', async () => {
    const points = zj(dataset.trackPoints);
    const counts = new Map<string, number>();
    for (const p of points) counts.set(p.plate, (counts.get(p.plate) ?? 0) + 1);
    const plate = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    const mine = points.filter((p) => p.plate === plate);
    const mapped = await adapter.track(plate, new Date(Date.parse(mine[0].at) - 3600_000), NOW);
    expect(mapped.invalid).toEqual([]);
    expect(mapped.records.map((p) => p.at)).toEqual(mine.map((p) => p.at));
    mapped.records.forEach((p: TrackPointRecord, i) => {
      expect({ ...p, location: null }).toEqual({ ...mine[i], location: null });
      expectLocation(p.location, mine[i].location);
    });
    expect(calls()).toEqual({ 'GET /zlj/open/whp/clgj': 1 });
  });

  it('returns no points for a vehicle the system never saw', async () => {
    expect(await adapter.track('鲁A00000', new Date(0), NOW)).toEqual({ records: [], invalid: [] });
  });

  it('keeps to the window it asked for: points the system sends outside [from, to] are left out, the rest ordered by time', async () => {
    const from = NOW.getTime() - 3600_000;
    const to = NOW.getTime();
    const at = [to + 1000, from + 60_000, from, to, from - 1000];
    const stub = http.createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url?.startsWith('/zlj/open/oauth/token')) return res.end(JSON.stringify({ access_token: 'stub', token_type: 'Bearer', expires_in: 600 }));
      res.end(JSON.stringify({ cph: '浙B12345', gj: at.map((ms) => [120.75, 30.77, ms, 50]) }));
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    try {
      const track = await adapterFor(`http://127.0.0.1:${(stub.address() as AddressInfo).port}`).track('浙B12345', new Date(from), new Date(to));
      expect(track.invalid).toEqual([]);
      expect(track.records.map((p) => Date.parse(p.at))).toEqual([from, from + 60_000, to]);
    } finally {
      await new Promise((resolve) => stub.close(resolve));
    }
  });
});

describe('mutual aid', () => {
  const base = () => goodOf('bases').find((b) => b.teams.length > 0 && b.materials.length > 0) as CollectionRecord['bases'];
  const input = (clientRequestId: string, patch: Partial<MutualAidRequestInput> = {}): MutualAidRequestInput => ({
    clientRequestId,
    baseId: base().id,
    fromProvince: 'SH',
    incident: { title: '金山化工区储罐泄漏', location: { lng: 121.33, lat: 30.71 }, occurredAt: '2026-07-12T11:40:00+08:00' },
    teamIds: [base().teams[0].id],
    materials: [{ code: base().materials[0].code, quantity: Math.min(1, base().materials[0].quantity) }],
    contact: '李四 13900000000',
    ...patch,
  });
  const held = async (): Promise<{ zyqqid: string; qqid: string; sj: { wgs84: GeoPoint } | null; dw: string[] }[]> =>
    ((await (await fetch(`${url}/__sim/mutual-aid`)).json()) as { data: { zyqqid: string; qqid: string; sj: { wgs84: GeoPoint } | null; dw: string[] }[] }).data;

  it('submits a request (incident converted to BD-09 and back within 1 m) and reads its status', async () => {
    const record = await adapter.submitMutualAid(input('adapter-submit-1'));
    expect(record).toEqual({
      id: `ZJ:MutualAidRequest:${record.sourceId}`,
      province: 'ZJ',
      sourceId: expect.stringMatching(/^ZJZYQQ-/),
      clientRequestId: 'adapter-submit-1',
      baseId: base().id,
      fromProvince: 'SH',
      status: 'SUBMITTED',
      updatedAt: expect.stringMatching(/\+08:00$/),
    });
    const stored = (await held()).find((r) => r.zyqqid === record.sourceId);
    expect(stored).toMatchObject({ qqid: 'adapter-submit-1', dw: [base().teams[0].sourceId] });
    expect(metresBetween((stored?.sj as { wgs84: GeoPoint }).wgs84, { lng: 121.33, lat: 30.71 })).toBeLessThan(1);
    expect(await adapter.getMutualAid(record.sourceId)).toEqual({ id: record.id, province: 'ZJ', sourceId: record.sourceId, status: 'SUBMITTED', updatedAt: record.updatedAt });
  });

  it('sends the write once (never retried) and gets the same request back for the same clientRequestId', async () => {
    const first = await adapter.submitMutualAid(input('adapter-idem-1'));
    const count = (await held()).length;
    sim.calls.reset();
    const again = await adapter.submitMutualAid(input('adapter-idem-1'));
    expect(again.sourceId).toBe(first.sourceId);
    expect((await held()).length).toBe(count);
    expect(calls()['POST /zlj/open/jy/zyqq']).toBe(1);
  });

  it('a write refused for bad input is a LegacyRejectedError', async () => {
    const tooMuch = input('adapter-reject-1', { materials: [{ code: base().materials[0].code, quantity: base().materials[0].quantity + 1 }] });
    await expect(adapter.submitMutualAid(tooMuch)).rejects.toBeInstanceOf(LegacyRejectedError);
    await expect(adapter.submitMutualAid(input('adapter-reject-2', { baseId: 'ZJ:RescueBase:ZJJD-999' }))).rejects.toMatchObject({ code: 'LEGACY_REJECTED', legacyCode: 'INVALID' });
    await expect(adapter.submitMutualAid(input('adapter-reject-3', { baseId: 'SH:RescueBase:SHB-0001' }))).rejects.toBeInstanceOf(LegacyRejectedError);
  });

  it('a write that meets a 5xx is not retried', async () => {
    const faulty = adapterFor(url);
    await faulty.getMutualAid('ZJZYQQ-20000101-001');
    await fetch(`${url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ errorRate: 1, paths: ['/zlj/open/jy/zyqq'] }) });
    try {
      sim.calls.reset();
      await expect(faulty.submitMutualAid(input('adapter-5xx-1'))).rejects.toBeInstanceOf(ProvinceUnavailableError);
      expect(calls()['POST /zlj/open/jy/zyqq']).toBe(1);
    } finally {
      await fetch(`${url}/__sim/faults/reset`, { method: 'POST' });
    }
  });

  it('reads the status of an earlier request, and null for an unknown one', async () => {
    const seeded = zj(dataset.mutualAidRequests)[0];
    expect(await adapter.getMutualAid(seeded.sourceId)).toEqual({ id: seeded.id, province: 'ZJ', sourceId: seeded.sourceId, status: seeded.status, updatedAt: seeded.updatedAt });
    expect(await adapter.getMutualAid('ZJZYQQ-20000101-001')).toBeNull();
  });
});

describe('authentication for the life of the process', () => {
  it('fetches the token lazily, once for concurrent calls', async () => {
    const fresh = adapterFor(url);
    expect(calls()).toEqual({});
    await Promise.all([fresh.get('bases', ['ZJJD-001']), fresh.get('warnings', ['x']), fresh.track('浙B12345', new Date(0), NOW)]);
    expect(calls()['POST /zlj/open/oauth/token']).toBe(1);
  });

  it('renews an expired token transparently with exactly one extra token call', async () => {
    const fresh = adapterFor(url);
    await fresh.pull('bases', null);
    simClock.advance(601_000);
    sim.calls.reset();
    const mapped = await fresh.pull('bases', null);
    expect(mapped.records.length).toBe(goodOf('bases').length);
    expect(calls()['POST /zlj/open/oauth/token']).toBe(1);
  });

  it('renews the token before it expires by its own clock', async () => {
    /** The adapter's clock, moved by the test while the system's stays put. */
    class MovableClock extends Clock {
      shiftMs = 0;
      override now(): Date {
        return new Date(super.now().getTime() + this.shiftMs);
      }
    }
    const clock = new MovableClock(NOW.getTime() - Date.now());
    const fresh = new ZhejiangAdapter({ baseUrl: url, credentials: CREDENTIALS, clock });
    extraAdapters.push(fresh);
    await fresh.get('bases', ['ZJJD-001']);
    clock.shiftMs = 590_000;
    sim.calls.reset();
    await fresh.get('bases', ['ZJJD-001']);
    expect(calls()).toEqual({ 'POST /zlj/open/oauth/token': 1, 'POST /zlj/open/jy/jd/list/batch': 1 });
  });

  it('fails clearly with wrong client credentials (CLIENT_INVALID → ProvinceUnavailableError)', async () => {
    const wrong = adapterFor(url, { credentials: { clientId: 'demo-zj-client', clientSecret: 'nope' } });
    const err = await wrong.pull('warnings', null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProvinceUnavailableError);
    expect((err as ProvinceUnavailableError).message).toMatch(/CLIENT_INVALID/);
    expect((err as ProvinceUnavailableError).province).toBe('ZJ');
  });
});

describe('a cursor that expires mid-pull', () => {
  it('restarts from the last gxsj seen and still yields every record once', async () => {
    let advanced = false;
    const statuses: CallInfo['status'][] = [];
    const hooked = adapterFor(url, {
      onCall: (info) => {
        if (info.endpoint === 'GET /zlj/open/whp/yd/list') statuses.push(info.status);
        if (!advanced && info.endpoint === 'GET /zlj/open/whp/yd/list' && info.status === 200) {
          advanced = true;
          simClock.advance(11 * 60_000);
        }
      },
    });
    const mapped = await hooked.pull('waybills', null);
    expect(advanced).toBe(true);
    expectMatchesDataset('waybills', mapped, goodOf('waybills'), badOf('waybills').map((b) => b.record.sourceId));
    // first page; second page refused for the token (401), then for the cursor (400 CURSOR_EXPIRED); then the restart
    expect(statuses.slice(0, 4)).toEqual([200, 401, 400, 200]);
  });
});

describe('the system unavailable', () => {
  afterEach(async () => {
    await fetch(`${url}/__sim/faults/reset`, { method: 'POST' });
  });

  it.each([
    ['its 5xx', { errorRate: 1 }],
    ['a malformed body', { malformedRate: 1 }],
    ['a dropped connection', { down: true }],
  ])('turns %s into ProvinceUnavailableError', async (_what, faults) => {
    const a = adapterFor(url);
    await a.get('bases', ['ZJJD-001']);
    await fetch(`${url}/__sim/faults`, { method: 'POST', body: JSON.stringify(faults) });
    await expect(a.pull('warnings', null)).rejects.toBeInstanceOf(ProvinceUnavailableError);
  });

  it('answers the maintenance window (02:00–02:30 Beijing time) with ProvinceUnavailableError, without waiting it out', async () => {
    const night = new SimClock(new Date('2026-07-13T02:05:00+08:00'));
    const server = createZhejiangSimulator({ dataset, clock: night, credentials: CREDENTIALS });
    const base = await server.listen(0);
    try {
      const started = Date.now();
      await expect(adapterFor(base).pull('warnings', null)).rejects.toBeInstanceOf(ProvinceUnavailableError);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await server.close();
    }
  });

  it('is unreachable when nothing listens: ProvinceUnavailableError', async () => {
    const server = createZhejiangSimulator({ dataset, clock: new SimClock(NOW), credentials: CREDENTIALS });
    const gone = await server.listen(0);
    await server.close();
    await expect(adapterFor(gone).get('bases', ['ZJJD-001'])).rejects.toBeInstanceOf(ProvinceUnavailableError);
  });
});

describe('the configured Zhejiang adapter', () => {
  it('reads LEGACY_ZJ_URL and the client credentials', async () => {
    const a = configuredAdapter('ZJ', loadLegacySystems({ LEGACY_ZJ_URL: url, LEGACY_ZJ_CLIENT_ID: 'demo-zj-client', LEGACY_ZJ_CLIENT_SECRET: 'demo-zj-secret' }), Clock.startingAt(NOW)) as ZhejiangAdapter;
    extraAdapters.push(a);
    expect([a.province, a.system]).toEqual(['ZJ', 'ZJ zlj open']);
    const id = goodOf('bases')[0].sourceId;
    expect((await a.get('bases', [id])).records.map((b) => b.sourceId)).toEqual([id]);
  });
});

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
      chemicals: [{ unNumber: '1114', name: '苯', hazardClass: 'CLASS_3', tonnes: 800 }], contactPhone: '0574-…', updatedAt: '2026-07-12T08:31:02+08:00',
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
